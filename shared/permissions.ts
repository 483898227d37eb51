import type { Role } from "./domain.js";

/**
 * The role table of design.md, shared by the authorisation service (main/auth/permissions.ts) and the IPC
 * contract (shared/ipc/contract.ts). Deny by default: a permission not listed, or a role not in its list,
 * is refused. Clerks' "own imports only" is the object check in authorize().
 */
export const PERMISSIONS = {
  "documents.import": ["clerk", "manager"],
  "documents.read": ["clerk", "manager"],
  "documents.reveal": ["manager"],
  "documents.export": ["clerk", "manager"],
  "documents.erase": ["manager"],
  "documents.hold": ["manager"],
  "reveal.grant": ["manager"],
  "audit.read": ["auditor", "admin"],
  "users.manage": ["admin"],
  "mfa.reset": ["admin"],
  "policy.manage": ["admin"],
  "retention.manage": ["admin"],
  "backup.run": ["admin"],
  "vault.check": ["auditor", "admin"],
  "security.report": ["auditor", "admin"],
  // Every user, for their own account:
  "self.password": ["clerk", "manager", "auditor", "admin"],
  "self.mfa": ["clerk", "manager", "auditor", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}
