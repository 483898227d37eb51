import type { Role, UserId } from "../../shared/domain.js";
import { appendAudit, appendAuditWith, type AuditContext, type AuditEventInput } from "../audit/audit-log.js";
import { openRevealGrant, unlockRecoverySlot, unlockUserSlot, type KeyslotsFile } from "../crypto/keyslots.js";
import { deriveKeyFromPassword, newArgon2idParams } from "../crypto/kdf.js";
import type { Password, SecretBytes } from "../crypto/secret.js";
import type { VaultKeys } from "../crypto/vault-keys.js";
import { CoffreError, isCoffreError } from "../errors.js";
import { checkCipherPages } from "../vault/cipher-integrity.js";
import { closeDatabase, isCorruptionError, openEncryptedDatabase, type VaultDb } from "../vault/database.js";
import { readKeyslots } from "../vault/keyslot-store.js";
import { vaultPaths, type VaultPaths } from "../vault/layout.js";
import { migrate } from "../vault/migrations/index.js";
import { getMeta } from "../vault/queries/meta.js";
import { findUserById, tryUpdateUserSlotVersion, type UserRecord } from "../vault/queries/users.js";
import { LockoutGuard } from "./lockout.js";
import { verifySecondFactor } from "./mfa.js";

export interface SessionUser {
  id: UserId;
  name: string;
  role: Role;
}

export interface UnlockOptions {
  /** The second factor: a TOTP code or a recovery code. */
  totp?: string;
  clock?: () => Date;
}

/**
 * An unlocked vault: the open database and the keys this principal may hold. `lock()` zeroes every key
 * buffer and closes the database; any later use throws.
 */
export class VaultSession {
  #locked = false;

  constructor(
    readonly kind: "user" | "recovery",
    readonly paths: VaultPaths,
    readonly vaultId: string,
    readonly user: SessionUser | null,
    readonly db: VaultDb,
    readonly keys: VaultKeys,
    readonly userPrivateKey: SecretBytes | null,
    readonly sensitivePrivateKey: SecretBytes | null,
    readonly sensitivePublicKey: Buffer,
    /** The user's session epoch at unlock; a bump in the database ends this session. */
    readonly epoch: number,
    readonly clock: () => Date = () => new Date(),
  ) {}

  get locked(): boolean {
    return this.#locked;
  }

  get auditContext(): AuditContext {
    this.assertUnlocked();
    return { db: this.db, auditKey: this.keys.auditKey, vaultId: this.vaultId, headFile: this.paths.auditHead };
  }

