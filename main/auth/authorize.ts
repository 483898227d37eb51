import type { UserId } from "../../shared/domain.js";
import { CoffreError } from "../errors.js";
import { getMeta } from "../vault/queries/meta.js";
import { findUserById, type UserRecord } from "../vault/queries/users.js";
import { MFA_REQUIRED_ROLES, OWN_DOCUMENTS_ONLY_FOR_CLERKS, PERMISSION_DESCRIPTIONS, roleHasPermission, type Permission } from "./permissions.js";
import type { VaultSession } from "./session.js";

/** What a permission is exercised on, when it is about one object. */
export type AuthorizedObject = { kind: "document"; id: string; ownerId: UserId } | { kind: "user"; id: string; name: string };

function describe(object: AuthorizedObject | undefined): string | null {
  if (!object) return null;
  return object.kind === "document" ? `document ${object.id}` : `user ${object.name}`;
}

function article(role: string): string {
  return /^[aeiou]/.test(role) ? "an" : "a";
}

/**
 * The one authorisation check, for the CLI and the IPC router alike. Deny by default, and every refusal
 * is audited. The user's row is read afresh on every call, so a role change, a disabled account or a
 * revoked session applies on the very next call. Returns the current user (null for the recovery key).
 */
export function authorize(session: VaultSession, permission: Permission, object?: AuthorizedObject): UserRecord | null {
  session.assertUnlocked();
  const refuse = (code: "FORBIDDEN" | "USER_DISABLED" | "SESSION_REVOKED" | "PASSWORD_CHANGE_REQUIRED" | "MFA_NOT_ENROLLED", message: string): never => {
    session.audit({ action: "permission.denied", result: "denied", object: [permission, describe(object)].filter(Boolean).join(" "), reason: message });
    throw new CoffreError(code, message);
  };
  if (session.kind === "recovery") {
    if (permission === "reveal.grant") return null;
    return refuse("FORBIDDEN", `the recovery key may not ${PERMISSION_DESCRIPTIONS[permission]}`);
  }
  if (!session.user) return refuse("FORBIDDEN", "no user in this session");
  const user = findUserById(session.db, session.user.id);
  if (!user || user.status !== "active") return refuse("USER_DISABLED", "your account is disabled");
  if (user.sessionEpoch !== session.epoch) return refuse("SESSION_REVOKED", "your session was ended by an administrator; log in again");
  if (!roleHasPermission(user.role, permission)) {
    return refuse("FORBIDDEN", `${article(user.role)} ${user.role} may not ${PERMISSION_DESCRIPTIONS[permission]}`);
  }
  const ownAccount = permission === "self.password" || permission === "self.mfa";
  if (!ownAccount && user.mustChangePassword) {
    return refuse("PASSWORD_CHANGE_REQUIRED", "change your temporary password first (coffre passwd)");
  }
  if (!ownAccount && !user.totpEnabled && MFA_REQUIRED_ROLES.includes(user.role) && getMeta(session.db, "mfa_required") === "1") {
    return refuse("MFA_NOT_ENROLLED", "set up two-factor authentication first (coffre mfa enroll)");
  }
  if (object?.kind === "document" && user.role === "clerk" && OWN_DOCUMENTS_ONLY_FOR_CLERKS.includes(permission) && object.ownerId !== user.id) {
    return refuse("FORBIDDEN", "a clerk may only see the documents they imported");
  }
  return user;
}
