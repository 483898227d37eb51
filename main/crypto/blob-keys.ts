import { CoffreError } from "../errors.js";
import { decryptAesGcm, encryptAesGcm } from "./aead.js";
import { hkdf32 } from "./hkdf.js";
import { openSealedBox, sealToPublicKey } from "./sealed-box.js";
import { SecretBytes } from "./secret.js";
import type { VaultKeys } from "./vault-keys.js";

/**
 * Per-file keys. Every stored file has its own random 32-byte key, wrapped one of two ways:
 * - "vault": AES-256-GCM under a key derived from the DEK (masked renditions, thumbnails: any user of
 *   the vault may open them);
 * - "sensitive": sealed to the sensitive public key (originals: only holders of the reveal key).
 * The blob id is bound as associated data, so a wrapped key cannot be moved to another file.
 */
function vaultWrapKey(keys: VaultKeys, vaultId: string): SecretBytes {
  return hkdf32(keys.dek.expose(), Buffer.from(vaultId), "coffre/blob-key-wrap/v1");
}

function aad(blobId: string): Buffer {
  return Buffer.from(`coffre/blob-key/v1\0${blobId}`);
}

export function newBlobKey(): SecretBytes {
  return SecretBytes.random(32);
}

export function wrapBlobKeyForVault(keys: VaultKeys, vaultId: string, blobId: string, blobKey: SecretBytes): Buffer {
  const wrapKey = vaultWrapKey(keys, vaultId);
  try {
    const sealed = encryptAesGcm(wrapKey.expose(), blobKey.expose(), aad(blobId));
    return Buffer.concat([sealed.nonce, sealed.ciphertext]);
  } finally {
    wrapKey.wipe();
  }
}

export function unwrapBlobKeyFromVault(keys: VaultKeys, vaultId: string, blobId: string, wrapped: Buffer): SecretBytes {
  const wrapKey = vaultWrapKey(keys, vaultId);
  try {
    return SecretBytes.adopt(decryptAesGcm(wrapKey.expose(), { nonce: wrapped.subarray(0, 12), ciphertext: wrapped.subarray(12) }, aad(blobId)));
  } finally {
    wrapKey.wipe();
  }
}

export function sealBlobKey(sensitivePublicKey: Buffer, blobId: string, blobKey: SecretBytes): Buffer {
  return sealToPublicKey(sensitivePublicKey, blobKey.expose(), aad(blobId));
}

export function openSealedBlobKey(sensitivePrivateKey: SecretBytes | null, blobId: string, sealed: Buffer): SecretBytes {
  if (!sensitivePrivateKey) throw new CoffreError("FORBIDDEN", "this file can only be opened with the reveal key");
  return SecretBytes.adopt(openSealedBox(sensitivePrivateKey, sealed, aad(blobId)));
}
