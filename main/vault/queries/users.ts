import type { Role, UserId, UserStatus } from "../../../shared/domain.js";
import type { VaultDb } from "../database.js";

export interface UserRecord {
  id: UserId;
  name: string;
  role: Role;
  status: UserStatus;
  slotVersion: number;
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
  /** Bumped to end every open session of the user (disable, role change, revoke). */
  sessionEpoch: number;
  totpEnabled: boolean;
}

interface UserRow {
  id: string;
  name: string;
  role: Role;
  status: UserStatus;
  slot_version: number;
  must_change_password: number;
  created_at: string;
  updated_at: string;
  session_epoch: number;
  totp_enabled: number;
}

const COLUMNS = "id, name, role, status, slot_version, must_change_password, created_at, updated_at";
const SELECT_COLUMNS = `${COLUMNS}, session_epoch, (totp_secret IS NOT NULL) AS totp_enabled`;

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id as UserId,
    name: row.name,
    role: row.role,
    status: row.status,
    slotVersion: row.slot_version,
    mustChangePassword: row.must_change_password === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sessionEpoch: row.session_epoch,
    totpEnabled: row.totp_enabled === 1,
  };
}

export function insertUser(db: VaultDb, user: Omit<UserRecord, "updatedAt" | "sessionEpoch" | "totpEnabled">): void {
  db.prepare(
    `INSERT INTO users (${COLUMNS}) VALUES (@id, @name, @role, @status, @slotVersion, @mustChangePassword, @createdAt, @createdAt)`,
  ).run({ ...user, mustChangePassword: user.mustChangePassword ? 1 : 0 });
}

export function findUserById(db: VaultDb, id: string): UserRecord | undefined {
  const row = db.prepare(`SELECT ${SELECT_COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
  return row && toRecord(row);
}

export function findUserByName(db: VaultDb, name: string): UserRecord | undefined {
  const row = db.prepare(`SELECT ${SELECT_COLUMNS} FROM users WHERE name = ?`).get(name) as UserRow | undefined;
  return row && toRecord(row);
}

export function listUsers(db: VaultDb): UserRecord[] {
  return (db.prepare(`SELECT ${SELECT_COLUMNS} FROM users ORDER BY name`).all() as UserRow[]).map(toRecord);
}

export function countActiveUsersWithRole(db: VaultDb, role: Role): number {
  const row = db.prepare("SELECT count(*) AS n FROM users WHERE role = ? AND status = 'active'").get(role) as { n: number };
  return row.n;
}

/** Changing a role ends the user's open sessions. */
export function updateUserRole(db: VaultDb, id: UserId, role: Role, now: string): void {
  db.prepare("UPDATE users SET role = ?, session_epoch = session_epoch + 1, updated_at = ? WHERE id = ?").run(role, now, id);
}

/** Changing the status ends the user's open sessions. */
export function updateUserStatus(db: VaultDb, id: UserId, status: UserStatus, now: string): void {
  db.prepare("UPDATE users SET status = ?, session_epoch = session_epoch + 1, updated_at = ? WHERE id = ?").run(status, now, id);
}

export function bumpSessionEpoch(db: VaultDb, id: UserId, now: string): void {
  db.prepare("UPDATE users SET session_epoch = session_epoch + 1, updated_at = ? WHERE id = ?").run(now, id);
}

export function updateUserSlotVersion(db: VaultDb, id: UserId, slotVersion: number, mustChangePassword: boolean, now: string): void {
  db.prepare("UPDATE users SET slot_version = ?, must_change_password = ?, updated_at = ? WHERE id = ?").run(
    slotVersion,
    mustChangePassword ? 1 : 0,
    now,
    id,
  );
}

export function deleteUser(db: VaultDb, id: UserId): void {
  db.prepare("DELETE FROM users WHERE id = ?").run(id);
}

/**
 * Records a new slot version unless another connection holds the write lock (a long import, say); then it
 * returns false and the next unlock rolls the version forward. Never waits more than `waitMs`.
 */
export function tryUpdateUserSlotVersion(db: VaultDb, id: UserId, slotVersion: number, now: string, waitMs = 250): boolean {
  const previous = db.pragma("busy_timeout", { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.trunc(waitMs)}`);
  try {
    updateUserSlotVersion(db, id, slotVersion, false, now);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return false;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${Math.trunc(previous)}`);
  }
}

export interface TotpState {
  secret: Buffer | null;
  pending: Buffer | null;
  lastStep: number;
}

export function getTotpState(db: VaultDb, id: UserId): TotpState | undefined {
  const row = db.prepare("SELECT totp_secret, totp_pending, totp_last_step FROM users WHERE id = ?").get(id) as
    | { totp_secret: Buffer | null; totp_pending: Buffer | null; totp_last_step: number }
    | undefined;
  return row && { secret: row.totp_secret, pending: row.totp_pending, lastStep: row.totp_last_step };
}

export function setTotpPending(db: VaultDb, id: UserId, sealedSecret: Buffer, now: string): void {
  db.prepare("UPDATE users SET totp_pending = ?, updated_at = ? WHERE id = ?").run(sealedSecret, now, id);
}

/** Makes the pending secret the active one and stores the recovery code hashes, in one transaction. */
export function activateTotp(db: VaultDb, id: UserId, sealedSecret: Buffer, step: number, recoveryCodeHashes: string[], now: string): void {
  db.transaction(() => {
    db.prepare("UPDATE users SET totp_secret = ?, totp_pending = NULL, totp_last_step = ?, updated_at = ? WHERE id = ?").run(
      sealedSecret,
      step,
      now,
      id,
    );
    db.prepare("DELETE FROM mfa_recovery_codes WHERE user_id = ?").run(id);
    const insert = db.prepare("INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (?, ?)");
    for (const hash of recoveryCodeHashes) insert.run(id, hash);
  })();
}

/** Records a used TOTP step; false when that step (or a later one) was already used: a replay. */
export function claimTotpStep(db: VaultDb, id: UserId, step: number): boolean {
  return db.prepare("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?").run(step, id, step).changes === 1;
}

/** Marks a recovery code used; false when it is unknown or already used. */
export function claimRecoveryCode(db: VaultDb, id: UserId, codeHash: string, now: string): boolean {
  return (
    db.prepare("UPDATE mfa_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL").run(now, id, codeHash)
      .changes === 1
  );
}

export function countUnusedRecoveryCodes(db: VaultDb, id: UserId): number {
  return (db.prepare("SELECT count(*) AS n FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL").get(id) as { n: number }).n;
}

export function clearMfa(db: VaultDb, id: UserId, now: string): void {
  db.transaction(() => {
    db.prepare("UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = 0, updated_at = ? WHERE id = ?").run(now, id);
    db.prepare("DELETE FROM mfa_recovery_codes WHERE user_id = ?").run(id);
  })();
}
