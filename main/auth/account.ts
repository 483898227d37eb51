import { createUserSlot } from "../crypto/keyslots.js";
import type { Password } from "../crypto/secret.js";
import { CoffreError } from "../errors.js";
import { updateKeyslots } from "../vault/keyslot-store.js";
import { tryUpdateUserSlotVersion } from "../vault/queries/users.js";
import { authorize } from "./authorize.js";
import { confirmTotpEnrolment, startTotpEnrolment, type Enrolment } from "./mfa.js";
import { checkPasswordPolicy } from "./password-policy.js";
import { unlockAsUser, type UnlockOptions, type VaultSession } from "./session.js";
import { requireUser, slotOf, type NewPassword } from "./users.js";

/** What users do to their own account: change their password, enrol a second factor. */

/**
 * Changes the password of the session's user: the slot is rewrapped under the new password (same keys,
 * same key pair, version + 1). Only keyslots.json and the user's row change; the database is never rekeyed.
 */
export async function changeOwnPassword(session: VaultSession, next: NewPassword): Promise<void> {
  authorize(session, "self.password");
  const user = session.user;
  const userPrivateKey = session.userPrivateKey;
  if (!user || !userPrivateKey) throw new CoffreError("FORBIDDEN", "no user in this session");
  checkPasswordPolicy(next.text, user.name);
  const oldSlot = slotOf(session, user.id);
  const record = requireUser(session, user.name);
  const { slot } = await createUserSlot({
    vaultId: session.vaultId,
    userId: user.id,
    name: record.name,
    role: record.role,
    slotVersion: Math.max(oldSlot.slotVersion, record.slotVersion) + 1,
    password: next.secret,
    vaultKeys: session.keys,
    userPrivateKey,
  });
  updateKeyslots(session.paths.keyslots, (file) => ({
    ...file,
    slots: file.slots.map((existing) => (existing.userId === user.id ? slot : existing)),
  }));
  // The slot file is the source of truth for the password; the row catches up now or at the next unlock.
  tryUpdateUserSlotVersion(session.db, user.id, slot.slotVersion, session.clock().toISOString());
  session.audit({ action: "user.password", result: "ok", object: `user ${user.name}` });
}

/** Unlocks with the current password (and second factor), changes it, locks. */
export async function changePassword(args: { dir: string; name: string; current: Password; next: NewPassword } & UnlockOptions): Promise<void> {
  const session = await unlockAsUser(args.dir, args.name, args.current, args);
  try {
    await changeOwnPassword(session, args.next);
  } finally {
    session.lock();
  }
}

export async function enrolTotp(session: VaultSession): Promise<Enrolment> {
  authorize(session, "self.mfa");
  if (!session.user || !session.userPrivateKey) throw new CoffreError("FORBIDDEN", "no user in this session");
  const enrolment = await startTotpEnrolment(session.db, session.user, session.userPrivateKey, session.clock());
  session.audit({ action: "mfa.enroll", result: "ok", object: `user ${session.user.name}` });
  return enrolment;
}

/** Confirms enrolment with a first code; returns the 10 recovery codes, shown once. */
export function confirmTotp(session: VaultSession, code: string): string[] {
  authorize(session, "self.mfa");
  if (!session.user || !session.userPrivateKey) throw new CoffreError("FORBIDDEN", "no user in this session");
  try {
    const codes = confirmTotpEnrolment(session.db, session.user, session.userPrivateKey, code, session.clock());
    session.audit({ action: "mfa.confirm", result: "ok", object: `user ${session.user.name}` });
    return codes;
  } catch (error) {
    session.audit({ action: "mfa.confirm", result: "failed", object: `user ${session.user.name}`, reason: (error as Error).message });
    throw error;
  }
}
