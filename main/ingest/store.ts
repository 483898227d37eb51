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

export async function storeDocument(session: VaultSession, bundle: Omit<DocumentBundle, "blobs">, renditions: Renditions): Promise<void> {
  const blobsDir = session.paths.blobs;
  const written: BlobRow[] = [];
  try {
    const originalId = newBlobId();
    const originalKey = newBlobKey();
    try {
      const size = await writeBlob(blobsDir, originalId, renditions.original, originalKey);
      // The original may hold every sensitive value: its key is sealed to the reveal key only.
      written.push({ kind: "original", page: 0, blobId: originalId, keyWrap: "sensitive", wrappedKey: sealBlobKey(session.sensitivePublicKey, originalId, originalKey), byteSize: size });
    } finally {
      originalKey.wipe();
    }
    const masked: [BlobRow["kind"], number, Buffer][] = [...renditions.pages].map(([page, image]) => ["page", page, image]);
    if (renditions.thumbnail) masked.push(["thumbnail", 0, renditions.thumbnail]);
    for (const [kind, page, image] of masked) {
      const blobId = newBlobId();
      const key = newBlobKey();
      try {
        const size = await writeBlob(blobsDir, blobId, image, key);
        written.push({ kind, page, blobId, keyWrap: "vault", wrappedKey: wrapBlobKeyForVault(session.keys, session.vaultId, blobId, key), byteSize: size });
      } finally {
        key.wipe();
      }
    }
    insertDocumentBundle(session.db, { ...bundle, blobs: written });
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
