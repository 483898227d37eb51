import { initVault } from "../../auth/vault-setup.js";
import { formatRecoveryKey } from "../../crypto/recovery-key.js";
import { flag, parse, requireString } from "../args.js";
import type { CliIo } from "../io.js";
import { readNewPassword } from "../secrets.js";

export async function initCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, {
    vault: { type: "string" },
    admin: { type: "string" },
    "no-mfa-required": { type: "boolean" },
    json: { type: "boolean" },
  });
  const dir = requireString(args, "vault");
  const adminName = requireString(args, "admin");
  const mfaRequired = !flag(args, "no-mfa-required");
  const password = await readNewPassword(io, "COFFRE_PASSWORD", `New password for ${adminName}: `);
  if (!mfaRequired) {
    io.err("coffre: warning: MFA will not be required for managers and admins; a stolen password alone will open their accounts");
  }
  const result = await initVault({ dir, adminName, adminPassword: password.secret, adminPasswordText: password.text, mfaRequired });
  password.secret.wipe();
  const recoveryKey = formatRecoveryKey(result.recoveryKey);
  result.recoveryKey.wipe();
  if (flag(args, "json")) {
    io.out(JSON.stringify({ vault: dir, vaultId: result.vaultId, admin: adminName, mfaRequired, recoveryKey }));
  } else {
    io.out(`Vault created in ${dir} with admin ${adminName}.`);
    io.out("");
    io.out("RECOVERY KEY - shown this once only. Write it down and keep it offline, away from this computer.");
    io.out("It unlocks the vault and the sensitive fields if every password is lost, and gives managers the reveal key.");
    io.out("");
    io.out(`    ${recoveryKey}`);
    io.out("");
  }
  return 0;
}
