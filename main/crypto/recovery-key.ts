import { createHash } from "node:crypto";
import { CoffreError } from "../errors.js";
import { SecretBytes } from "./secret.js";

/**
 * The vault's recovery key: 32 random bytes, shown once at init as RFC 4648 base32 in groups of five,
 * with a 2-byte checksum so a mistyped key is told apart from a wrong one.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function checksum(key: Buffer): Buffer {
  return createHash("sha256").update("coffre/recovery-key/v1").update(key).digest().subarray(0, 2);
}

function base32Encode(data: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function base32Decode(text: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return null;
    value = ((value << 5) | index) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function generateRecoveryKey(): SecretBytes {
  return SecretBytes.random(32);
}

export function formatRecoveryKey(key: SecretBytes): string {
  const encoded = base32Encode(Buffer.concat([key.expose(), checksum(key.expose())]));
  return encoded.match(/.{1,5}/g)?.join("-") ?? encoded;
}

export function parseRecoveryKey(text: string): SecretBytes {
  const compact = text.toUpperCase().replace(/[\s-]/g, "").replace(/0/g, "O").replace(/1/g, "I").replace(/8/g, "B");
  const decoded = base32Decode(compact);
  if (decoded === null || decoded.length !== 34) {
    throw new CoffreError("WRONG_RECOVERY_KEY", "recovery key is malformed: expected 11 groups of 5 letters and digits");
  }
  const key = decoded.subarray(0, 32);
  if (!checksum(key).equals(decoded.subarray(32))) {
    decoded.fill(0);
    throw new CoffreError("WRONG_RECOVERY_KEY", "recovery key is mistyped: its checksum does not match");
  }
  const secret = new SecretBytes(key);
  decoded.fill(0);
  return secret;
}
