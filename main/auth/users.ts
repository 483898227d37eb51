import { randomUUID } from "node:crypto";
import { isRole, type UserId, type UserSummary } from "../../shared/domain.js";
import { createRevealGrant, createUserSlot, type UserSlot } from "../crypto/keyslots.js";
import type { Password } from "../crypto/secret.js";
import { CoffreError } from "../errors.js";
import { readKeyslots, updateKeyslots } from "../vault/keyslot-store.js";
import {
  bumpSessionEpoch,
  clearMfa,
  countActiveUsersWithRole,
  findUserByName,
  insertUser,
  listUsers as listUserRecords,
  updateUserRole,
  updateUserSlotVersion,
  updateUserStatus,
  type UserRecord,
} from "../vault/queries/users.js";
import { authorize } from "./authorize.js";
import { LockoutGuard } from "./lockout.js";
import { checkPasswordPolicy, checkUserName } from "./password-policy.js";
import type { VaultSession } from "./session.js";

/**
 * User administration (admin), and handing out the reveal key (managers, recovery key). Every change is
 * authorised by authorize() and written to the audit trail.
 */
export interface NewPassword {
  secret: Password;
  /** Only for the policy check; not kept. */
  text: string;
}

export function requireUser(session: VaultSession, name: string): UserRecord {
  const user = findUserByName(session.db, name);
  if (!user) throw new CoffreError("NO_SUCH_USER", `no user named ${name}`);
  return user;
}

export function slotOf(session: VaultSession, userId: UserId): UserSlot {
  const slot = readKeyslots(session.paths.keyslots).slots.find((candidate) => candidate.userId === userId);
  if (!slot) throw new CoffreError("KEYSLOTS_CORRUPT", "keyslots.json has no slot for this user");
  return slot;
}

function now(session: VaultSession): string {
  return session.clock().toISOString();
}

/** Admin: creates a user with a temporary password they must change at first login. */
export async function addUser(session: VaultSession, args: { name: string; role: string; password: NewPassword }): Promise<UserSummary> {
  authorize(session, "users.manage");
  checkUserName(args.name);
  if (!isRole(args.role)) throw new CoffreError("BAD_INPUT", `unknown role ${args.role}: use clerk, manager, auditor or admin`);
  if (findUserByName(session.db, args.name)) throw new CoffreError("USER_EXISTS", `a user named ${args.name} already exists`);
  checkPasswordPolicy(args.password.text, args.name);
  const id = randomUUID() as UserId;
  const { slot, userPrivateKey } = await createUserSlot({
    vaultId: session.vaultId,
    userId: id,
    name: args.name,
    role: args.role,
    slotVersion: 1,
    password: args.password.secret,
    vaultKeys: session.keys,
  });
  userPrivateKey.wipe();
  // Slot first, then the row: a slot without a row opens nothing (unlock checks the row).
  updateKeyslots(session.paths.keyslots, (file) => ({ ...file, slots: [...file.slots, slot] }));
  insertUser(session.db, { id, name: args.name, role: args.role, status: "active", slotVersion: 1, mustChangePassword: true, createdAt: now(session) });
  session.audit({ action: "user.add", result: "ok", object: `user ${args.name}`, reason: `role ${args.role}` });
  return summarise(session, requireUser(session, args.name));
}

export function listUsers(session: VaultSession): UserSummary[] {
  authorize(session, "users.manage");
  return listUserRecords(session.db).map((user) => summarise(session, user));
}

function summarise(session: VaultSession, user: UserRecord): UserSummary {
  const grants = readKeyslots(session.paths.keyslots).grants;
  return {
    id: user.id,
    name: user.name,
    role: user.role,
    status: user.status,
    mustChangePassword: user.mustChangePassword,
    canReveal: user.role === "manager" && grants.some((grant) => grant.userId === user.id),
    createdAt: user.createdAt,
  };
}

function refuseRemovingLastAdmin(session: VaultSession, user: UserRecord): void {
  if (user.role === "admin" && user.status === "active" && countActiveUsersWithRole(session.db, "admin") <= 1) {
    throw new CoffreError("FORBIDDEN", "refused: this is the last active admin");
  }
}

/**
 * Admin, incident response: disables a user and ends all their sessions at once. Their keyslot and reveal
 * grant are deleted, so the vault's current files hold no key for them any more.
 */
export function disableUser(session: VaultSession, name: string, reason?: string): UserSummary {
  const actor = authorize(session, "users.manage", { kind: "user", id: name, name });
  const user = requireUser(session, name);
  if (actor && actor.id === user.id) throw new CoffreError("FORBIDDEN", "refused: you cannot disable yourself");
  refuseRemovingLastAdmin(session, user);
  updateKeyslots(session.paths.keyslots, (file) => ({
    ...file,
    slots: file.slots.filter((slot) => slot.userId !== user.id),
    grants: file.grants.filter((grant) => grant.userId !== user.id),
    disabled: [...file.disabled.filter((entry) => entry.userId !== user.id), { userId: user.id, name: user.name, disabledAt: now(session) }],
  }));
  updateUserStatus(session.db, user.id, "disabled", now(session));
  session.audit({ action: "user.disable", result: "ok", object: `user ${user.name}`, reason: reason ?? null });
  return summarise(session, requireUser(session, name));
}

