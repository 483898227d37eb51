import { closeSync, openSync, readSync, statSync } from "node:fs";
import { z } from "zod";
import { appendAudit, verifyAudit, type AuditContext } from "../audit/audit-log.js";
import { roleHasPermission } from "../auth/permissions.js";
import { KeyslotsFileSchema, unlockUserSlot } from "../crypto/keyslots.js";
import type { Password } from "../crypto/secret.js";
import { CoffreError } from "../errors.js";
import { checkCipherPages } from "../vault/cipher-integrity.js";
import { closeDatabase, openEncryptedDatabase } from "../vault/database.js";
import { checkDatabaseIntegrity } from "../vault/integrity.js";
import { readKeyslots } from "../vault/keyslot-store.js";
import { vaultPaths } from "../vault/layout.js";
import { LATEST_SCHEMA_VERSION, schemaVersion } from "../vault/migrations/index.js";
import { findDocumentById, listReferencedBlobIds } from "../vault/queries/documents.js";
import { checkpointWalTruncate, insertErasureIfMissing, type ErasureRecord } from "../vault/queries/erasure.js";
import { shredDocument } from "../gdpr/shred.js";
import { getMeta } from "../vault/queries/meta.js";
import { findUserById } from "../vault/queries/users.js";
import { AUDIT_HEAD_ENTRY, KEYSLOTS_ENTRY, type Erasure, type Manifest } from "./manifest.js";

/** Checks on a vault copied out of a backup: first what needs no key, then what a user's password opens. */
const corrupt = (message: string): CoffreError => new CoffreError("BACKUP_CORRUPT", message);
const PLAINTEXT_SQLITE = Buffer.from("SQLite format 3\0", "latin1");

const AuditHeadFileSchema = z.strictObject({ format: z.literal("coffre-audit-head"), seq: z.number().int().nonnegative(), mac: z.string(), tag: z.string() });

function parseJson(bytes: Buffer | undefined, what: string): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw corrupt(`the backup's ${what} is not valid JSON`);
  }
}

/**
 * Without any key: the schema is one this Coffre knows; the database is encrypted (no plaintext SQLite
 * header) and a whole number of pages; keyslots.json is well formed and of the same vault as the manifest;
 * the audit head kept beside it is not ahead of the snapshot.
 */
export function checkWithoutKeys(manifest: Manifest, databaseFile: string, small: Map<string, Buffer>): { pages: number } {
  if (manifest.schemaVersion > LATEST_SCHEMA_VERSION) {
    throw new CoffreError("SCHEMA_TOO_NEW", `this backup was written by a newer Coffre (schema ${manifest.schemaVersion}); update Coffre`);
  }
  const size = statSync(databaseFile).size;
  const head = Buffer.alloc(16);
  const fd = openSync(databaseFile, "r");
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.equals(PLAINTEXT_SQLITE)) throw corrupt("the database in the backup is not encrypted");
  if (size === 0 || size % manifest.database.pageSize !== 0) throw corrupt("the database in the backup is not a whole number of pages");
  const keyslots = KeyslotsFileSchema.safeParse(parseJson(small.get(KEYSLOTS_ENTRY), KEYSLOTS_ENTRY));
  if (!keyslots.success) throw corrupt("the backup's keyslots.json is malformed");
  if (keyslots.data.vaultId !== manifest.vaultId) throw corrupt("the backup's keyslots belong to another vault than its manifest says");
  const auditHead = small.get(AUDIT_HEAD_ENTRY);
  if (auditHead) {
    const parsed = AuditHeadFileSchema.safeParse(parseJson(auditHead, AUDIT_HEAD_ENTRY));
    if (!parsed.success) throw corrupt("the backup's audit-head.json is malformed");
    if (parsed.data.seq > (manifest.auditHead?.seq ?? 0)) throw corrupt("the backup's audit head is ahead of its database: rows are missing");
  }
  return { pages: size / manifest.database.pageSize };
}

export interface KeyedCheckReport {
  user: string;
  pages: number;
  auditRows: number;
  /** Restore only: documents of the erasure lists that were present in the copy and were erased again. */
  erasuresReapplied: string[];
}

export interface KeyedCheckOptions {
  /** Restore only: re-apply erasures and record the restore in the copy's own audit trail. */
  restoreFrom?: string;
  /** Restore only: erasures learnt from a newer vault or backup (--erasures-from), besides the backup's own. */
  extraErasures?: readonly Erasure[];
  clock?: () => Date;
}

/**
 * Erases again, from a restored copy, every listed document still present (the copy came from before its
 * erasure), with the same mechanics as `coffre erase`; records the others in the copy's erasure table so the
 * next backup carries them. Each re-applied erasure is audited in the copy. Then the WAL is truncated.
 */
