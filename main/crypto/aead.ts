import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { CoffreError } from "../errors.js";

export const KEY_LENGTH = 32;
export const NONCE_LENGTH = 12;
export const TAG_LENGTH = 16;

export interface Sealed {
  nonce: Buffer;
  /** Ciphertext followed by the 16-byte GCM tag. */
  ciphertext: Buffer;
}

/** AES-256-GCM with associated data. A fresh random nonce per call. */
export function encryptAesGcm(key: Buffer, plaintext: Buffer, aad: Buffer, nonce: Buffer = randomBytes(NONCE_LENGTH)): Sealed {
  if (key.length !== KEY_LENGTH) throw new Error("AES-256-GCM needs a 32-byte key");
  if (nonce.length !== NONCE_LENGTH) throw new Error("AES-256-GCM needs a 12-byte nonce");
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
}

/** Decrypts and authenticates; any change to key, nonce, ciphertext or AAD throws CRYPTO_AUTH_FAILED. */
export function decryptAesGcm(key: Buffer, sealed: Sealed, aad: Buffer): Buffer {
  if (key.length !== KEY_LENGTH) throw new Error("AES-256-GCM needs a 32-byte key");
  const { nonce, ciphertext } = sealed;
  if (nonce.length !== NONCE_LENGTH || ciphertext.length < TAG_LENGTH) {
    throw new CoffreError("CRYPTO_AUTH_FAILED", "encrypted data is malformed");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_LENGTH });
  decipher.setAAD(aad);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_LENGTH));
  const body = decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_LENGTH));
  try {
    return Buffer.concat([body, decipher.final()]);
  } catch (cause) {
    body.fill(0);
    throw new CoffreError("CRYPTO_AUTH_FAILED", "encrypted data failed authentication", { cause });
  }
}
