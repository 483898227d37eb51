import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createDecryptStream, createEncryptStream } from "../crypto/stream.js";
import type { SecretBytes } from "../crypto/secret.js";
import { CoffreError } from "../errors.js";

/**
 * Encrypted files of a vault: blobs/<2 hex>/<32 hex>. Written to a temporary name, fsynced, then renamed,
 * so a blob is either whole or absent; the database rows that reference it are written only afterwards.
 */
const BLOB_ID = /^[0-9a-f]{32}$/;

export function newBlobId(): string {
  return randomBytes(16).toString("hex");
}

function blobPath(blobsDir: string, blobId: string): string {
  if (!BLOB_ID.test(blobId)) throw new CoffreError("BAD_INPUT", "malformed blob id");
  return join(blobsDir, blobId.slice(0, 2), blobId);
}

/** Encrypts `source` into a new blob with `key`; returns the plaintext size. Durable when it resolves. */
export async function writeBlob(blobsDir: string, blobId: string, source: Buffer | Readable, key: SecretBytes): Promise<number> {
  const target = blobPath(blobsDir, blobId);
  mkdirSync(join(blobsDir, blobId.slice(0, 2)), { recursive: true, mode: 0o700 });
  const temporary = `${target}.tmp`;
  let size = 0;
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
  try {
    await pipeline(
      input,
      async function* count(chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          size += chunk.length;
          yield chunk;
        }
      },
      createEncryptStream(key),
      createWriteStream(temporary, { mode: 0o600 }),
    );
    const handle = await open(temporary, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    return size;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Streams a blob's plaintext. Consumers must treat the data as valid only once the stream has ended. */
export function openBlob(blobsDir: string, blobId: string, key: SecretBytes): Readable {
  const path = blobPath(blobsDir, blobId);
  if (!existsSync(path)) throw new CoffreError("BAD_INPUT", "a stored file is missing from the vault");
  const output = createDecryptStream(key);
  createReadStream(path).on("error", (error) => output.destroy(error)).pipe(output);
  return output;
}

/** Reads a whole (small) blob into memory, authenticated to the end. */
export async function readBlob(blobsDir: string, blobId: string, key: SecretBytes): Promise<Buffer> {
  const parts: Buffer[] = [];
  await pipeline(
    openBlob(blobsDir, blobId, key),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        parts.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(parts);
}

export function deleteBlob(blobsDir: string, blobId: string): void {
  rmSync(blobPath(blobsDir, blobId), { force: true });
}

/** Every blob id present on disk, and leftover temporary files from an interrupted write. */
export function listStoredBlobs(blobsDir: string): { blobIds: string[]; temporaries: string[] } {
  const blobIds: string[] = [];
  const temporaries: string[] = [];
  if (!existsSync(blobsDir)) return { blobIds, temporaries };
  for (const prefix of readdirSync(blobsDir)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of readdirSync(join(blobsDir, prefix))) {
      if (BLOB_ID.test(name)) blobIds.push(name);
      else if (name.endsWith(".tmp")) temporaries.push(join(blobsDir, prefix, name));
    }
  }
  return { blobIds, temporaries };
}
