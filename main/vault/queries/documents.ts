import type { DocType, ExtractionSource, FieldWarning } from "../../../shared/invoice.js";
import type { VaultDb } from "../database.js";

export interface DocumentRow {
  id: string;
  ownerId: string;
  fileName: string;
  contentMac: string;
  mediaType: string;
  byteSize: number;
  pageCount: number;
  docType: DocType;
  supplierId: string | null;
  source: ExtractionSource;
  ocrConfidence: number | null;
  invoiceNumber: string | null;
  issueDate: string | null;
  dueDate: string | null;
  currency: string | null;
  totalNet: string | null;
  totalTax: string | null;
  totalGross: string | null;
  sellerName: string | null;
  warnings: FieldWarning[];
  duplicateOf: string | null;
  legalHold: boolean;
  importedAt: string;
}

export interface SecretRow {
  field: string | null;
  type: string;
  page: number | null;
  bbox: [number, number, number, number] | null;
  action: "encrypt" | "redact";
  masked: string;
  sealed: Buffer | null;
  blindIndex: string | null;
}

export interface PageRow {
  page: number;
  width: number;
  height: number;
  source: "text" | "ocr";
  confidence: number | null;
  /** Masked words: sensitive tokens replaced by placeholders. JSON of Word[]. */
  words: string;
}

export interface BlobRow {
  kind: "original" | "page" | "thumbnail";
  page: number;
  blobId: string;
  keyWrap: "vault" | "sensitive";
  wrappedKey: Buffer;
  byteSize: number;
}

export interface DocumentBundle {
  document: DocumentRow;
  secrets: SecretRow[];
  pages: PageRow[];
  blobs: BlobRow[];
  /** Masked full text for the search index. */
  searchText: string;
}

interface Row {
  id: string;
  owner_id: string;
  file_name: string;
  content_mac: string;
  media_type: string;
  byte_size: number;
  page_count: number;
  doc_type: DocType;
  supplier_id: string | null;
  source: ExtractionSource;
  ocr_confidence: number | null;
  invoice_number: string | null;
  issue_date: string | null;
  due_date: string | null;
  currency: string | null;
  total_net: string | null;
  total_tax: string | null;
  total_gross: string | null;
  seller_name: string | null;
  warnings: string;
  duplicate_of: string | null;
  legal_hold: number;
  imported_at: string;
}

const COLUMNS = `id, owner_id, file_name, content_mac, media_type, byte_size, page_count, doc_type, supplier_id, source,
  ocr_confidence, invoice_number, issue_date, due_date, currency, total_net, total_tax, total_gross, seller_name, warnings,
  duplicate_of, legal_hold, imported_at`;

function toDocument(row: Row): DocumentRow {
  return {
    id: row.id,
    ownerId: row.owner_id,
    fileName: row.file_name,
    contentMac: row.content_mac,
    mediaType: row.media_type,
    byteSize: row.byte_size,
    pageCount: row.page_count,
    docType: row.doc_type,
    supplierId: row.supplier_id,
    source: row.source,
    ocrConfidence: row.ocr_confidence,
    invoiceNumber: row.invoice_number,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    currency: row.currency,
    totalNet: row.total_net,
    totalTax: row.total_tax,
    totalGross: row.total_gross,
    sellerName: row.seller_name,
    warnings: JSON.parse(row.warnings) as FieldWarning[],
    duplicateOf: row.duplicate_of,
    legalHold: row.legal_hold === 1,
    importedAt: row.imported_at,
  };
}

function cents(amount: string | null): number | null {
  if (amount === null || !/^-?\d+(\.\d{1,2})?$/.test(amount)) return null;
  return Math.round(Number.parseFloat(amount) * 100);
}

