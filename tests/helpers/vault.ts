import { join } from "node:path";
import { unlockAsUser, unlockWithRecoveryKey, type VaultSession } from "../../main/auth/session.js";
import { addUser, grantReveal } from "../../main/auth/users.js";
import { initVault } from "../../main/auth/vault-setup.js";
import { formatRecoveryKey, parseRecoveryKey } from "../../main/crypto/recovery-key.js";
import { Password } from "../../main/crypto/secret.js";
import { PASSWORDS } from "./cli.js";
import { tempDir } from "./tmp.js";

export interface TestVault {
  dir: string;
  recoveryKey: string;
}

/** A real vault with an admin, a manager holding the reveal key, a clerk and an auditor. */
export async function makeVault(): Promise<TestVault> {
  const dir = join(tempDir(), "vault");
  const init = await initVault({
    dir,
    adminName: "alice",
    adminPassword: Password.fromString(PASSWORDS.admin),
    adminPasswordText: PASSWORDS.admin,
    mfaRequired: false,
  });
  const recoveryKey = formatRecoveryKey(init.recoveryKey);
  const admin = await unlockAsUser(dir, "alice", Password.fromString(PASSWORDS.admin));
  try {
    for (const [name, role, password] of [
      ["marc", "manager", PASSWORDS.manager],
      ["claire", "clerk", PASSWORDS.clerk],
      ["olga", "auditor", PASSWORDS.auditor],
    ] as const) {
      await addUser(admin, { name, role, password: { secret: Password.fromString(password), text: password } });
    }
  } finally {
    admin.lock();
  }
  const recovery = unlockWithRecoveryKey(dir, parseRecoveryKey(recoveryKey));
  try {
    grantReveal(recovery, "marc");
  } finally {
    recovery.lock();
  }
  return { dir, recoveryKey };
}

export function unlock(dir: string, name: string, password: string): Promise<VaultSession> {
  return unlockAsUser(dir, name, Password.fromString(password));
}
