import type { Role } from "../../shared/domain.js";
import { PERMISSIONS, type Permission } from "../../shared/permissions.js";

/**
 * The role table of design.md lives in shared/permissions.ts, so the IPC contract names the same
 * permissions. Deny by default: a permission not listed, or a role not in its list, is refused.
 * Clerks' "own imports only" is the object check in authorize().
 */
export { PERMISSIONS, type Permission };

/** Permissions on documents where a clerk is limited to their own imports. */
export const OWN_DOCUMENTS_ONLY_FOR_CLERKS: readonly Permission[] = ["documents.read", "documents.export"];

/** Roles that must enrol a second factor when the vault requires MFA. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ["manager", "admin"];

export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  "documents.import": "import documents",
  "documents.read": "read documents",
  "documents.reveal": "reveal sensitive values",
  "documents.export": "export documents",
  "documents.erase": "erase documents",
  "documents.hold": "set a legal hold",
  "reveal.grant": "grant the reveal key",
  "audit.read": "read the audit trail",
  "users.manage": "manage users",
  "mfa.reset": "reset a user's two-factor authentication",
  "policy.manage": "change the policy",
  "retention.manage": "manage retention",
  "backup.run": "run backups",
  "vault.check": "check the vault's integrity",
  "security.report": "read the security report",
  "self.password": "change their password",
  "self.mfa": "set up two-factor authentication",
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission] ?? [];
  return allowed.includes(role);
}
