import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
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
import { workerScriptUrl } from "../worker-url.js";
import type { BackupEncryption } from "./age-header.js";
import { encryptAgeToFd } from "./age-stream.js";
import { AUDIT_HEAD_ENTRY, DATABASE_ENTRY, KEYSLOTS_ENTRY, MANIFEST_NAME, type Manifest, type ManifestEntry } from "./manifest.js";
import { TAR_END, tarHeader, tarPadding } from "./tar-writer.js";

/** The thread that seals and writes the age payload (compiled JavaScript, see worker-url.ts). */
const ENCRYPT_WORKER = workerScriptUrl("./age-encrypt-worker.js", import.meta.url);

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

const READ_SIZE = 4 << 20;

/**
 * One entry's bytes, read in 1 MiB blocks. Reads are synchronous on purpose: from the page cache a block
 * takes a fraction of a millisecond, and the alternative (a round trip to the thread pool per open, read
 * and close, for thousands of small files) left this thread idle half the time; the sealing runs on its
 * own thread meanwhile (age-stream.ts), and waiting for it lets the event loop turn.
 */
function* entryChunks(source: Source): Generator<Buffer> {
  if (source.contents) {
    yield source.contents;
    return;
  }
  const fd = openSync(source.path ?? "", "r");
  try {
    let remaining = source.size;
    while (remaining > 0) {
      const block = Buffer.allocUnsafeSlow(Math.min(READ_SIZE, remaining));
      const n = readSync(fd, block, 0, block.length, null);
      if (n === 0) break;
      remaining -= n;
      yield n === block.length ? block : block.subarray(0, n);
    }
    // A file that grew while it was read is as wrong as one that shrank.
    if (remaining === 0 && readSync(fd, Buffer.alloc(1), 0, 1, null) > 0) remaining = -1;
    if (remaining !== 0) throw new CoffreError("INTERNAL", `${source.name} changed while it was being backed up; run the backup again`);
  } finally {
    closeSync(fd);
  }
}

/**
 * The tar stream of the backup: every source as an entry, hashed on the way into `entries`, then the
 * manifest (built from those hashes) last, then the end blocks.
 */
async function* archive(sources: Source[], entries: ManifestEntry[], manifestOf: (entries: ManifestEntry[]) => Buffer, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  const mtime = new Date();
  for (const source of sources) {
    const hash = createHash("sha256");
    yield tarHeader(source.name, source.size, mtime);
    for (const chunk of entryChunks(source)) {
      hash.update(chunk);
      onBytes(chunk.length);
      yield chunk;
    }
    yield tarPadding(source.size);
    entries.push({ name: source.name, size: source.size, sha256: hash.digest("hex") });
  }
  const manifest = manifestOf(entries);
  yield tarHeader(MANIFEST_NAME, manifest.length, mtime);
  yield manifest;
  yield tarPadding(manifest.length);
  yield TAR_END;
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

  // Reading, archiving and hashing here; sealing and writing on the encryption thread, at the same time.
  const entries: ManifestEntry[] = [];
  const manifestOf = (listed: ManifestEntry[]): Buffer => {
    const manifest: Manifest = { format: "coffre-backup", version: 1, coffreVersion: COFFRE_VERSION, createdAt, ...facts, entries: listed };
    return Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
  };
  const fd = openSync(partial, "wx", 0o600);
  try {
    await encryptAgeToFd(archive(sources, entries, manifestOf, onBytes), options.encryption, fd, ENCRYPT_WORKER);
  } finally {
    closeSync(fd);
  }
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
