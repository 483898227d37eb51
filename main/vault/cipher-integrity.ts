import { createHmac, pbkdf2Sync } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { SecretBytes } from "../crypto/secret.js";

/**
 * SQLCipher 4's `cipher_integrity_check`, which SQLite3MultipleCiphers does not provide: every page of the
 * file is authenticated with its HMAC-SHA512, independently of SQLite reading it.
 *
 * SQLCipher 4 page layout (default settings, raw key): page 1 starts with the 16-byte salt; each page ends
 * with a 16-byte IV and a 64-byte HMAC-SHA512 over [start .. IV end] followed by the page number (4 bytes,
 * little endian). The HMAC key is PBKDF2-HMAC-SHA512(raw key, salt XOR 0x3a, 2 iterations, 32 bytes).
 * Reading is page by page: memory stays at one page whatever the size of the file.
 */
const SALT_LENGTH = 16;
const IV_LENGTH = 16;
const HMAC_LENGTH = 64;
const HMAC_SALT_MASK = 0x3a;
const FAST_KDF_ITERATIONS = 2;

export interface CipherIntegrityReport {
  pages: number;
  badPages: number[];
}

export function checkCipherPages(file: string, dek: SecretBytes, pageSize = 4096): CipherIntegrityReport {
  const fd = openSync(file, "r");
  const page = Buffer.alloc(pageSize);
  let hmacKey: Buffer | undefined;
  try {
    const size = fstatSync(fd).size;
    const pages = Math.ceil(size / pageSize);
    const badPages: number[] = [];
    if (size % pageSize !== 0) badPages.push(pages);
    for (let pgno = 1; pgno <= Math.floor(size / pageSize); pgno += 1) {
      readSync(fd, page, 0, pageSize, (pgno - 1) * pageSize);
      if (!hmacKey) {
        const salt = Buffer.from(page.subarray(0, SALT_LENGTH).map((byte) => byte ^ HMAC_SALT_MASK));
        hmacKey = pbkdf2Sync(dek.expose(), salt, FAST_KDF_ITERATIONS, 32, "sha512");
      }
      const start = pgno === 1 ? SALT_LENGTH : 0;
      const macStart = pageSize - HMAC_LENGTH;
      const pageNumber = Buffer.alloc(4);
      pageNumber.writeUInt32LE(pgno);
      const expected = createHmac("sha512", hmacKey).update(page.subarray(start, macStart)).update(pageNumber).digest();
      if (!expected.equals(page.subarray(macStart))) badPages.push(pgno);
    }
    return { pages, badPages };
  } finally {
    hmacKey?.fill(0);
    closeSync(fd);
  }
}

export const SQLCIPHER4_RESERVE = IV_LENGTH + HMAC_LENGTH;