/**
 * Admin: enables an account again. A user locked out by failed attempts is released as they are; a
 * disabled user gets a new temporary password (a new keyslot and key pair; a manager must be given the
 * reveal key again).
 */
export async function enableUser(session: VaultSession, args: { name: string; password?: NewPassword }): Promise<UserSummary> {
  authorize(session, "users.manage", { kind: "user", id: args.name, name: args.name });
  const user = requireUser(session, args.name);
  const lockout = new LockoutGuard(session.paths.lockout, session.clock);
  if (user.status === "active") {
    if (!lockout.release(user.name)) throw new CoffreError("BAD_INPUT", `user ${user.name} is already active and not locked out`);
    session.audit({ action: "user.enable", result: "ok", object: `user ${user.name}`, reason: "failed-attempt lock released" });
    return summarise(session, user);
  }
  if (!args.password) throw new CoffreError("BAD_INPUT", `user ${user.name} was disabled: give a new temporary password (COFFRE_NEW_PASSWORD)`);
  checkPasswordPolicy(args.password.text, user.name);
  const slotVersion = user.slotVersion + 1;
  const { slot, userPrivateKey } = await createUserSlot({
    vaultId: session.vaultId,
    userId: user.id,
    name: user.name,
    role: user.role,
    slotVersion,
    password: args.password.secret,
    vaultKeys: session.keys,
  });
  userPrivateKey.wipe();
  updateKeyslots(session.paths.keyslots, (file) => ({
    ...file,
    slots: [...file.slots.filter((existing) => existing.userId !== user.id), slot],
    disabled: file.disabled.filter((entry) => entry.userId !== user.id),
  }));
  // The old second factor was sealed to the old key pair: it must be enrolled again.
  clearMfa(session.db, user.id, now(session));
  updateUserSlotVersion(session.db, user.id, slotVersion, true, now(session));
  updateUserStatus(session.db, user.id, "active", now(session));
  lockout.release(user.name);
  session.audit({ action: "user.enable", result: "ok", object: `user ${user.name}`, reason: "new temporary password" });
  return summarise(session, requireUser(session, args.name));
}

/** Admin: ends every open session of a user (their next call is refused) without disabling them. */
export function revokeSessions(session: VaultSession, name: string, reason?: string): UserSummary {
  authorize(session, "users.manage", { kind: "user", id: name, name });
  const user = requireUser(session, name);
  bumpSessionEpoch(session.db, user.id, now(session));
  session.audit({ action: "session.revoke", result: "ok", object: `user ${user.name}`, reason: reason ?? null });
  return summarise(session, requireUser(session, name));
}

/** Admin: changes a role. Leaving the manager role drops the reveal grant at once; open sessions end. */
export function setUserRole(session: VaultSession, name: string, role: string): UserSummary {
  authorize(session, "users.manage", { kind: "user", id: name, name });
  if (!isRole(role)) throw new CoffreError("BAD_INPUT", `unknown role ${role}: use clerk, manager, auditor or admin`);
  const user = requireUser(session, name);
  if (role !== "admin") refuseRemovingLastAdmin(session, user);
  if (role !== "manager") {
    updateKeyslots(session.paths.keyslots, (file) => ({ ...file, grants: file.grants.filter((grant) => grant.userId !== user.id) }));
  }
  updateUserRole(session.db, user.id, role, now(session));
  session.audit({ action: "user.role", result: "ok", object: `user ${user.name}`, reason: `${user.role} -> ${role}` });
  return summarise(session, requireUser(session, name));
}

/** Admin: removes a user's second factor (lost phone); they must enrol again. */
export function resetMfa(session: VaultSession, name: string, reason?: string): UserSummary {
  authorize(session, "mfa.reset", { kind: "user", id: name, name });
  const user = requireUser(session, name);
  clearMfa(session.db, user.id, now(session));
  bumpSessionEpoch(session.db, user.id, now(session));
  session.audit({ action: "mfa.reset", result: "ok", object: `user ${user.name}`, reason: reason ?? null });
  return summarise(session, requireUser(session, name));
}

/**
 * Gives a manager the sensitive-field private key, sealed to their public key. Only a session that
 * holds that key can do it: a manager who has it, or the recovery key. An admin never holds it.
 */
export function grantReveal(session: VaultSession, name: string): UserSummary {
  authorize(session, "reveal.grant", { kind: "user", id: name, name });
  if (!session.sensitivePrivateKey) {
    throw new CoffreError("FORBIDDEN", "refused: this session does not hold the reveal key");
  }
  const user = requireUser(session, name);
  if (user.role !== "manager") throw new CoffreError("FORBIDDEN", `refused: only a manager can be given the reveal key (${name} is a ${user.role})`);
  if (user.status !== "active") throw new CoffreError("USER_DISABLED", `user ${name} is disabled`);
  const grant = createRevealGrant(session.vaultId, slotOf(session, user.id), session.sensitivePrivateKey, session.clock());
  updateKeyslots(session.paths.keyslots, (file) => ({
    ...file,
    grants: [...file.grants.filter((existing) => existing.userId !== user.id), grant],
  }));
  session.audit({ action: "user.grant-reveal", result: "ok", object: `user ${user.name}` });
  return summarise(session, user);
}
