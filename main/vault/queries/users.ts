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
}

const COLUMNS = "id, name, role, status, slot_version, must_change_password, created_at, updated_at";

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
  };
}

export function insertUser(db: VaultDb, user: Omit<UserRecord, "updatedAt">): void {
  db.prepare(
    `INSERT INTO users (${COLUMNS}) VALUES (@id, @name, @role, @status, @slotVersion, @mustChangePassword, @createdAt, @createdAt)`,
  ).run({ ...user, mustChangePassword: user.mustChangePassword ? 1 : 0 });
}

export function findUserById(db: VaultDb, id: string): UserRecord | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
  return row && toRecord(row);
}

export function findUserByName(db: VaultDb, name: string): UserRecord | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM users WHERE name = ?`).get(name) as UserRow | undefined;
  return row && toRecord(row);
}

export function listUsers(db: VaultDb): UserRecord[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY name`).all() as UserRow[]).map(toRecord);
}

export function countActiveUsersWithRole(db: VaultDb, role: Role): number {
  const row = db.prepare("SELECT count(*) AS n FROM users WHERE role = ? AND status = 'active'").get(role) as { n: number };
  return row.n;
}

export function updateUserRole(db: VaultDb, id: UserId, role: Role, now: string): void {
  db.prepare("UPDATE users SET role = ?, updated_at = ? WHERE id = ?").run(role, now, id);
}

export function updateUserStatus(db: VaultDb, id: UserId, status: UserStatus, now: string): void {
  db.prepare("UPDATE users SET status = ?, updated_at = ? WHERE id = ?").run(status, now, id);
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
