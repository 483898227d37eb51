import { createCipheriv } from "node:crypto";
import { writevSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { CHUNK, chunkNonce } from "./age-stream.js";

/**
 * The encrypting half of a backup, on its own thread: the main thread reads, archives and hashes; this
 * thread seals age's 64 KiB chunks (ChaCha20-Poly1305) and writes them to the file descriptor it is given
 * (opened and closed by the main thread). Messages: {data: Uint8Array} (a fresh buffer, transferred),
 * answered by "ack"; {end: true}, answered by {done: bytes}. Any failure answers {error: message}.
 */
interface Setup {
  fd: number;
  key: Uint8Array;
}

const setup = workerData as Setup;
const key = Buffer.from(setup.key);
setup.key.fill(0);
const port = parentPort;
const buffer = Buffer.alloc(CHUNK);
let used = 0;
let counter = 0;
let written = 0;

/** Seals one chunk as age does (see age-stream.ts), the body and tag kept apart so nothing is copied. */
function seal(out: Buffer[], last: boolean, plaintext: Buffer): void {
  const cipher = createCipheriv("chacha20-poly1305", key, chunkNonce(counter, last), { authTagLength: 16 });
  const body = cipher.update(plaintext);
  cipher.final();
  out.push(body, cipher.getAuthTag());
}

function write(parts: Buffer[]): void {
  const pending = parts;
  while (pending.length > 0) {
    let n = writevSync(setup.fd, pending);
    written += n;
    // A short write: drop what went out and go on with the rest.
    while (pending.length > 0 && n >= (pending[0] as Buffer).length) n -= (pending.shift() as Buffer).length;
    if (n > 0 && pending.length > 0) pending[0] = (pending[0] as Buffer).subarray(n);
  }
}

function take(data: Buffer): void {
  const sealed: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (used === CHUNK) {
      // More plaintext follows, so this full chunk is not the last one.
      seal(sealed, false, buffer);
      counter += 1;
      used = 0;
    }
    if (used === 0 && data.length - offset > CHUNK) {
      // A whole chunk with more after it, in place: no copy.
      seal(sealed, false, data.subarray(offset, offset + CHUNK));
      counter += 1;
      offset += CHUNK;
      continue;
    }
    const n = Math.min(CHUNK - used, data.length - offset);
    data.copy(buffer, used, offset, offset + n);
    used += n;
    offset += n;
  }
  write(sealed);
}

port?.on("message", (message: { data?: Uint8Array; end?: boolean }) => {
  try {
    if (message.data) {
      take(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
      port.postMessage("ack");
    } else if (message.end) {
      const last: Buffer[] = [];
      seal(last, true, buffer.subarray(0, used));
      write(last);
      key.fill(0);
      buffer.fill(0);
      port.postMessage({ done: written });
    }
  } catch (error) {
    key.fill(0);
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
