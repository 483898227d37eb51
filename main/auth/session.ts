import type { Role, UserId } from "../../shared/domain.js";
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
import { findUserById, tryUpdateUserSlotVersion } from "../vault/queries/users.js";

export interface SessionUser {
  id: UserId;
  name: string;
  role: Role;
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
  ) {}

  get locked(): boolean {
    return this.#locked;
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
  const where = bad.length > 0 ? `page${bad.length > 1 ? "s" : ""} ${bad.slice(0, 5).join(", ")} fail${bad.length > 1 ? "" : "s"} authentication` : "it cannot be read";
  return new CoffreError("DATABASE_CORRUPT", `the vault database is damaged or was altered (${where}); restore it from a backup`, {
    cause: error,
  });
}

/** Unlocks the vault with a user's password. The database row, not the keyslot, is authoritative. */
export async function unlockAsUser(dir: string, name: string, password: Password): Promise<VaultSession> {
  const paths = vaultPaths(dir);
  const keyslots = readKeyslots(paths.keyslots);
  const wanted = name.normalize("NFKC").toLowerCase();
  const slot = keyslots.slots.find((candidate) => candidate.name.toLowerCase() === wanted);
  if (!slot) {
    if (keyslots.disabled.some((entry) => entry.name.toLowerCase() === wanted)) {
      throw new CoffreError("USER_DISABLED", `user ${name} is disabled; an admin can enable the account again`);
    }
    // Spend the same Argon2id time as a real slot, so timing does not tell which names exist.
    (await deriveKeyFromPassword(password, newArgon2idParams())).wipe();
    throw new CoffreError("WRONG_PASSWORD", "wrong user name or password");
  }
  const { vaultKeys, userPrivateKey } = await unlockUserSlot(keyslots.vaultId, slot, password);
  let db: VaultDb | undefined;
  try {
    db = openAndCheckDatabase(paths, keyslots, vaultKeys);
    const record = findUserById(db, slot.userId);
    if (!record || record.name.toLowerCase() !== slot.name.toLowerCase()) {
      throw new CoffreError("KEYSLOT_TAMPERED", "this keyslot belongs to no user of the vault");
    }
    if (record.status !== "active") throw new CoffreError("USER_DISABLED", `user ${record.name} is disabled`);
    if (slot.slotVersion < record.slotVersion) {
      throw new CoffreError("KEYSLOT_ROLLED_BACK", "this keyslot is older than the vault expects (an old password file was restored)");
    }
    if (slot.slotVersion > record.slotVersion) {
      // A password change wrote the slot but stopped before the database: roll forward.
      tryUpdateUserSlotVersion(db, record.id, slot.slotVersion, new Date().toISOString());
    }
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
    );
  } catch (error) {
    db?.close();
    vaultKeys.wipe();
    userPrivateKey.wipe();
    throw error;
  }
}

/** Unlocks with the recovery key: vault keys and the sensitive private key, no user. */
export function unlockWithRecoveryKey(dir: string, recoveryKey: SecretBytes): VaultSession {
  const paths = vaultPaths(dir);
  const keyslots = readKeyslots(paths.keyslots);
  const { vaultKeys, sensitivePrivateKey } = unlockRecoverySlot(keyslots.vaultId, keyslots.recovery, recoveryKey);
  try {
    const db = openAndCheckDatabase(paths, keyslots, vaultKeys);
    return new VaultSession(
      "recovery",
      paths,
      keyslots.vaultId,
      null,
      db,
      vaultKeys,
      null,
      sensitivePrivateKey,
      Buffer.from(keyslots.sensitivePublicKey, "base64"),
    );
  } catch (error) {
    vaultKeys.wipe();
    sensitivePrivateKey.wipe();
    throw error;
  }
}
