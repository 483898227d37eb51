import type { Role } from "../../shared/domain.js";

/**
 * The role table of design.md. Deny by default: a permission not listed, or a role not in its list,
 * is refused. "own imports" restrictions for clerks are applied by the document services on top.
 */
export const PERMISSIONS = {
  "documents.import": ["clerk", "manager"],
  "documents.read": ["clerk", "manager"],
  "documents.reveal": ["manager"],
  "documents.export": ["clerk", "manager"],
  "documents.erase": ["manager"],
  "reveal.grant": ["manager"],
  "audit.read": ["auditor", "admin"],
  "users.manage": ["admin"],
  "policy.manage": ["admin"],
  "backup.run": ["admin"],
  "vault.check": ["auditor", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHasPermission(role: Role, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission] ?? [];
  return allowed.includes(role);
}
