import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { writeSync } from "node:fs";
import { CoffreError } from "../errors.js";
import { headerLength, newAgeHeader, openAgeHeader, payloadKey, type BackupEncryption, type BackupKey } from "./age-header.js";

/**
 * age's payload: a 16-byte nonce, then the plaintext in 64 KiB chunks, each sealed with ChaCha20-Poly1305
 * under the payload key and the nonce `11-byte big-endian counter | last-chunk flag`. The last chunk is the
 * only one that may be short (and empty only when it is also the first). Both directions stream with
 * bounded memory: one input buffer plus one chunk.
 */
export const CHUNK = 64 * 1024;
const TAG = 16;
const SEALED_CHUNK = CHUNK + TAG;
const NONCE_LENGTH = 16;

export function chunkNonce(counter: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(counter, 5, 6); // 2^48 chunks (16 EiB) is more than any vault
  nonce[11] = last ? 1 : 0;
  return nonce;
}

export function sealChunk(key: Buffer, counter: number, last: boolean, plaintext: Buffer): Buffer {
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

/** Plaintext is handed to the encrypting thread in batches of this size, at most IN_FLIGHT at a time. */
const HANDOFF = 1 << 20;
const IN_FLIGHT = 32;

/**
 * Encrypts a stream of plaintext into an age v1 file at `fd`, with the sealing on a worker thread
 * (age-encrypt-worker.ts) so that it runs beside the reading, archiving and hashing of the caller: the
 * same bytes as encryptAge, about twice as fast on two cores. Memory stays bounded: IN_FLIGHT batches of
 * HANDOFF bytes. A source buffer that owns its whole ArrayBuffer is transferred, not copied: the caller must
 * not touch it after yielding it. Returns the number of bytes written.
 */
export async function encryptAgeToFd(source: AsyncIterable<Buffer>, encryption: BackupEncryption, fd: number, workerUrl: URL): Promise<number> {
  const { header, fileKey } = await newAgeHeader(encryption);
  const nonce = randomBytes(NONCE_LENGTH);
  const key = payloadKey(fileKey, nonce);
  fileKey.fill(0);
  const prefix = Buffer.concat([header, nonce]);
  let offset = 0;
  while (offset < prefix.length) offset += writeSync(fd, prefix, offset, prefix.length - offset);
  const { Worker } = await import("node:worker_threads");
  // workerData is copied when the worker is created: our copy of the key is wiped right after.
  const worker = new Worker(workerUrl, { workerData: { fd, key: new Uint8Array(key) } });
  key.fill(0);
  let failure: Error | null = null;
  let inFlight = 0;
  let wake: (() => void) | null = null;
  let resolveDone: (bytes: number) => void = () => undefined;
  let rejectDone: (error: Error) => void = () => undefined;
  const done = new Promise<number>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  done.catch(() => undefined); // observed below; a failure before the end is thrown from the loop
  const fail = (error: Error): void => {
    failure ??= error;
    rejectDone(failure);
    wake?.();
  };
  worker.on("message", (message: "ack" | { done?: number; error?: string }) => {
    if (message === "ack") {
      inFlight -= 1;
      wake?.();
    } else if (message.error !== undefined) fail(new Error(`backup encryption failed: ${message.error}`));
    else if (message.done !== undefined) resolveDone(message.done);
  });
  worker.on("error", fail);
  // After "done" this rejection has no effect; before it, the thread died.
  worker.on("exit", () => fail(new Error("the backup's encryption thread stopped")));
  const waitFor = async (ready: () => boolean): Promise<void> => {
    while (!ready() && !failure) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    if (failure) throw failure;
  };
  try {
    let batch = Buffer.allocUnsafeSlow(HANDOFF);
    let used = 0;
    const send = async (): Promise<void> => {
      await waitFor(() => inFlight < IN_FLIGHT);
      const data = new Uint8Array(batch.buffer, batch.byteOffset, used);
      inFlight += 1;
      worker.postMessage({ data }, [batch.buffer as ArrayBuffer]);
      batch = Buffer.allocUnsafeSlow(HANDOFF);
      used = 0;
    };
    for await (const input of source) {
      if (input.length >= CHUNK && input.byteOffset === 0 && input.byteLength === input.buffer.byteLength) {
        // A block with a buffer of its own (a file's read block): handed over as it is, not copied.
        if (used > 0) await send();
        await waitFor(() => inFlight < IN_FLIGHT);
        inFlight += 1;
        worker.postMessage({ data: new Uint8Array(input.buffer, 0, input.length) }, [input.buffer as ArrayBuffer]);
        continue;
      }
      let at = 0;
      while (at < input.length) {
        const n = Math.min(HANDOFF - used, input.length - at);
        input.copy(batch, used, at, at + n);
        used += n;
        at += n;
        if (used === HANDOFF) await send();
      }
    }
    if (used > 0) await send();
    worker.postMessage({ end: true });
    const bytes = await done;
    return prefix.length + bytes;
  } finally {
    await worker.terminate();
  }
}
