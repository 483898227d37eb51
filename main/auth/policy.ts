import { getMeta, setMeta } from "../vault/queries/meta.js";
import { authorize } from "./authorize.js";
import type { VaultSession } from "./session.js";

/** Admin: requires (or stops requiring) a second factor for managers and admins. Audited. */
export function setMfaRequired(session: VaultSession, required: boolean): void {
  authorize(session, "policy.manage");
  setMeta(session.db, "mfa_required", required ? "1" : "0");
  session.audit({ action: "policy.change", result: "ok", object: "mfa", reason: required ? "MFA required for managers and admins" : "MFA no longer required" });
}

export function isMfaRequired(session: VaultSession): boolean {
  session.assertUnlocked();
  return getMeta(session.db, "mfa_required") === "1";
}
