import { join } from "node:path";
import { changePassword } from "../../main/auth/account.js";
import { unlockAsUser, unlockWithRecoveryKey, type UnlockOptions, type VaultSession } from "../../main/auth/session.js";
import { setMfaRequired } from "../../main/auth/policy.js";
import { addUser, grantReveal } from "../../main/auth/users.js";
import { initVault } from "../../main/auth/vault-setup.js";
import { formatRecoveryKey, parseRecoveryKey } from "../../main/crypto/recovery-key.js";
import { Password } from "../../main/crypto/secret.js";
import { PASSWORDS } from "./cli.js";
import { fileTempDir, tempDir } from "./tmp.js";

export interface TestVault {
  dir: string;
  recoveryKey: string;
}

/** The temporary password an admin gives a new user, before they choose their own. */
export const TEMPORARY_PASSWORD = "Temporary: change me at first login";

export function newPassword(text: string): { secret: Password; text: string } {
  return { secret: Password.fromString(text), text };
}

/**
 * A real vault (MFA required only when asked) with an admin, a manager holding the reveal key, a clerk and an
 * auditor, each having replaced their temporary password with their own, as at a first login.
 */
export async function makeVault(options: { mfaRequired?: boolean; lifetime?: "test" | "file" } = {}): Promise<TestVault> {
  const dir = join(options.lifetime === "file" ? fileTempDir() : tempDir(), "vault");
  const init = await initVault({
    dir,
    adminName: "alice",
    adminPassword: Password.fromString(PASSWORDS.admin),
    adminPasswordText: PASSWORDS.admin,
    mfaRequired: false,
  });
  const recoveryKey = formatRecoveryKey(init.recoveryKey);
  const users = [
    ["marc", "manager", PASSWORDS.manager],
    ["claire", "clerk", PASSWORDS.clerk],
    ["olga", "auditor", PASSWORDS.auditor],
  ] as const;
  const admin = await unlockAsUser(dir, "alice", Password.fromString(PASSWORDS.admin));
  try {
    for (const [name, role] of users) await addUser(admin, { name, role, password: newPassword(TEMPORARY_PASSWORD) });
    // Set up without MFA, then require it (as an admin would), so tests choose who enrols.
    if (options.mfaRequired) setMfaRequired(admin, true);
  } finally {
    admin.lock();
  }
  for (const [name, , password] of users) {
    await changePassword({ dir, name, current: Password.fromString(TEMPORARY_PASSWORD), next: newPassword(password) });
  }
  const recovery = unlockWithRecoveryKey(dir, parseRecoveryKey(recoveryKey));
  try {
    grantReveal(recovery, "marc");
  } finally {
    recovery.lock();
  }
  return { dir, recoveryKey };
}

export function unlock(dir: string, name: string, password: string, options: UnlockOptions = {}): Promise<VaultSession> {
  return unlockAsUser(dir, name, Password.fromString(password), options);
}
