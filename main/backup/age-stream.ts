import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { CoffreError } from "../errors.js";
import { headerLength, newAgeHeader, openAgeHeader, payloadKey, type BackupEncryption, type BackupKey } from "./age-header.js";

/**
 * age's payload: a 16-byte nonce, then the plaintext in 64 KiB chunks, each sealed with ChaCha20-Poly1305
 * under the payload key and the nonce `11-byte big-endian counter | last-chunk flag`. The last chunk is the
 * only one that may be short (and empty only when it is also the first). Both directions stream with
 * bounded memory: one input buffer plus one chunk.
 */
const CHUNK = 64 * 1024;
const TAG = 16;
const SEALED_CHUNK = CHUNK + TAG;
const NONCE_LENGTH = 16;

function chunkNonce(counter: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(counter, 5, 6); // 2^48 chunks (16 EiB) is more than any vault
  nonce[11] = last ? 1 : 0;
  return nonce;
}

function sealChunk(key: Buffer, counter: number, last: boolean, plaintext: Buffer): Buffer {
  const cipher = createCipheriv("chacha20-poly1305", key, chunkNonce(counter, last), { authTagLength: TAG });
  const body = cipher.update(plaintext);
  cipher.final();
  return Buffer.concat([body, cipher.getAuthTag()]);
}

function openChunk(key: Buffer, counter: number, last: boolean, sealed: Buffer): Buffer {
  const decipher = createDecipheriv("chacha20-poly1305", key, chunkNonce(counter, last), { authTagLength: TAG });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  const body = decipher.update(sealed.subarray(0, sealed.length - TAG));
  try {
    decipher.final();
  } catch {
    const where = last ? "at its end: it is truncated or was altered" : `at byte ${counter * SEALED_CHUNK} of its payload: it was altered or damaged`;
    throw new CoffreError("BACKUP_CORRUPT", `the backup fails authentication ${where}`);
  }
  return body;
}

/** Sealed chunks are handed on in batches of this many (about 1 MiB), not one by one: fewer writes. */
const BATCH = 16;

/** Encrypts a stream of plaintext into an age v1 file: header, nonce, sealed chunks. */
export async function* encryptAge(source: AsyncIterable<Buffer>, encryption: BackupEncryption): AsyncGenerator<Buffer> {
  const { header, fileKey } = await newAgeHeader(encryption);
  const nonce = randomBytes(NONCE_LENGTH);
  const key = payloadKey(fileKey, nonce);
  fileKey.fill(0);
  try {
    yield Buffer.concat([header, nonce]);
    const buffer = Buffer.alloc(CHUNK);
    let batch: Buffer[] = [];
    let used = 0;
    let counter = 0;
    for await (const input of source) {
      let offset = 0;
      while (offset < input.length) {
        if (used === CHUNK) {
          // More plaintext follows, so this full chunk is not the last one.
          batch.push(sealChunk(key, counter, false, buffer));
          counter += 1;
          used = 0;
          if (batch.length === BATCH) {
            yield Buffer.concat(batch);
            batch = [];
          }
        }
        const n = Math.min(CHUNK - used, input.length - offset);
        input.copy(buffer, used, offset, offset + n);
        used += n;
        offset += n;
      }
    }
    batch.push(sealChunk(key, counter, true, buffer.subarray(0, used)));
    yield Buffer.concat(batch);
  } finally {
    key.fill(0);
  }
}

/**
 * Decrypts an age v1 file. Every chunk is authenticated before its plaintext is yielded; a truncated file
 * fails at its end (the final chunk's flag), a flipped byte at its chunk. Consumers must treat the data as
 * final only when the generator completes.
 */
export async function* decryptAge(source: AsyncIterable<Buffer>, backupKey: BackupKey): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  let key: Buffer | null = null;
  let counter = 0;
  try {
    for await (const input of source) {
      pending = pending.length === 0 ? input : Buffer.concat([pending, input]);
      if (!key) {
        const length = headerLength(pending);
        if (length === null || pending.length < length + NONCE_LENGTH) continue;
        const fileKey = await openAgeHeader(pending.subarray(0, length), backupKey);
        key = payloadKey(fileKey, pending.subarray(length, length + NONCE_LENGTH));
        fileKey.fill(0);
        pending = pending.subarray(length + NONCE_LENGTH);
      }
      // Keep at least one byte back: a chunk is known not to be the last only when more follows.
      let offset = 0;
      while (pending.length - offset > SEALED_CHUNK) {
        yield openChunk(key, counter, false, pending.subarray(offset, offset + SEALED_CHUNK));
        counter += 1;
        offset += SEALED_CHUNK;
      }
      pending = offset > 0 ? Buffer.from(pending.subarray(offset)) : pending;
    }
    if (!key) {
      if (pending.length > 0) headerLength(pending);
      throw new CoffreError("BACKUP_CORRUPT", "the backup is truncated: its age header is incomplete");
    }
    if (pending.length < TAG) throw new CoffreError("BACKUP_CORRUPT", "the backup fails authentication at its end: it is truncated or was altered");
    const last = openChunk(key, counter, true, pending);
    if (last.length === 0 && counter > 0) throw new CoffreError("BACKUP_CORRUPT", "the backup ends with an empty chunk: it was altered");
    yield last;
  } finally {
    key?.fill(0);
  }
}