/** Stores a whole document in one transaction: row, sealed values, masked pages, blob keys, index. */
export function insertDocumentBundle(db: VaultDb, bundle: DocumentBundle): void {
  const d = bundle.document;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO documents (${COLUMNS}, total_gross_cents) VALUES (@id, @ownerId, @fileName, @contentMac, @mediaType, @byteSize,
        @pageCount, @docType, @supplierId, @source, @ocrConfidence, @invoiceNumber, @issueDate, @dueDate, @currency, @totalNet,
        @totalTax, @totalGross, @sellerName, @warnings, @duplicateOf, @legalHold, @importedAt, @totalGrossCents)`,
    ).run({ ...d, warnings: JSON.stringify(d.warnings), legalHold: d.legalHold ? 1 : 0, totalGrossCents: cents(d.totalGross) });
    const secret = db.prepare(
      `INSERT INTO document_secrets (document_id, field, type, page, bbox, action, masked, sealed, blind_index)
       VALUES (@documentId, @field, @type, @page, @bbox, @action, @masked, @sealed, @blindIndex)`,
    );
    for (const entry of bundle.secrets) secret.run({ ...entry, documentId: d.id, bbox: entry.bbox ? JSON.stringify(entry.bbox) : null });
    const page = db.prepare(
      `INSERT INTO document_pages (document_id, page, width, height, source, confidence, words)
       VALUES (@documentId, @page, @width, @height, @source, @confidence, @words)`,
    );
    for (const entry of bundle.pages) page.run({ ...entry, documentId: d.id });
    const blob = db.prepare(
      `INSERT INTO document_blobs (document_id, kind, page, blob_id, key_wrap, wrapped_key, byte_size)
       VALUES (@documentId, @kind, @page, @blobId, @keyWrap, @wrappedKey, @byteSize)`,
    );
    for (const entry of bundle.blobs) blob.run({ ...entry, documentId: d.id });
    db.prepare("INSERT INTO documents_fts (document_id, body) VALUES (?, ?)").run(d.id, bundle.searchText);
  })();
}

export function findDocumentById(db: VaultDb, id: string): DocumentRow | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM documents WHERE id = ?`).get(id) as Row | undefined;
  return row && toDocument(row);
}

