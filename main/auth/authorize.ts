import { CoffreError } from "../errors.js";
import { findUserById, type UserRecord } from "../vault/queries/users.js";
import { roleHasPermission, type Permission } from "./permissions.js";
import type { VaultSession } from "./session.js";

const DESCRIPTIONS: Record<Permission, string> = {
  "documents.import": "import documents",
  "documents.read": "read documents",
  "documents.reveal": "reveal sensitive values",
  "documents.export": "export documents",
  "documents.erase": "erase documents",
  "reveal.grant": "grant the reveal key",
  "audit.read": "read the audit trail",
  "users.manage": "manage users",
  "policy.manage": "change the policy",
  "backup.run": "run backups",
  "vault.check": "check the vault's integrity",
};

/**
 * The one authorisation check, for the CLI and the IPC router alike. Deny by default. The user's row is
 * read afresh on every call, so a role change or a disabled account applies on the very next call.
 * Returns the current user record (null for a recovery-key session).
 */
export function authorize(session: VaultSession, permission: Permission): UserRecord | null {
  session.assertUnlocked();
  if (session.kind === "recovery") {
    if (permission === "reveal.grant") return null;
    throw new CoffreError("FORBIDDEN", `the recovery key may not ${DESCRIPTIONS[permission]}`);
  }
  if (!session.user) throw new CoffreError("FORBIDDEN", "no user in this session");
  const user = findUserById(session.db, session.user.id);
  if (!user || user.status !== "active") {
    throw new CoffreError("USER_DISABLED", "your account is disabled");
  }
  if (!roleHasPermission(user.role, permission)) {
    throw new CoffreError("FORBIDDEN", `${/^[aeiou]/.test(user.role) ? "an" : "a"} ${user.role} may not ${DESCRIPTIONS[permission]}`);
  }
  return user;
}
