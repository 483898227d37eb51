import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as tar from "tar-stream";
import { COFFRE_VERSION } from "../../shared/version.js";
import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import { CoffreError, isCoffreError } from "../errors.js";
import { listStoredBlobs } from "../vault/blob-store.js";
import { closeDatabase, openEncryptedDatabase } from "../vault/database.js";
import { schemaVersion } from "../vault/migrations/index.js";
import { lastAuditRow } from "../vault/queries/audit.js";
import { databasePageSize, snapshotDatabaseInto } from "../vault/queries/backup.js";
import { listErasures } from "../vault/queries/erasure.js";
import { getMeta } from "../vault/queries/meta.js";
import type { BackupEncryption } from "./age-header.js";
import { encryptAge } from "./age-stream.js";
import { AUDIT_HEAD_ENTRY, DATABASE_ENTRY, KEYSLOTS_ENTRY, MANIFEST_NAME, type Manifest, type ManifestEntry } from "./manifest.js";

export interface BackupProgress {
  bytesDone: number;
  bytesTotal: number;
}

export interface BackupOptions {
  out: string;
  encryption: BackupEncryption;
  onProgress?: (progress: BackupProgress) => void;
}

export interface BackupSummary {
  file: string;
  entries: number;
  blobs: number;
  bytes: number;
  createdAt: string;
  auditHead: Manifest["auditHead"];
}

interface Source {
  name: string;
  size: number;
  /** A file streamed from disk, or small contents already read. */
  path?: string;
  contents?: Buffer;
}

/** The schema version that added the erasure list (migration 0006). */
const ERASURES_SCHEMA = 6;

/** Reads the facts the manifest records from the snapshot itself, so they match what is in the backup. */
function snapshotFacts(file: string, session: VaultSession): Pick<Manifest, "vaultId" | "schemaVersion" | "database" | "auditHead" | "erasures"> {
  const db = openEncryptedDatabase(file, session.keys.dek, { create: false });
  try {
    const vaultId = getMeta(db, "vault_id");
    if (vaultId !== session.vaultId) throw new CoffreError("DATABASE_CORRUPT", "the database snapshot does not belong to this vault");
    const last = lastAuditRow(db);
    // The erasure list of the snapshot itself, so it matches the database in the backup exactly.
    const version = schemaVersion(db);
    const erasures = (version >= ERASURES_SCHEMA ? listErasures(db) : []).map((erasure) => ({ documentId: erasure.documentId, erasedAt: erasure.erasedAt, contentMac: erasure.contentMac, docType: erasure.docType }));
    return { vaultId, schemaVersion: version, database: { pageSize: databasePageSize(db) }, auditHead: last ? { seq: last.seq, mac: last.mac } : null, erasures };
  } finally {
    closeDatabase(db);
  }
}

/** Adds one tar entry, hashing it on the way; waits for the pack's back-pressure. */
async function addEntry(pack: tar.Pack, source: Source, onBytes: (n: number) => void): Promise<ManifestEntry> {
  const hash = createHash("sha256");
  let written = 0;
  const done = new Promise<void>((resolveEntry, rejectEntry) => {
    const entry = pack.entry({ name: source.name, size: source.size, mode: 0o600, mtime: new Date(), type: "file" }, (error) =>
      error ? rejectEntry(error) : resolveEntry(),
    );
    const feed = async (): Promise<void> => {
      const chunks = source.contents ? Readable.from([source.contents]) : createReadStream(source.path ?? "", { highWaterMark: 1 << 20 });
      for await (const chunk of chunks as AsyncIterable<Buffer>) {
        written += chunk.length;
        if (written > source.size) break;
        hash.update(chunk);
        onBytes(chunk.length);
        if (!entry.write(chunk)) await new Promise<void>((drained) => entry.once("drain", () => drained()));
      }
      if (written !== source.size) throw new CoffreError("INTERNAL", `${source.name} changed while it was being backed up; run the backup again`);
      entry.end(undefined);
    };
    feed().catch((error: unknown) => {
      entry.destroy(error as Error);
      rejectEntry(error);
    });
  });
  await done;
  return { name: source.name, size: source.size, sha256: hash.digest("hex") };
}

async function* packBytes(pack: tar.Pack): AsyncGenerator<Buffer> {
  for await (const chunk of pack) yield chunk as Buffer;
}

