import type { DocType } from "../../../shared/invoice.js";
import type { VaultDb } from "../database.js";

/**
 * Queries of erasure (main/gdpr/). Every statement runs with secure_delete on (set when the database is
 * opened): deleted cells and freed pages are overwritten, and the full-text index deletes in place
 * (migration 0006), so nothing of an erased document stays readable in the (decrypted) pages.
 */
export type ErasureCause = "request" | "retention" | "subject" | "restore";

export interface ErasureRecord {
  documentId: string;
  contentMac: string;
  docType: DocType;
  erasedAt: string;
  erasedBy: string | null;
  cause: ErasureCause;
}

interface ErasureRowDb {
  document_id: string;
  content_mac: string;
  doc_type: DocType;
  erased_at: string;
  erased_by: string | null;
  cause: ErasureCause;
}

const toRecord = (row: ErasureRowDb): ErasureRecord => ({
  documentId: row.document_id,
  contentMac: row.content_mac,
  docType: row.doc_type,
  erasedAt: row.erased_at,
  erasedBy: row.erased_by,
  cause: row.cause,
});

export function listErasures(db: VaultDb): ErasureRecord[] {
  return (db.prepare("SELECT document_id, content_mac, doc_type, erased_at, erased_by, cause FROM erasures ORDER BY erased_at, document_id").all() as ErasureRowDb[]).map(toRecord);
}

export function findErasure(db: VaultDb, documentId: string): ErasureRecord | undefined {
  const row = db.prepare("SELECT document_id, content_mac, doc_type, erased_at, erased_by, cause FROM erasures WHERE document_id = ?").get(documentId) as ErasureRowDb | undefined;
  return row && toRecord(row);
}

/** An erased document with these exact bytes (an import can tell the user the file was erased before). */
export function findErasureByContentMac(db: VaultDb, contentMac: string): ErasureRecord | undefined {
  const row = db
    .prepare("SELECT document_id, content_mac, doc_type, erased_at, erased_by, cause FROM erasures WHERE content_mac = ? ORDER BY erased_at DESC LIMIT 1")
    .get(contentMac) as ErasureRowDb | undefined;
  return row && toRecord(row);
}

/** Records an erasure learnt from elsewhere (a newer backup's list) when the document is already absent. */
export function insertErasureIfMissing(db: VaultDb, record: ErasureRecord): void {
  db.prepare(
    `INSERT INTO erasures (document_id, content_mac, doc_type, erased_at, erased_by, cause)
     VALUES (@documentId, @contentMac, @docType, @erasedAt, @erasedBy, @cause) ON CONFLICT (document_id) DO NOTHING`,
  ).run(record);
}

/**
 * Deletes one document and everything hanging off it, in one transaction: its full-text rows, its sealed
 * values and blind indexes, its pages (masked words), its blob rows with the wrapped file keys
 * (crypto-shredding: without them the encrypted files are noise), references to it as a duplicate, and
 * its supplier when no other document names it. Records the erasure. Returns the blob ids to delete.
 */
export function deleteDocumentForErasure(db: VaultDb, record: ErasureRecord): { blobIds: string[]; supplierRemoved: boolean } {
  return db.transaction(() => {
    const blobIds = db.prepare("SELECT blob_id FROM document_blobs WHERE document_id = ? ORDER BY blob_id").pluck().all(record.documentId) as string[];
    const supplierId = db.prepare("SELECT supplier_id FROM documents WHERE id = ?").pluck().get(record.documentId) as string | null | undefined;
    db.prepare("DELETE FROM documents_fts WHERE document_id = ?").run(record.documentId);
    db.prepare("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of = ?").run(record.documentId);
    db.prepare("DELETE FROM document_blobs WHERE document_id = ?").run(record.documentId);
    db.prepare("DELETE FROM document_secrets WHERE document_id = ?").run(record.documentId);
    db.prepare("DELETE FROM document_pages WHERE document_id = ?").run(record.documentId);
    db.prepare("DELETE FROM documents WHERE id = ?").run(record.documentId);
    let supplierRemoved = false;
    if (supplierId) {
      const others = db.prepare("SELECT count(*) FROM documents WHERE supplier_id = ?").pluck().get(supplierId) as number;
      if (others === 0) supplierRemoved = db.prepare("DELETE FROM suppliers WHERE id = ?").run(supplierId).changes > 0;
    }
    insertErasureIfMissing(db, record);
    return { blobIds, supplierRemoved };
  })();
}

/**
 * Moves every WAL frame into the database file and truncates the WAL to zero bytes. `busy` is true when
 * another connection's read kept some frames from being moved (they are moved at its next checkpoint).
 */
export function checkpointWalTruncate(db: VaultDb): { busy: boolean; walFrames: number; checkpointed: number } {
  const row = db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number; checkpointed: number }[];
  const first = row[0] ?? { busy: 1, log: -1, checkpointed: -1 };
  return { busy: first.busy !== 0, walFrames: first.log, checkpointed: first.checkpointed };
}