export function findDocumentByContentMac(db: VaultDb, contentMac: string): DocumentRow | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM documents WHERE content_mac = ?`).get(contentMac) as Row | undefined;
  return row && toDocument(row);
}

export function findDocumentBySupplierAndNumber(db: VaultDb, supplierId: string, invoiceNumber: string): DocumentRow | undefined {
  const row = db
    .prepare(`SELECT ${COLUMNS} FROM documents WHERE supplier_id = ? AND invoice_number = ? ORDER BY imported_at LIMIT 1`)
    .get(supplierId, invoiceNumber) as Row | undefined;
  return row && toDocument(row);
}

export function listSecretsOfDocument(db: VaultDb, documentId: string): SecretRow[] {
  const rows = db
    .prepare("SELECT field, type, page, bbox, action, masked, sealed, blind_index FROM document_secrets WHERE document_id = ? ORDER BY id")
    .all(documentId) as { field: string | null; type: string; page: number | null; bbox: string | null; action: "encrypt" | "redact"; masked: string; sealed: Buffer | null; blind_index: string | null }[];
  return rows.map((row) => ({
    field: row.field,
    type: row.type,
    page: row.page,
    bbox: row.bbox ? (JSON.parse(row.bbox) as [number, number, number, number]) : null,
    action: row.action,
    masked: row.masked,
    sealed: row.sealed,
    blindIndex: row.blind_index,
  }));
}

export function listPagesOfDocument(db: VaultDb, documentId: string): PageRow[] {
  return db
    .prepare("SELECT page, width, height, source, confidence, words FROM document_pages WHERE document_id = ? ORDER BY page")
    .all(documentId) as PageRow[];
}

export function listBlobsOfDocument(db: VaultDb, documentId: string): BlobRow[] {
  return (
    db
      .prepare("SELECT kind, page, blob_id, key_wrap, wrapped_key, byte_size FROM document_blobs WHERE document_id = ? ORDER BY kind, page")
      .all(documentId) as { kind: BlobRow["kind"]; page: number; blob_id: string; key_wrap: BlobRow["keyWrap"]; wrapped_key: Buffer; byte_size: number }[]
  ).map((row) => ({ kind: row.kind, page: row.page, blobId: row.blob_id, keyWrap: row.key_wrap, wrappedKey: row.wrapped_key, byteSize: row.byte_size }));
}

/** Every blob id the database references (to find orphans left by an interrupted import). */
export function listReferencedBlobIds(db: VaultDb): Set<string> {
  return new Set((db.prepare("SELECT blob_id FROM document_blobs").pluck().all() as string[]));
}

export function countDocuments(db: VaultDb): number {
  return (db.prepare("SELECT count(*) AS n FROM documents").get() as { n: number }).n;
}

export function findDocumentIdsBySecretIndex(db: VaultDb, type: string, blindIndex: string): string[] {
  return db.prepare("SELECT DISTINCT document_id FROM document_secrets WHERE type = ? AND blind_index = ?").pluck().all(type, blindIndex) as string[];
}

export interface QuarantineRow {
  id: string;
  ownerId: string;
  fileName: string;
  byteSize: number;
  reason: string;
  createdAt: string;
}

export function insertQuarantine(db: VaultDb, row: QuarantineRow): void {
  db.prepare(
    "INSERT INTO quarantine (id, owner_id, file_name, byte_size, reason, created_at) VALUES (@id, @ownerId, @fileName, @byteSize, @reason, @createdAt)",
  ).run(row);
}

export function listQuarantine(db: VaultDb, ownerId: string | null): QuarantineRow[] {
  return (
    db
      .prepare("SELECT id, owner_id, file_name, byte_size, reason, created_at FROM quarantine WHERE (@owner IS NULL OR owner_id = @owner) ORDER BY created_at")
      .all({ owner: ownerId }) as { id: string; owner_id: string; file_name: string; byte_size: number; reason: string; created_at: string }[]
  ).map((row) => ({ id: row.id, ownerId: row.owner_id, fileName: row.file_name, byteSize: row.byte_size, reason: row.reason, createdAt: row.created_at }));
}

const FIELD_COLUMNS = {
  invoiceNumber: "invoice_number",
  issueDate: "issue_date",
  dueDate: "due_date",
  currency: "currency",
  totalNet: "total_net",
  totalTax: "total_tax",
  totalGross: "total_gross",
  sellerName: "seller_name",
} as const;
export type PlainFieldName = keyof typeof FIELD_COLUMNS;

export function isPlainField(field: string): field is PlainFieldName {
  return Object.hasOwn(FIELD_COLUMNS, field);
}

/** Sets one non-sensitive field of a document (the column comes from a fixed table, never from input). */
export function updateDocumentField(db: VaultDb, id: string, field: PlainFieldName, value: string | null): void {
  const column = FIELD_COLUMNS[field];
  db.prepare(`UPDATE documents SET ${column} = ? WHERE id = ?`).run(value, id);
  if (field === "totalGross") db.prepare("UPDATE documents SET total_gross_cents = ? WHERE id = ?").run(cents(value), id);
}

export function updateDocumentWarnings(db: VaultDb, id: string, warnings: FieldWarning[]): void {
  db.prepare("UPDATE documents SET warnings = ? WHERE id = ?").run(JSON.stringify(warnings), id);
}

/** Replaces the sealed value of one sensitive field (a user's correction). */
export function replaceFieldSecret(db: VaultDb, documentId: string, field: string, secret: SecretRow): void {
  db.transaction(() => {
    db.prepare("DELETE FROM document_secrets WHERE document_id = ? AND field = ?").run(documentId, field);
    db.prepare(
      `INSERT INTO document_secrets (document_id, field, type, page, bbox, action, masked, sealed, blind_index)
       VALUES (@documentId, @field, @type, @page, @bbox, @action, @masked, @sealed, @blindIndex)`,
    ).run({ ...secret, documentId, field, bbox: secret.bbox ? JSON.stringify(secret.bbox) : null });
  })();
}
