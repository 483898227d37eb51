import type { DocType } from "../../../shared/invoice.js";
import type { VaultDb } from "../database.js";

/**
 * The archive's search: full text (FTS5 over masked text), filters and keyset pagination, newest issue
 * date first. Every value is a bound parameter; the FTS query is built from quoted tokens only.
 */
export interface SearchFilter {
  ownerId?: string;
  text?: string;
  supplier?: string;
  from?: string;
  to?: string;
  minCents?: number;
  maxCents?: number;
  docType?: DocType;
  /** Documents having a sealed value of this type with this blind index. */
  secret?: { type: string; blindIndex: string };
  hasWarnings?: boolean;
  /** Keyset cursor: the (sort date, id) of the last row of the previous page. */
  after?: { date: string; id: string };
  limit: number;
}

export interface SearchRow {
  id: string;
  fileName: string;
  docType: DocType;
  supplierName: string | null;
  invoiceNumber: string | null;
  issueDate: string | null;
  totalGross: string | null;
  currency: string | null;
  warnings: number;
  ownerId: string;
  sortDate: string;
}

/** Turns what a person typed into a safe FTS5 query: every token quoted, all required, last one as a prefix. */
export function toFtsQuery(text: string): string | null {
  const tokens = text.normalize("NFKC").match(/[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu) ?? [];
  if (tokens.length === 0) return null;
  return tokens
    .slice(0, 16)
    .map((token, index, all) => `"${token.replace(/"/g, "")}"${index === all.length - 1 ? "*" : ""}`)
    .join(" AND ");
}

export function searchDocuments(db: VaultDb, filter: SearchFilter): SearchRow[] {
  const fts = filter.text ? toFtsQuery(filter.text) : null;
  if (filter.text && !fts) return [];
  return db
    .prepare(
      `SELECT d.id, d.file_name AS fileName, d.doc_type AS docType, s.name AS supplierName, d.invoice_number AS invoiceNumber,
              d.issue_date AS issueDate, d.total_gross AS totalGross, d.currency, json_array_length(d.warnings) AS warnings,
              d.owner_id AS ownerId, coalesce(d.issue_date, substr(d.imported_at, 1, 10)) AS sortDate
       FROM documents d LEFT JOIN suppliers s ON s.id = d.supplier_id
       WHERE (@ownerId IS NULL OR d.owner_id = @ownerId)
         AND (@fts IS NULL OR d.id IN (SELECT document_id FROM documents_fts WHERE documents_fts MATCH @fts))
         AND (@supplier IS NULL OR s.name LIKE '%' || @supplier || '%' ESCAPE '\\' OR d.seller_name LIKE '%' || @supplier || '%' ESCAPE '\\')
         AND (@from IS NULL OR d.issue_date >= @from)
         AND (@to IS NULL OR d.issue_date <= @to)
         AND (@minCents IS NULL OR d.total_gross_cents >= @minCents)
         AND (@maxCents IS NULL OR d.total_gross_cents <= @maxCents)
         AND (@docType IS NULL OR d.doc_type = @docType)
         AND (@secretType IS NULL OR d.id IN (SELECT document_id FROM document_secrets WHERE type = @secretType AND blind_index = @secretIndex))
         AND (@hasWarnings IS NULL OR (json_array_length(d.warnings) > 0) = @hasWarnings)
         AND (@afterDate IS NULL OR (coalesce(d.issue_date, substr(d.imported_at, 1, 10)), d.id) < (@afterDate, @afterId))
       ORDER BY sortDate DESC, d.id DESC
       LIMIT @limit`,
    )
    .all({
      ownerId: filter.ownerId ?? null,
      fts,
      supplier: filter.supplier ? filter.supplier.replace(/[\\%_]/g, (char) => `\\${char}`) : null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      minCents: filter.minCents ?? null,
      maxCents: filter.maxCents ?? null,
      docType: filter.docType ?? null,
      secretType: filter.secret?.type ?? null,
      secretIndex: filter.secret?.blindIndex ?? null,
      hasWarnings: filter.hasWarnings === undefined ? null : filter.hasWarnings ? 1 : 0,
      afterDate: filter.after?.date ?? null,
      afterId: filter.after?.id ?? null,
      limit: Math.max(1, Math.min(filter.limit, 1000)),
    }) as SearchRow[];
}