function reapplyErasures(context: AuditContext, blobsDir: string, erasures: readonly Erasure[], user: { id: string; name: string }, clock: () => Date): string[] {
  const db = context.db;
  const reapplied: string[] = [];
  const seen = new Set<string>();
  for (const erasure of erasures) {
    if (seen.has(erasure.documentId)) continue;
    seen.add(erasure.documentId);
    const present = findDocumentById(db, erasure.documentId);
    const record: ErasureRecord = {
      documentId: erasure.documentId,
      contentMac: present?.contentMac ?? erasure.contentMac ?? "0".repeat(64),
      docType: present?.docType ?? erasure.docType ?? "other",
      erasedAt: erasure.erasedAt,
      erasedBy: user.id,
      cause: "restore",
    };
    if (!present) {
      insertErasureIfMissing(db, record);
      continue;
    }
    shredDocument(db, blobsDir, record);
    reapplied.push(erasure.documentId);
    appendAudit(context, {
      action: "document.erase",
      result: "ok",
      userId: user.id,
      userName: user.name,
      object: `document ${erasure.documentId}`,
      reason: `re-applied on restore: erased ${erasure.erasedAt}`,
      time: clock(),
    });
  }
  checkpointWalTruncate(db);
  return reapplied;
}

/**
 * With a user's password (an admin of the backed-up vault): unwraps the keyslot in the copy, authenticates
 * every database page (cipher integrity), runs SQLite's integrity_check, checks every stored file the
 * database references is in the backup, and recomputes the audit chain, which must end exactly at the head
 * recorded in the manifest. The copy is opened directly, not through a
 * login (no lockout, no second factor): whoever holds the backup and a password can unwrap the key offline
 * anyway; these checks prove the backup is sound, they do not grant anything.
 */
export async function checkWithKeys(dir: string, manifest: Manifest, name: string, password: Password, options: KeyedCheckOptions = {}): Promise<KeyedCheckReport> {
  const paths = vaultPaths(dir);
  const keyslots = readKeyslots(paths.keyslots);
  const slot = keyslots.slots.find((candidate) => candidate.name.toLowerCase() === name.normalize("NFKC").toLowerCase());
  if (!slot) throw new CoffreError("WRONG_PASSWORD", "wrong user name or password (for the vault in the backup)");
  const { vaultKeys, userPrivateKey } = await unlockUserSlot(keyslots.vaultId, slot, password);
  userPrivateKey.wipe();
  try {
    const pageSize = manifest.database.pageSize;
    const cipher = checkCipherPages(paths.database, vaultKeys.dek, pageSize);
    if (cipher.badPages.length > 0) throw corrupt(`the database in the backup fails authentication at page ${cipher.badPages.slice(0, 5).join(", ")}`);
    const db = openEncryptedDatabase(paths.database, vaultKeys.dek, { create: false });
    try {
      if (getMeta(db, "vault_id") !== manifest.vaultId) throw corrupt("the database in the backup belongs to another vault than its manifest says");
      const user = findUserById(db, slot.userId);
      if (!user || user.status !== "active" || user.name.toLowerCase() !== slot.name.toLowerCase()) {
        throw new CoffreError("FORBIDDEN", `${slot.name} is not an active user of the vault in the backup`);
      }
      if (!roleHasPermission(user.role, "backup.run")) throw new CoffreError("FORBIDDEN", `a ${user.role} may not verify or restore backups`);
      const integrity = checkDatabaseIntegrity(db, vaultKeys.dek);
      if (!integrity.ok) throw corrupt(`the database in the backup is damaged: ${integrity.problems[0] ?? "integrity check failed"}`);
      const inBackup = new Set(manifest.entries.map((entry) => entry.name));
      const missing = [...listReferencedBlobIds(db)].find((blobId) => !inBackup.has(`blobs/${blobId.slice(0, 2)}/${blobId}`));
      if (missing !== undefined) throw corrupt(`the backup lacks the stored file ${missing}, which its database references`);
      const context: AuditContext = { db, auditKey: vaultKeys.auditKey, vaultId: keyslots.vaultId, headFile: paths.auditHead };
      const audit = verifyAudit(context);
      if (!audit.ok) throw corrupt(`the audit trail in the backup is broken: ${audit.firstBad?.problem ?? "verification failed"}`);
      const expected = manifest.auditHead;
      if ((audit.head?.seq ?? null) !== (expected?.seq ?? null) || (audit.head?.mac ?? null) !== (expected?.mac ?? null)) {
        throw corrupt("the audit trail in the backup does not end at the head its manifest records");
      }
      let reapplied: string[] = [];
      if (options.restoreFrom !== undefined) {
        const clock = options.clock ?? (() => new Date());
        appendAudit(context, {
          action: "restore",
          result: "ok",
          userId: user.id,
          userName: user.name,
          object: options.restoreFrom,
          reason: `backup of ${manifest.createdAt}, ${manifest.entries.length} files, every hash and page verified`,
          time: clock(),
        });
        reapplied = schemaVersion(db) < 6 ? [] : reapplyErasures(context, paths.blobs, [...manifest.erasures, ...(options.extraErasures ?? [])], { id: user.id, name: user.name }, clock);
      }
      return { user: user.name, pages: integrity.pages, auditRows: audit.rows, erasuresReapplied: reapplied };
    } finally {
      closeDatabase(db);
    }
  } finally {
    vaultKeys.wipe();
  }
}
