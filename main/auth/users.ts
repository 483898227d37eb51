import { randomUUID } from "node:crypto";
import { isRole, type Role, type UserId, type UserSummary } from "../../shared/domain.js";
import { createRevealGrant, createUserSlot, type UserSlot } from "../crypto/keyslots.js";
import type { Password } from "../crypto/secret.js";
import { CoffreError } from "../errors.js";
import { readKeyslots, updateKeyslots } from "../vault/keyslot-store.js";
import {
  countActiveUsersWithRole,
  findUserByName,
  insertUser,
  listUsers as listUserRecords,
  updateUserRole,
  tryUpdateUserSlotVersion,
  updateUserSlotVersion,
  updateUserStatus,
  type UserRecord,
} from "../vault/queries/users.js";
import { authorize } from "./authorize.js";
import { checkPasswordPolicy, checkUserName } from "./password-policy.js";
import { unlockAsUser, type VaultSession } from "./session.js";

export interface NewPassword {
  secret: Password;
  /** Only for the policy check; not kept. */
  text: string;
}

function requireUser(session: VaultSession, name: string): UserRecord {
  const user = findUserByName(session.db, name);
  if (!user) throw new CoffreError("NO_SUCH_USER", `no user named ${name}`);
  return user;
}

function slotOf(session: VaultSession, userId: UserId): UserSlot {
  const slot = readKeyslots(session.paths.keyslots).slots.find((candidate) => candidate.userId === userId);
  if (!slot) throw new CoffreError("KEYSLOTS_CORRUPT", "keyslots.json has no slot for this user");
  return slot;
}

/** Admin: creates a user with a temporary password they must change at first login. */
export async function addUser(
  session: VaultSession,
  args: { name: string; role: string; password: NewPassword; kdfCost?: { m: number; t: number; p: number } },
): Promise<UserSummary> {
  authorize(session, "users.manage");
  checkUserName(args.name);
  if (!isRole(args.role)) throw new CoffreError("BAD_INPUT", `unknown role ${args.role}: use clerk, manager, auditor or admin`);
  if (findUserByName(session.db, args.name)) throw new CoffreError("USER_EXISTS", `a user named ${args.name} already exists`);
  checkPasswordPolicy(args.password.text, args.name);
  const id = randomUUID() as UserId;
  const now = new Date().toISOString();
  const { slot, userPrivateKey } = await createUserSlot({
    vaultId: session.vaultId,
    userId: id,
    name: args.name,
    role: args.role,
    slotVersion: 1,
    password: args.password.secret,
    vaultKeys: session.keys,
    ...(args.kdfCost ? { kdfCost: args.kdfCost } : {}),
  });
  userPrivateKey.wipe();
  // Slot first, then the row: a slot without a row opens nothing (unlock checks the row).
  updateKeyslots(session.paths.keyslots, (file) => ({ ...file, slots: [...file.slots, slot] }));
  insertUser(session.db, { id, name: args.name, role: args.role, status: "active", slotVersion: 1, mustChangePassword: true, createdAt: now });
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
 * Admin: disables a user. Their keyslot and reveal grant are deleted at once, so the vault's current files
 * hold no key for them any more (an open session of theirs is refused on its next call).
 */
export function disableUser(session: VaultSession, name: string): UserSummary {
  const actor = authorize(session, "users.manage");
  const user = requireUser(session, name);
  if (actor && actor.id === user.id) throw new CoffreError("FORBIDDEN", "refused: you cannot disable yourself");
  refuseRemovingLastAdmin(session, user);
  updateKeyslots(session.paths.keyslots, (file) => ({
    ...file,
    slots: file.slots.filter((slot) => slot.userId !== user.id),
    grants: file.grants.filter((grant) => grant.userId !== user.id),
    disabled: [...file.disabled.filter((entry) => entry.userId !== user.id), { userId: user.id, name: user.name, disabledAt: new Date().toISOString() }],
  }));
  updateUserStatus(session.db, user.id, "disabled", new Date().toISOString());
  return summarise(session, requireUser(session, name));
}

/**
 * Admin: enables a disabled user again with a new temporary password (a new keyslot and key pair; a
 * manager must be given the reveal key again).
 */
export async function enableUser(
  session: VaultSession,
  args: { name: string; password: NewPassword; kdfCost?: { m: number; t: number; p: number } },
): Promise<UserSummary> {
  authorize(session, "users.manage");
  const user = requireUser(session, args.name);
  if (user.status === "active") throw new CoffreError("BAD_INPUT", `user ${user.name} is already active`);
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
    ...(args.kdfCost ? { kdfCost: args.kdfCost } : {}),
  });
  userPrivateKey.wipe();
  updateKeyslots(session.paths.keyslots, (file) => ({
    ...file,
    slots: [...file.slots.filter((existing) => existing.userId !== user.id), slot],
    disabled: file.disabled.filter((entry) => entry.userId !== user.id),
  }));
  const now = new Date().toISOString();
  updateUserSlotVersion(session.db, user.id, slotVersion, true, now);
  updateUserStatus(session.db, user.id, "active", now);
  return summarise(session, requireUser(session, args.name));
}