function blobSources(blobsDir: string): Source[] {
  const sources: Source[] = [];
  for (const blobId of listStoredBlobs(blobsDir).blobIds.sort()) {
    const path = join(blobsDir, blobId.slice(0, 2), blobId);
    try {
      sources.push({ name: `blobs/${blobId.slice(0, 2)}/${blobId}`, size: statSync(path).size, path });
    } catch (error) {
      // Erased between the listing and now: the erasure list, not the backup, accounts for it.
      if ((error as { code?: string }).code !== "ENOENT") throw error;
    }
  }
  return sources;
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes one age file holding a consistent snapshot of the vault: the database (VACUUM INTO, while the app
 * may keep writing), then keyslots, the audit head and every blob, streamed (memory stays bounded whatever
 * the vault's size), and the manifest last. Written to a temporary name, fsynced, then renamed: the output
 * is whole or absent. Admins only; audited in the vault whether it succeeds or fails.
 */
export async function createBackup(session: VaultSession, options: BackupOptions): Promise<BackupSummary> {
  authorize(session, "backup.run");
  const out = resolve(options.out);
  if (existsSync(out)) throw new CoffreError("BAD_INPUT", `${basename(out)} already exists; choose a new file name`);
  if (!existsSync(dirname(out))) throw new CoffreError("BAD_INPUT", `the folder of ${basename(out)} does not exist`);
  const work = mkdtempSync(join(tmpdir(), "coffre-backup-"));
  const partial = `${out}.partial-${process.pid}`;
  try {
    const summary = await writeBackup(session, out, partial, work, options);
    session.audit({ action: "backup", result: "ok", object: basename(out), reason: `${summary.entries} files, ${summary.bytes} bytes` });
    return summary;
  } catch (error) {
    await rm(partial, { force: true });
    const reason = isCoffreError(error) ? error.message : "unexpected error";
    session.audit({ action: "backup", result: "failed", object: basename(out), reason });
    throw error;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function writeBackup(session: VaultSession, out: string, partial: string, work: string, options: BackupOptions): Promise<BackupSummary> {
  const paths = session.paths;
  const createdAt = session.clock().toISOString();
  // The head first: read before the snapshot, it can only be behind it (which verification accepts), never ahead.
  const auditHead = existsSync(paths.auditHead) ? readFileSync(paths.auditHead) : null;
  const snapshot = join(work, DATABASE_ENTRY);
  snapshotDatabaseInto(session.db, snapshot);
  const facts = snapshotFacts(snapshot, session);
  const sources: Source[] = [
    { name: DATABASE_ENTRY, size: statSync(snapshot).size, path: snapshot },
    ...[{ name: KEYSLOTS_ENTRY, contents: readFileSync(paths.keyslots) }, ...(auditHead ? [{ name: AUDIT_HEAD_ENTRY, contents: auditHead }] : [])].map(
      (entry) => ({ ...entry, size: entry.contents.length }),
    ),
    ...blobSources(paths.blobs),
  ];
  const bytesTotal = sources.reduce((sum, source) => sum + source.size, 0);
  let bytesDone = 0;
  const onBytes = (n: number): void => {
    bytesDone += n;
    options.onProgress?.({ bytesDone, bytesTotal });
  };

  // Generous buffers between reading, archiving, encrypting and writing, so disk reads and writes overlap.
  const pack = tar.pack({ highWaterMark: 4 << 20 });
  const writing = pipeline(Readable.from(encryptAge(packBytes(pack), options.encryption)), createWriteStream(partial, { mode: 0o600, flags: "wx", highWaterMark: 4 << 20 }));
  const entries: ManifestEntry[] = [];
  try {
    for (const source of sources) entries.push(await addEntry(pack, source, onBytes));
    const manifest: Manifest = { format: "coffre-backup", version: 1, coffreVersion: COFFRE_VERSION, createdAt, ...facts, entries };
    const manifestText = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
    await addEntry(pack, { name: MANIFEST_NAME, size: manifestText.length, contents: manifestText }, () => undefined);
    pack.finalize();
  } catch (error) {
    pack.destroy(error as Error);
    await writing.catch(() => undefined);
    throw error;
  }
  await writing;
  await fsyncFile(partial);
  await rename(partial, out);
  return {
    file: out,
    entries: entries.length,
    blobs: entries.filter((entry) => entry.name.startsWith("blobs/")).length,
    bytes: statSync(out).size,
    createdAt,
    auditHead: facts.auditHead,
  };
}
