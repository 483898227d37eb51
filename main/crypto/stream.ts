import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { CoffreError } from "../errors.js";
import { TAG_LENGTH } from "./aead.js";
import type { SecretBytes } from "./secret.js";

/**
 * Streaming authenticated encryption for stored files (originals, renditions, thumbnails).
 *
 * Layout: header = magic "COFFREB\x01"(8) | chunk size u32 BE (4) | nonce prefix (7, random)
 * then chunks of `chunkSize` plaintext bytes, each AES-256-GCM with
 *   nonce = prefix(7) | chunk counter u32 BE (4) | last-chunk flag (1)
 *   aad   = the header
 * so a reordered chunk (wrong counter), a truncated file (no chunk flagged last), data appended after the
 * last chunk, or any altered byte fails authentication. The STREAM construction (Hoang, Reyhanitabar,
 * Rogaway, Vizár 2015), as used by age and Tink.
 *
 * Decrypted output is released chunk by chunk before the end is verified: write it somewhere temporary and
 * only use it once the stream has ended without error.
 */
const MAGIC = Buffer.from("COFFREB\x01", "latin1");
const PREFIX_LENGTH = 7;
export const BLOB_HEADER_LENGTH = MAGIC.length + 4 + PREFIX_LENGTH;
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
const MAX_CHUNKS = 0xffffffff;

function chunkNonce(prefix: Buffer, counter: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(counter, PREFIX_LENGTH);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

export class EncryptStream extends Transform {
  readonly #key: Buffer;
  readonly #chunkSize: number;
  readonly #header: Buffer;
  readonly #prefix: Buffer;
  #pending: Buffer[] = [];
  #pendingLength = 0;
  #counter = 0;

  constructor(key: SecretBytes, chunkSize = DEFAULT_CHUNK_SIZE) {
    super();
    if (key.length !== 32) throw new Error("blob key must be 32 bytes");
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) throw new Error("bad chunk size");
    this.#key = Buffer.from(key.expose());
    this.#chunkSize = chunkSize;
    this.#prefix = randomBytes(PREFIX_LENGTH);
    const size = Buffer.alloc(4);
    size.writeUInt32BE(chunkSize);
    this.#header = Buffer.concat([MAGIC, size, this.#prefix]);
    this.push(this.#header);
  }

  #seal(plaintext: Buffer, last: boolean): Buffer {
    if (this.#counter >= MAX_CHUNKS) throw new Error("blob too large for one stream");
    const cipher = createCipheriv("aes-256-gcm", this.#key, chunkNonce(this.#prefix, this.#counter, last), {
      authTagLength: TAG_LENGTH,
    });
    this.#counter += 1;
    cipher.setAAD(this.#header);
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#pending.push(data);
      this.#pendingLength += data.length;
      // Keep at least one full chunk back: the last chunk must carry the last-chunk flag.
      if (this.#pendingLength > this.#chunkSize) {
        let all = Buffer.concat(this.#pending, this.#pendingLength);
        let offset = 0;
        while (all.length - offset > this.#chunkSize) {
          this.push(this.#seal(all.subarray(offset, offset + this.#chunkSize), false));
          offset += this.#chunkSize;
        }
        all = all.subarray(offset);
        this.#pending = [Buffer.from(all)];
        this.#pendingLength = all.length;
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.push(this.#seal(Buffer.concat(this.#pending, this.#pendingLength), true));
      this.#pending = [];
      this.#key.fill(0);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.#key.fill(0);
    callback(error);
  }
}

export class DecryptStream extends Transform {
  readonly #key: Buffer;
  #header: Buffer | null = null;
  #prefix: Buffer = Buffer.alloc(0);
  #sealedChunkSize = 0;
  #pending: Buffer[] = [];
  #pendingLength = 0;
  #counter = 0;

  constructor(key: SecretBytes) {
    super();
    this.#key = Buffer.from(key.expose());
  }

  #open(sealed: Buffer, last: boolean): Buffer {
    if (this.#header === null) throw new Error("header not read");
    const decipher = createDecipheriv("aes-256-gcm", this.#key, chunkNonce(this.#prefix, this.#counter, last), {
      authTagLength: TAG_LENGTH,
    });
    this.#counter += 1;
    decipher.setAAD(this.#header);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
    const body = decipher.update(sealed.subarray(0, sealed.length - TAG_LENGTH));
    try {
      return Buffer.concat([body, decipher.final()]);
    } catch (cause) {
      throw new CoffreError(
        "CRYPTO_AUTH_FAILED",
        last ? "encrypted file is truncated, reordered or altered" : "encrypted file has an altered or reordered chunk",
        { cause },
      );
    }
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#pending.push(data);
      this.#pendingLength += data.length;
      let all = Buffer.concat(this.#pending, this.#pendingLength);
      if (this.#header === null) {
        if (all.length < BLOB_HEADER_LENGTH) {
          this.#pending = [all];
          callback();
          return;
        }
        const header = all.subarray(0, BLOB_HEADER_LENGTH);
        if (!header.subarray(0, MAGIC.length).equals(MAGIC)) {
          throw new CoffreError("CRYPTO_AUTH_FAILED", "not a Coffre encrypted file");
        }
        const chunkSize = header.readUInt32BE(MAGIC.length);
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) throw new CoffreError("CRYPTO_AUTH_FAILED", "encrypted file header is corrupt");
        this.#header = Buffer.from(header);
        this.#prefix = Buffer.from(header.subarray(MAGIC.length + 4));
        this.#sealedChunkSize = chunkSize + TAG_LENGTH;
        all = all.subarray(BLOB_HEADER_LENGTH);
      }
      let offset = 0;
      while (all.length - offset > this.#sealedChunkSize) {
        this.push(this.#open(all.subarray(offset, offset + this.#sealedChunkSize), false));
        offset += this.#sealedChunkSize;
      }
      const rest = Buffer.from(all.subarray(offset));
      this.#pending = [rest];
      this.#pendingLength = rest.length;
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.#header === null || this.#pendingLength < TAG_LENGTH) {
        throw new CoffreError("CRYPTO_TRUNCATED", "encrypted file is truncated");
      }
      this.push(this.#open(Buffer.concat(this.#pending, this.#pendingLength), true));
      this.#key.fill(0);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.#key.fill(0);
    callback(error);
  }
}

export function createEncryptStream(key: SecretBytes, chunkSize = DEFAULT_CHUNK_SIZE): EncryptStream {
  return new EncryptStream(key, chunkSize);
}

export function createDecryptStream(key: SecretBytes): DecryptStream {
  return new DecryptStream(key);
}
