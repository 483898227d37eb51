import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as tar from "tar-stream";
import { CoffreError, isCoffreError } from "../errors.js";
import type { BackupKey } from "./age-header.js";
import { decryptAge } from "./age-stream.js";
import { DATABASE_ENTRY, isAllowedEntryName, MANIFEST_NAME, MAX_MANIFEST, MAX_SMALL_ENTRY, parseManifest, type Manifest } from "./manifest.js";

/** Where the reader puts each entry: a folder (restore), the database and small files only (verify), or nowhere (reading a newer backup's erasure list). */
export type ExtractMode = { kind: "all"; dir: string } | { kind: "database-only"; dir: string } | { kind: "none" };

export interface BackupContents {
  manifest: Manifest;
  /** Small JSON entries (keyslots, audit head), kept in memory. */
  small: Map<string, Buffer>;
  /** Bytes of plaintext read (the tar). */
  bytes: number;
}

export interface ReadOptions {
  key: BackupKey;
  extract: ExtractMode;
  onProgress?: (bytesRead: number) => void;
}

const corrupt = (message: string): CoffreError => new CoffreError("BACKUP_CORRUPT", message);

/** A sink that discards (blobs during verification) while the entry is hashed. */
function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}

async function consumeEntry(entry: AsyncIterable<unknown>, name: string, options: ReadOptions, small: Map<string, Buffer>): Promise<{ size: number; sha256: string; text?: string }> {
  const hash = createHash("sha256");
  let size = 0;
  const keep = name === MANIFEST_NAME || (name !== DATABASE_ENTRY && !name.startsWith("blobs/"));
  const parts: Buffer[] = [];
  const limit = name === MANIFEST_NAME ? MAX_MANIFEST : MAX_SMALL_ENTRY;
  const toDisk = options.extract.kind === "all" ? !keep : options.extract.kind === "database-only" && name === DATABASE_ENTRY;
  let sink: Writable = discard();
  if (toDisk && options.extract.kind !== "none") {
    const path = join(options.extract.dir, ...name.split("/"));
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    sink = createWriteStream(path, { mode: 0o600, flags: "wx" });
  }
  await pipeline(
    async function* hashing() {
      for await (const item of entry) {
        const chunk = item as Buffer;
        size += chunk.length;
        hash.update(chunk);
        if (keep) {
          if (size > limit) throw corrupt(`the backup's ${name} is implausibly large`);
          parts.push(chunk);
        }
        yield chunk;
      }
    },
    sink,
  );
  const contents = keep ? Buffer.concat(parts) : undefined;
  if (contents && name !== MANIFEST_NAME) small.set(name, contents);
  return { size, sha256: hash.digest("hex"), ...(contents && name === MANIFEST_NAME ? { text: contents.toString("utf8") } : {}) };
}

function explain(error: unknown): unknown {
  if (isCoffreError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end|truncated|premature/i.test(message)) return corrupt("the backup is truncated: its archive ends early");
  if (/checksum|invalid tar|header/i.test(message)) return corrupt(`the archive inside the backup is malformed (${message.split("\n")[0] ?? ""})`);
  return error;
}

/**
 * Decrypts, authenticates and unpacks a backup in one streaming pass. Every entry is hashed as it passes;
 * only allowed names, regular files, no duplicates, and nothing after the manifest. Once the manifest (the
 * last entry) is read, every entry it lists must have been seen with its exact size and SHA-256, and no
 * other entry may exist. The age layer has authenticated every byte once this resolves.
 */
export async function readBackup(file: string, options: ReadOptions): Promise<BackupContents> {
  const extract = tar.extract();
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  let bytes = 0;
  const plaintext = Readable.from(
    (async function* counted() {
      for await (const chunk of decryptAge(source, options.key)) {
        bytes += chunk.length;
        options.onProgress?.(bytes);
        yield chunk;
      }
    })(),
  );
  const feeding = pipeline(plaintext, extract);
  feeding.catch(() => undefined); // observed below; this only prevents an unhandled rejection
  const seen = new Map<string, { size: number; sha256: string }>();
  const small = new Map<string, Buffer>();
  let manifestText: string | undefined;
  try {
    for await (const entry of extract) {
      const { name, type } = entry.header;
      if (manifestText !== undefined) throw corrupt(`the backup holds an entry after its manifest (${name})`);
      if (type !== "file") throw corrupt(`the backup holds an entry that is not a regular file (${name})`);
      if (name !== MANIFEST_NAME && !isAllowedEntryName(name)) throw corrupt(`the backup holds an unexpected entry (${name.slice(0, 80)})`);
      if (seen.has(name)) throw corrupt(`the backup holds ${name} twice`);
      const result = await consumeEntry(entry, name, options, small);
      if (name === MANIFEST_NAME) manifestText = result.text ?? "";
      else seen.set(name, { size: result.size, sha256: result.sha256 });
    }
    await feeding;
  } catch (error) {
    // The decryption error (wrong key, altered byte, truncation) is the root cause when there is one.
    const root = await feeding.then(
      () => error,
      (feedError: unknown) => feedError,
    );
    throw explain(isCoffreError(root) ? root : error);
  }
  if (manifestText === undefined) throw corrupt("the backup has no manifest: it is incomplete");
  const manifest = parseManifest(manifestText);
  for (const listed of manifest.entries) {
    const found = seen.get(listed.name);
    if (!found) throw corrupt(`the backup is missing ${listed.name}, which its manifest lists`);
    if (found.size !== listed.size || found.sha256 !== listed.sha256) throw corrupt(`${listed.name} in the backup does not match its manifest hash`);
    seen.delete(listed.name);
  }
  const extra = [...seen.keys()][0];
  if (extra !== undefined) throw corrupt(`the backup holds ${extra}, which its manifest does not list`);
  return { manifest, small, bytes };
}
