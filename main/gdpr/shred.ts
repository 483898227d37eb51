import { deleteBlob } from "../vault/blob-store.js";
import type { VaultDb } from "../vault/database.js";
import { deleteDocumentForErasure, type ErasureRecord } from "../vault/queries/erasure.js";

/**
 * The mechanics of erasing one document, below any session (a restore uses it on a copy it opened itself):
 * one transaction deletes the rows — the wrapped file keys with them, which crypto-shreds the files — and
 * records the erasure; then the encrypted files are deleted. Files go after the commit: a crash in between
 * leaves files whose keys no longer exist (noise, removed by the next orphan clean-up), never a document
 * whose files are gone.
 */
export interface ShredResult {
  filesDeleted: number;
  supplierRemoved: boolean;
}

export function shredDocument(db: VaultDb, blobsDir: string, record: ErasureRecord): ShredResult {
  const { blobIds, supplierRemoved } = deleteDocumentForErasure(db, record);
  for (const blobId of blobIds) deleteBlob(blobsDir, blobId);
  return { filesDeleted: blobIds.length, supplierRemoved };
}