  /** Appends an audit event in this session's name. */
  audit(event: Omit<AuditEventInput, "userId" | "userName">): void {
    appendAudit(this.auditContext, this.#asUser(event));
  }

  /** Runs the database writes of `write` and appends the audit event in the same transaction. */
  auditWith<T>(event: Omit<AuditEventInput, "userId" | "userName">, write: () => T): T {
    return appendAuditWith(this.auditContext, this.#asUser(event), write);
  }

  #asUser(event: Omit<AuditEventInput, "userId" | "userName">): AuditEventInput {
    return { ...event, userId: this.user?.id ?? null, userName: this.user?.name ?? "(recovery key)", time: event.time ?? this.clock() };
  }

  /** Zeroes the keys held in memory and closes the database. Idempotent. */
  lock(): void {
    if (this.#locked) return;
    this.#locked = true;
    this.keys.wipe();
    this.userPrivateKey?.wipe();
    this.sensitivePrivateKey?.wipe();
    closeDatabase(this.db);
  }

  assertUnlocked(): void {
    if (this.#locked) throw new CoffreError("LOCKED", "the vault is locked; unlock it again");
  }
}

function openAndCheckDatabase(paths: VaultPaths, keyslots: KeyslotsFile, keys: VaultKeys): VaultDb {
  let db: VaultDb | undefined;
  try {
    db = openEncryptedDatabase(paths.database, keys.dek, { create: false });
    migrate(db);
    if (getMeta(db, "vault_id") !== keyslots.vaultId || getMeta(db, "sensitive_public_key") !== keyslots.sensitivePublicKey) {
      throw new CoffreError("KEYSLOT_TAMPERED", "keyslots.json does not belong to this database");
    }
    return db;
  } catch (error) {
    db?.close();
    throw explainDatabaseFailure(error, paths, keys);
  }
}

/** Turns a driver corruption error into one clear line naming the damaged pages. */
function explainDatabaseFailure(error: unknown, paths: VaultPaths, keys: VaultKeys): unknown {
  if (!isCorruptionError(error) && !(isCoffreError(error) && error.code === "DATABASE_WRONG_KEY")) return error;
  let bad: number[] = [];
  try {
    bad = checkCipherPages(paths.database, keys.dek).badPages;
  } catch {
    // The file could not even be read page by page; the generic message below stands.
  }
  const where =
    bad.length > 0 ? `page${bad.length > 1 ? "s" : ""} ${bad.slice(0, 5).join(", ")} fail${bad.length > 1 ? "" : "s"} authentication` : "it cannot be read";
  return new CoffreError("DATABASE_CORRUPT", `the vault database is damaged or was altered (${where}); restore it from a backup`, {
    cause: error,
  });
}

/** Writes the failures recorded while the vault was closed into the audit trail. */
function flushPendingFailures(context: AuditContext, lockout: LockoutGuard): void {
  for (const failure of lockout.takePending()) {
    appendAudit(context, {
      action: failure.action,
      result: "failed",
      userName: failure.userName,
      reason: failure.reason,
      time: new Date(failure.time),
    });
  }
}

function checkUserRow(record: UserRecord | undefined, slotName: string): UserRecord {
  if (!record || record.name.toLowerCase() !== slotName.toLowerCase()) {
    throw new CoffreError("KEYSLOT_TAMPERED", "this keyslot belongs to no user of the vault");
  }
  if (record.status !== "active") throw new CoffreError("USER_DISABLED", `user ${record.name} is disabled; an admin can enable the account again`);
  return record;
}

/**
 * Unlocks the vault as a user: lockout check, password (Argon2id keyslot), database, then the second
 * factor when the user has one. Every failure is counted outside the database and audited once the vault
 * is next opened; the database row, not the keyslot, is authoritative for role and status.
 */
export async function unlockAsUser(dir: string, name: string, password: Password, options: UnlockOptions = {}): Promise<VaultSession> {
  const clock = options.clock ?? (() => new Date());
  const paths = vaultPaths(dir);
  const keyslots = readKeyslots(paths.keyslots);
  const lockout = new LockoutGuard(paths.lockout, clock);
  lockout.check(name);

  const wanted = name.normalize("NFKC").toLowerCase();
  const slot = keyslots.slots.find((candidate) => candidate.name.toLowerCase() === wanted);
  if (!slot) {
    if (keyslots.disabled.some((entry) => entry.name.toLowerCase() === wanted)) {
      lockout.recordFailure(name, "login attempt on a disabled account");
      throw new CoffreError("USER_DISABLED", `user ${name} is disabled; an admin can enable the account again`);
    }
    // Spend the same Argon2id time as a real slot, so timing does not tell which names exist.
    (await deriveKeyFromPassword(password, newArgon2idParams())).wipe();
    lockout.recordFailure(name, "unknown user name");
    throw new CoffreError("WRONG_PASSWORD", "wrong user name or password");
  }
  let contents;
  try {
    contents = await unlockUserSlot(keyslots.vaultId, slot, password);
  } catch (error) {
    if (isCoffreError(error) && error.code === "WRONG_PASSWORD") lockout.recordFailure(slot.name, "wrong password");
    throw error;
  }
  const { vaultKeys, userPrivateKey } = contents;
  let db: VaultDb | undefined;
  try {
    db = openAndCheckDatabase(paths, keyslots, vaultKeys);
    const audit: AuditContext = { db, auditKey: vaultKeys.auditKey, vaultId: keyslots.vaultId, headFile: paths.auditHead };
    flushPendingFailures(audit, lockout);
    let record: UserRecord;
    try {
      record = checkUserRow(findUserById(db, slot.userId), slot.name);
    } catch (error) {
      if (isCoffreError(error)) appendAudit(audit, { action: "login", result: "failed", userId: slot.userId, userName: slot.name, reason: error.message, time: clock() });
      throw error;
    }
    if (slot.slotVersion < record.slotVersion) {
      appendAudit(audit, { action: "login", result: "failed", userId: record.id, userName: record.name, reason: "an old keyslot was put back", time: clock() });
      throw new CoffreError("KEYSLOT_ROLLED_BACK", "this keyslot is older than the vault expects (an old password file was restored)");
    }
    if (slot.slotVersion > record.slotVersion) {
      // A password change wrote the slot but stopped before the database: roll forward.
      tryUpdateUserSlotVersion(db, record.id, slot.slotVersion, clock().toISOString());
    }
    if (record.totpEnabled) {
      if (!options.totp) {
        throw new CoffreError("MFA_REQUIRED", "this account needs its 6-digit authentication code (COFFRE_TOTP or the prompt)");
      }
      try {
        const factor = verifySecondFactor(db, record, userPrivateKey, options.totp, clock());
        if (factor.kind === "recovery-code") {
          appendAudit(audit, { action: "mfa.recovery-code", result: "ok", userId: record.id, userName: record.name, reason: "a recovery code was used", time: clock() });
        }
      } catch (error) {
        if (isCoffreError(error) && error.code === "WRONG_TOTP") {
          lockout.recordFailure(record.name, error.message);
          flushPendingFailures(audit, lockout);
        }
        throw error;
      }
    }
    lockout.recordSuccess(record.name);
    appendAudit(audit, { action: "login", result: "ok", userId: record.id, userName: record.name, time: clock() });

    const sensitivePublicKey = Buffer.from(keyslots.sensitivePublicKey, "base64");
    const grant = keyslots.grants.find((candidate) => candidate.userId === record.id);
    const sensitivePrivateKey =
      grant && record.role === "manager" ? openRevealGrant(keyslots.vaultId, grant, userPrivateKey, sensitivePublicKey) : null;
    return new VaultSession(
      "user",
      paths,
      keyslots.vaultId,
      { id: record.id, name: record.name, role: record.role },
      db,
      vaultKeys,
      userPrivateKey,
      sensitivePrivateKey,
      sensitivePublicKey,
      record.sessionEpoch,
      clock,
    );
  } catch (error) {
    if (db?.open) closeDatabase(db);
    vaultKeys.wipe();
    userPrivateKey.wipe();
    throw error;
  }
}

/** Unlocks with the recovery key: vault keys and the sensitive private key, no user. Audited. */
export function unlockWithRecoveryKey(dir: string, recoveryKey: SecretBytes, clock: () => Date = () => new Date()): VaultSession {
  const paths = vaultPaths(dir);
  const keyslots = readKeyslots(paths.keyslots);
  const { vaultKeys, sensitivePrivateKey } = unlockRecoverySlot(keyslots.vaultId, keyslots.recovery, recoveryKey);
  try {
    const db = openAndCheckDatabase(paths, keyslots, vaultKeys);
    const session = new VaultSession(
      "recovery",
      paths,
      keyslots.vaultId,
      null,
      db,
      vaultKeys,
      null,
      sensitivePrivateKey,
      Buffer.from(keyslots.sensitivePublicKey, "base64"),
      0,
      clock,
    );
    flushPendingFailures(session.auditContext, new LockoutGuard(paths.lockout, clock));
    session.audit({ action: "login", result: "ok", reason: "unlocked with the recovery key" });
    return session;
  } catch (error) {
    vaultKeys.wipe();
    sensitivePrivateKey.wipe();
    throw error;
  }
}
