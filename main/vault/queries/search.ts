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

/** What a result row shows of a document, in the search and in the list alike. */
interface DocumentSummaryRow {
  id: string;
  fileName: string;
  docType: DocType;
  supplierName: string | null;
  invoiceNumber: string | null;
  issueDate: string | null;
  totalGross: string | null;
  currency: string | null;
  warnings: number;
}

export interface SearchRow extends DocumentSummaryRow {
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

// ---- The archive list of the app: sort keys, keyset pages ----------------------------------------------

export type SortKey = "date" | "amount" | "supplier" | "imported";
export type SortDir = "asc" | "desc";

/**
 * The sort expressions: fixed text chosen by key, never built from input, each matching an index of
 * migration 0007 (so the first page reads 51 index entries, not the archive). Since migration 0008 those
 * indexes also hold the columns the filters read (amount, issue date, type, supplier id, seller name):
 * SQLite checks them in the index entry and reads a document's row only when it passes them, so a walk
 * over thousands of entries costs little. Each expression is total (no NULL), so
 * the keyset comparison `(key, id) > (@afterKey, @afterId)` is exact; ties are broken by id. The supplier
 * order is the seller's name as printed on the document (an index cannot span the suppliers table).
 */
const SORT_EXPRESSIONS: Record<SortKey, string> = {
  date: "coalesce(d.issue_date, substr(d.imported_at, 1, 10))",
  amount: "coalesce(d.total_gross_cents, -1000000000000000000)",
  supplier: "lower(coalesce(d.seller_name, ''))",
  imported: "d.imported_at",
};

/**
 * The filters: each a fixed SQL condition with bound parameters, included only when the filter is used,
 * so SQLite can pick an index for the ones that are (an `@x IS NULL OR ...` form would defeat it).
 */
const FTS_SET = "(SELECT m.document_id FROM search_map m WHERE m.fts_rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH @fts))";
/**
 * The same matches as the index's own integer row ids, gathered once per statement (an ephemeral set
 * filled straight from the doclists), and each walked document's row ids looked up in search_map by
 * document (migration 0008). The `+` keeps SQLite from driving search_map from the set.
 */
const FTS_PROBE = "EXISTS (SELECT 1 FROM search_map m WHERE m.document_id = d.id AND +m.fts_rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH @fts))";
const SECRET_SET = "(SELECT document_id FROM document_secrets WHERE type = @secretType AND blind_index = @secretIndex)";

/**
 * Each filter that an index can serve has two forms: the plain one (SQLite may start from it) and a
 * `+` one (the unary plus keeps SQLite from using an index for it, so it is checked row by row while the
 * sort index is walked). `planList` picks, from cheap counts, which filter (if any) the query starts from.
 */
const FILTERS = {
  ownerId: "d.owner_id = @ownerId",
  fts: `d.id IN ${FTS_SET}`,
  // The matches, gathered once as full-text row ids, probed while the sort index is walked (SQLite checks
  // it after the filters an index entry answers, being a correlated subquery). Measured at 100k documents,
  // a common word (28k matches): ~6 ms, against ~25 ms when every match was first mapped to its text
  // document id, and 0.7 ms per document for a MATCH with the row id given (FTS5 sets the whole query up
  // again each time).
  ftsProbe: FTS_PROBE,
  supplier:
    "(d.supplier_id IN (SELECT id FROM suppliers WHERE name LIKE '%' || @supplier || '%' ESCAPE '\\') OR d.seller_name LIKE '%' || @supplier || '%' ESCAPE '\\')",
  from: "d.issue_date >= @from",
  fromProbe: "+d.issue_date >= @from",
  to: "d.issue_date <= @to",
  toProbe: "+d.issue_date <= @to",
  minCents: "d.total_gross_cents >= @minCents",
  minCentsProbe: "+d.total_gross_cents >= @minCents",
  maxCents: "d.total_gross_cents <= @maxCents",
  maxCentsProbe: "+d.total_gross_cents <= @maxCents",
  docType: "d.doc_type = @docType",
  secret: `d.id IN ${SECRET_SET}`,
  hasWarnings: "(json_array_length(d.warnings) > 0) = @hasWarnings",
} as const;
type FilterName = keyof typeof FILTERS;

export interface ListFilter extends Omit<SearchFilter, "after" | "limit"> {
  sort: { by: SortKey; dir: SortDir };
  /** Keyset cursor: the sort key and id of the last row of the previous page. */
  after?: { key: string | number; id: string };
  limit: number;
  /** Forces how a full-text filter is evaluated (tests): start from the matches, or walk the sort index. */
  ftsPlan?: "drive" | "probe";
  /** Forces the plan (tests): every plan whose filter is present must give the same pages. */
  plan?: ListPlan;
}

export interface ListRow extends DocumentSummaryRow {
  duplicateOf: string | null;
  importedAt: string;
  sortKey: string | number;
}

const statements = new WeakMap<VaultDb, Map<string, ReturnType<VaultDb["prepare"]>>>();

function listStatement(db: VaultDb, by: SortKey, dir: SortDir, used: readonly FilterName[], keyset: boolean): ReturnType<VaultDb["prepare"]> {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  const name = `${by}:${dir}:${keyset ? "after" : "first"}:${used.join(",")}`;
  const cached = cache.get(name);
  if (cached) return cached;
  const key = SORT_EXPRESSIONS[by];
  const order = dir === "asc" ? "ASC" : "DESC";
  const conditions: string[] = used.map((filter) => FILTERS[filter]);
  if (keyset) conditions.push(`(${key}, d.id) ${dir === "asc" ? ">" : "<"} (@afterKey, @afterId)`);
  const statement = db.prepare(
    `SELECT d.id, d.file_name AS fileName, d.doc_type AS docType, coalesce(s.name, d.seller_name) AS supplierName,
            d.invoice_number AS invoiceNumber, d.issue_date AS issueDate, d.total_gross AS totalGross, d.currency,
            json_array_length(d.warnings) AS warnings, d.duplicate_of AS duplicateOf, d.imported_at AS importedAt,
            ${key} AS sortKey
     FROM documents d LEFT JOIN suppliers s ON s.id = d.supplier_id
     ${conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : ""}
     ORDER BY ${key} ${order}, d.id ${order}
     LIMIT @limit`,
  );
  cache.set(name, statement);
  return statement;
}

/**
 * Brings search_map up to date with the full-text index: rows added since the last call are mapped (a
 * range read on the index's row ids). If the newest mapped row was deleted or its id reused (the newest
 * document erased), the map is rebuilt. Rows deleted elsewhere leave harmless entries: a MATCH never
 * returns their row id again.
 */
export function syncSearchMap(db: VaultDb): void {
  const last = db.prepare("SELECT fts_rowid AS rowid, document_id AS documentId FROM search_map ORDER BY fts_rowid DESC LIMIT 1").get() as
    | { rowid: number; documentId: string }
    | undefined;
  if (last) {
    const current = db.prepare("SELECT document_id AS documentId FROM documents_fts WHERE rowid = ?").get(last.rowid) as { documentId: string } | undefined;
    if (current?.documentId !== last.documentId) {
      db.transaction(() => {
        db.prepare("DELETE FROM search_map").run();
        db.prepare("INSERT INTO search_map (fts_rowid, document_id) SELECT rowid, document_id FROM documents_fts").run();
      })();
      return;
    }
  }
  // Read from the index's own content table: a range on its integer key (the virtual table would scan).
  db.prepare("INSERT INTO search_map (fts_rowid, document_id) SELECT id, c0 FROM documents_fts_content WHERE id > ?").run(last?.rowid ?? 0);
}

/** How many documents a full-text query matches (the index's doclists only; no text is read). */
export function countFtsMatches(db: VaultDb, fts: string): number {
  return (db.prepare("SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH ?").get(fts) as { n: number }).n;
}



const tuned = new WeakSet<VaultDb>();

/**
 * A larger page cache for the connection that serves the archive list (32 MB instead of SQLite's 2 MB):
 * with SQLCipher every page read from the file is decrypted and authenticated, so keeping the indexes and
 * the hot part of the tables in memory is what makes search fast on a large vault.
 */
export function prepareForSearch(db: VaultDb): void {
  if (tuned.has(db)) return;
  db.pragma("cache_size = -32768");
  tuned.add(db);
}

/** Rough size of the archive (the largest row id): enough for the planner's fractions. */
function archiveSize(db: VaultDb): number {
  return (db.prepare("SELECT coalesce(max(rowid), 0) AS n FROM documents").get() as { n: number }).n;
}

function countAmountRange(db: VaultDb, min: number | undefined, max: number | undefined): number {
  return (
    db
      .prepare("SELECT count(*) AS n FROM documents WHERE total_gross_cents >= @min AND total_gross_cents <= @max")
      .get({ min: min ?? -9_000_000_000_000_000, max: max ?? 9_000_000_000_000_000 }) as { n: number }
  ).n;
}

function countDateRange(db: VaultDb, from: string | undefined, to: string | undefined): number {
  return (db.prepare("SELECT count(*) AS n FROM documents WHERE issue_date >= @from AND issue_date <= @to").get({ from: from ?? "", to: to ?? "9999-99-99" }) as { n: number }).n;
}

function supplierFraction(db: VaultDb, pattern: string): number {
  const row = db
    .prepare("SELECT count(*) AS total, coalesce(sum(name LIKE '%' || @p || '%' ESCAPE '\\'), 0) AS hits FROM suppliers")
    .get({ p: pattern }) as { total: number; hits: number };
  return row.total === 0 ? 0.5 : Math.max(row.hits, 0.5) / row.total;
}

export type ListPlan = "walk" | "fts" | "amount" | "date";

/**
 * Relative costs of the plans' steps, measured at 100k documents (µs, same machine and run): one entry of
 * a sort index stepped over, the filters checked in the entry itself (migration 0008); one document's
 * row read when a filter needs it (warnings); one full-text check of a document (search_map by document,
 * then the set of matches); one match gathered into that set; one candidate fetched from a driving filter
 * (its row read, filters checked, sorted).
 */
const COST = { step: 0.3, row: 1.3, probe: 1, setEntry: 0.12, fetch: 4 } as const;

/**
 * Which way to run one page of the list: start from the smallest indexed filter (fetch its matches, sort
 * them) or walk the sort index and check every filter row by row until the page is full. Costs are
 * estimated from counts the indexes answer at once (full-text doclists, amount and date ranges) and
 * independent fractions for the rest; SQLite's own planner has no such numbers for these shapes.
 */
function planList(db: VaultDb, filter: ListFilter, fts: string | null, limit: number): ListPlan {
  if (filter.plan) return filter.plan;
  if (filter.ftsPlan) return filter.ftsPlan === "probe" ? "walk" : "fts";
  const candidates: { plan: ListPlan; count: number }[] = [];
  const ftsCount = fts ? countFtsMatches(db, fts) : 0;
  if (fts) candidates.push({ plan: "fts", count: ftsCount });
  if (filter.minCents !== undefined || filter.maxCents !== undefined) candidates.push({ plan: "amount", count: countAmountRange(db, filter.minCents, filter.maxCents) });
  if (filter.from !== undefined || filter.to !== undefined) candidates.push({ plan: "date", count: countDateRange(db, filter.from, filter.to) });
  if (candidates.length === 0) return "walk";
  const total = Math.max(1, archiveSize(db));
  // The fraction of documents passing the filters checked in a sort-index entry, and with full text too.
  let covered = candidates.reduce((product, candidate) => (candidate.plan === "fts" ? product : product * Math.min(1, candidate.count / total)), 1);
  if (filter.supplier) covered *= supplierFraction(db, filter.supplier.replace(/[\\%_]/g, (char) => `\\${char}`));
  if (filter.docType !== undefined) covered *= 0.5;
  if (filter.hasWarnings !== undefined) covered *= 0.5;
  const fraction = covered * (fts ? Math.min(1, ftsCount / total) : 1);
  const walked = Math.min(total, limit / Math.max(fraction, 1 / total));
  const set = fts ? ftsCount * COST.setEntry : 0;
  const step = COST.step + (filter.hasWarnings !== undefined ? COST.row : 0);
  let best: { plan: ListPlan; cost: number } = { plan: "walk", cost: walked * step + (fts ? walked * covered * COST.probe + set : 0) };
  for (const candidate of candidates) {
    // Driving from another filter, the full text is checked on each candidate.
    const cost = candidate.count * COST.fetch + (fts && candidate.plan !== "fts" ? candidate.count * COST.probe + set : 0);
    if (cost < best.cost) best = { plan: candidate.plan, cost };
  }
  return best.plan;
}

/** One page of the archive list, in the requested order, after the cursor. */
export function listDocuments(db: VaultDb, filter: ListFilter): ListRow[] {
  const fts = filter.text ? toFtsQuery(filter.text) : null;
  if (filter.text && !fts) return [];
  if (fts) syncSearchMap(db);
  const limit = Math.max(1, Math.min(filter.limit, 1000));
  // An exact identifier (blind index) matches a handful of documents: always start from it.
  const plan: ListPlan | "secret" = filter.secret ? "secret" : planList(db, filter, fts, limit);
  const values: Record<string, string | number> = { limit };
  const used: FilterName[] = [];
  const use = (name: FilterName, params: Record<string, string | number>) => {
    used.push(name);
    Object.assign(values, params);
  };
  if (filter.ownerId !== undefined) use("ownerId", { ownerId: filter.ownerId });
  if (fts) use(plan === "fts" ? "fts" : "ftsProbe", { fts });
  if (filter.supplier) use("supplier", { supplier: filter.supplier.replace(/[\\%_]/g, (char) => `\\${char}`) });
  if (filter.from !== undefined) use(plan === "date" ? "from" : "fromProbe", { from: filter.from });
  if (filter.to !== undefined) use(plan === "date" ? "to" : "toProbe", { to: filter.to });
  if (filter.minCents !== undefined) use(plan === "amount" ? "minCents" : "minCentsProbe", { minCents: filter.minCents });
  if (filter.maxCents !== undefined) use(plan === "amount" ? "maxCents" : "maxCentsProbe", { maxCents: filter.maxCents });
  if (filter.docType !== undefined) use("docType", { docType: filter.docType });
  if (filter.secret) use("secret", { secretType: filter.secret.type, secretIndex: filter.secret.blindIndex });
  if (filter.hasWarnings !== undefined) use("hasWarnings", { hasWarnings: filter.hasWarnings ? 1 : 0 });
  if (filter.after) Object.assign(values, { afterKey: filter.after.key, afterId: filter.after.id });
  return listStatement(db, filter.sort.by, filter.sort.dir, used, Boolean(filter.after)).all(values) as ListRow[];
}

/** The masked words of the given documents' pages (JSON of Word[]), in page order, for search snippets. */
export function listPageWordsOf(db: VaultDb, ids: readonly string[]): { documentId: string; page: number; words: string }[] {
  if (ids.length === 0) return [];
  return db
    .prepare(
      `SELECT document_id AS documentId, page, words FROM document_pages
       WHERE document_id IN (SELECT value FROM json_each(@ids)) ORDER BY document_id, page`,
    )
    .all({ ids: JSON.stringify(ids) }) as { documentId: string; page: number; words: string }[];
}