/** Admin: changes a role. Leaving the manager role drops the reveal grant at once. */
export function setUserRole(session: VaultSession, name: string, role: string): UserSummary {
  authorize(session, "users.manage");
  if (!isRole(role)) throw new CoffreError("BAD_INPUT", `unknown role ${role}: use clerk, manager, auditor or admin`);
  const user = requireUser(session, name);
  if (role !== "admin") refuseRemovingLastAdmin(session, user);
  if (role !== "manager") {
    updateKeyslots(session.paths.keyslots, (file) => ({ ...file, grants: file.grants.filter((grant) => grant.userId !== user.id) }));
  }
  updateUserRole(session.db, user.id, role as Role, new Date().toISOString());
  return summarise(session, requireUser(session, name));
}

/**
 * Gives a manager the sensitive-field private key, sealed to their public key. Only a session that
 * holds that key can do it: a manager who has it, or the recovery key. An admin never holds it.
 */
export function grantReveal(session: VaultSession, name: string): UserSummary {
  authorize(session, "reveal.grant");
  if (!session.sensitivePrivateKey) {
    throw new CoffreError("FORBIDDEN", "refused: this session does not hold the reveal key");
  }
  const user = requireUser(session, name);
  if (user.role !== "manager") throw new CoffreError("FORBIDDEN", `refused: only a manager can be given the reveal key (${name} is a ${user.role})`);
  if (user.status !== "active") throw new CoffreError("USER_DISABLED", `user ${name} is disabled`);
  const grant = createRevealGrant(session.vaultId, slotOf(session, user.id), session.sensitivePrivateKey);
  updateKeyslots(session.paths.keyslots, (file) => ({
    ...file,
    grants: [...file.grants.filter((existing) => existing.userId !== user.id), grant],
  }));
  return summarise(session, user);
}

/**
 * A user changes their own password: the slot is rewrapped under the new password (same keys, same key
 * pair, version + 1). Only keyslots.json and the user's row change; the database is never rekeyed.
 */
export async function changePassword(args: {
  dir: string;
  name: string;
  current: Password;
  next: NewPassword;
  kdfCost?: { m: number; t: number; p: number };
}): Promise<void> {
  const session = await unlockAsUser(args.dir, args.name, args.current);
  try {
    const user = session.user;
    if (!user) throw new CoffreError("FORBIDDEN", "no user in this session");
    checkPasswordPolicy(args.next.text, user.name);
    const oldSlot = slotOf(session, user.id);
    const userPrivateKey = session.userPrivateKey;
    if (!userPrivateKey) throw new CoffreError("FORBIDDEN", "no user key in this session");
    const record = requireUser(session, user.name);
    const { slot } = await createUserSlot({
      vaultId: session.vaultId,
      userId: user.id,
      name: record.name,
      role: record.role,
      slotVersion: Math.max(oldSlot.slotVersion, record.slotVersion) + 1,
      password: args.next.secret,
      vaultKeys: session.keys,
      userPrivateKey,
      ...(args.kdfCost ? { kdfCost: args.kdfCost } : {}),
    });
    updateKeyslots(session.paths.keyslots, (file) => ({
      ...file,
      slots: file.slots.map((existing) => (existing.userId === user.id ? slot : existing)),
    }));
    // The slot file is the source of truth for the password; the row catches up now or at the next unlock.
    tryUpdateUserSlotVersion(session.db, user.id, slot.slotVersion, new Date().toISOString());
  } finally {
    session.lock();
  }
}
