import { hkdfSync } from "node:crypto";
import { SecretBytes } from "./secret.js";

/** HKDF-SHA256 to a 32-byte key, domain-separated by `info`. */
export function hkdf32(ikm: Buffer, salt: Buffer, info: string): SecretBytes {
  return SecretBytes.adopt(Buffer.from(hkdfSync("sha256", ikm, salt, info, 32)));
}
