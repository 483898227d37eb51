import { statSync } from "node:fs";
import { join } from "node:path";
import type { VaultSession } from "../auth/session.js";
import { newBlobKey, sealBlobKey, wrapBlobKeyForVault } from "../crypto/blob-keys.js";
import { deleteBlob, listStoredBlobs, newBlobId, writeBlob } from "../vault/blob-store.js";
import { insertDocumentBundle, listReferencedBlobIds, type BlobRow, type DocumentBundle } from "../vault/queries/documents.js";
import { rmSync } from "node:fs";

/**
 * Storage is atomic per document: every encrypted file is written and synced first, then one database
 * transaction records the document and the keys of its files. A crash in between leaves only orphan
 * files, which `cleanOrphanBlobs` removes at the next start; never a half-recorded document.
 */
export interface Renditions {
  original: Buffer;
  /** Masked page images (PNG), by page number. */
  pages: Map<number, Buffer>;
  thumbnail: Buffer | null;
}

/** Blobs of one document written at the same time. */
const BLOB_WRITERS = 4;

/**
 * `audit`, when given, is appended in the document's own transaction (VaultSession.auditWith): the
 * document and the row that records its import are committed together.
 */
export async function storeDocument(session: VaultSession, bundle: Omit<DocumentBundle, "blobs">, renditions: Renditions, audit?: Parameters<VaultSession["audit"]>[0]): Promise<void> {
  const blobsDir = session.paths.blobs;
  const written: BlobRow[] = [];
  const writeOne = async (kind: BlobRow["kind"], page: number, bytes: Buffer): Promise<void> => {
    const blobId = newBlobId();
    const key = newBlobKey();
    try {
      const byteSize = await writeBlob(blobsDir, blobId, bytes, key);
      // The original may hold every sensitive value: its key is sealed to the reveal key only.
      const wrappedKey = kind === "original" ? sealBlobKey(session.sensitivePublicKey, blobId, key) : wrapBlobKeyForVault(session.keys, session.vaultId, blobId, key);
      written.push({ kind, page, blobId, keyWrap: kind === "original" ? "sensitive" : "vault", wrappedKey, byteSize });
    } finally {
      key.wipe();
    }
  };
  const files: [BlobRow["kind"], number, Buffer][] = [["original", 0, renditions.original], ...[...renditions.pages].map(([page, image]): [BlobRow["kind"], number, Buffer] => ["page", page, image])];
  if (renditions.thumbnail) files.push(["thumbnail", 0, renditions.thumbnail]);
  try {
    // Written and synced a few side by side (their fsyncs overlap); every one of them before the transaction.
    let next = 0;
    const errors: unknown[] = [];
    const writer = async (): Promise<void> => {
      while (next < files.length && errors.length === 0) {
        const entry = files[next];
        next += 1;
        if (!entry) return;
        await writeOne(...entry).catch((error: unknown) => void errors.push(error));
      }
    };
    await Promise.all(Array.from({ length: Math.min(BLOB_WRITERS, files.length) }, writer));
    if (errors.length > 0) throw errors[0];
    // Rows in a stable order: the original, the pages, the thumbnail.
    const order = (row: BlobRow): number => (row.kind === "original" ? -1 : row.kind === "thumbnail" ? Number.MAX_SAFE_INTEGER : row.page);
    const insert = (): void => insertDocumentBundle(session.db, { ...bundle, blobs: [...written].sort((a, b) => order(a) - order(b)) });
    if (audit) session.auditWith(audit, insert);
    else insert();
  } catch (error) {
    for (const blob of written) deleteBlob(blobsDir, blob.blobId);
    throw error;
  }
}

/**
 * Removes encrypted files no document references (left by an import that was killed before its
 * transaction) and temporary files. Files younger than `olderThanMs` are left alone: another process may
 * be importing right now.
 */
export function cleanOrphanBlobs(session: VaultSession, olderThanMs = 15 * 60 * 1000): { removed: number } {
  const referenced = listReferencedBlobIds(session.db);
  const { blobIds, temporaries } = listStoredBlobs(session.paths.blobs);
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  const old = (path: string) => {
    try {
      return statSync(path).mtimeMs <= cutoff;
    } catch {
      return false;
    }
  };
  for (const blobId of blobIds) {
    if (!referenced.has(blobId) && old(join(session.paths.blobs, blobId.slice(0, 2), blobId))) {
      deleteBlob(session.paths.blobs, blobId);
      removed += 1;
    }
  }
  for (const path of temporaries) {
    if (old(path)) {
      rmSync(path, { force: true });
      removed += 1;
    }
  }
  return { removed };
}
