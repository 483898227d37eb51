import type { VaultSession } from "../auth/session.js";
import { unwrapBlobKeyFromVault } from "../crypto/blob-keys.js";
import { requireReadableDocument } from "../documents/view.js";
import { CoffreError } from "../errors.js";
import { readBlob } from "../vault/blob-store.js";
import { listBlobsOfDocument, listPagesOfDocument } from "../vault/queries/documents.js";

/**
 * The masked rendition of one page (PNG), for a session allowed to read the document (clerks: their own).
 * Only renditions wrapped under the vault key are served: they carry the masks, never a clear value.
 */
export async function readMaskedPage(session: VaultSession, id: string, page: number): Promise<{ png: Buffer; width: number; height: number }> {
  requireReadableDocument(session, id, "documents.read");
  const info = listPagesOfDocument(session.db, id).find((entry) => entry.page === page);
  const blob = listBlobsOfDocument(session.db, id).find((entry) => entry.kind === "page" && entry.page === page);
  if (!info || !blob) throw new CoffreError("BAD_INPUT", `this document has no page ${page}`);
  if (blob.keyWrap !== "vault") throw new CoffreError("FORBIDDEN", "this page has no masked image");
  const key = unwrapBlobKeyFromVault(session.keys, session.vaultId, blob.blobId, blob.wrappedKey);
  try {
    return { png: await readBlob(session.paths.blobs, blob.blobId, key), width: info.width, height: info.height };
  } finally {
    key.wipe();
  }
}
