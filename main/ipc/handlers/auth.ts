import QRCode from "qrcode";
import { confirmTotp, changeOwnPassword, enrolTotp } from "../../auth/account.js";
import { MFA_REQUIRED_ROLES } from "../../auth/permissions.js";
import { isMfaRequired } from "../../auth/policy.js";
import { unlockAsUser } from "../../auth/session.js";
import { slotOf } from "../../auth/users.js";
import { DEFAULT_IDLE_LOCK_MS } from "../../auth/idle-lock.js";
import { unlockUserSlot } from "../../crypto/keyslots.js";
import { Password } from "../../crypto/secret.js";
import { CoffreError, isCoffreError } from "../../errors.js";
import { findUserById } from "../../vault/queries/users.js";
import type { VaultSession } from "../../auth/session.js";
import type { HandlerContext, Handlers } from "../types.js";

/** Account and session channels: login (rate-limited per window), logout, who am I, password, MFA. */

const DEFAULT_LOGIN_ATTEMPTS = 5;
const DEFAULT_LOGIN_WINDOW_MS = 60_000;

function accountState(session: VaultSession) {
  const user = session.user;
  if (!user) throw new CoffreError("FORBIDDEN", "no user in this session");
  const record = findUserById(session.db, user.id);
  const mfaEnabled = record?.totpEnabled ?? false;
  return {
    user: { name: user.name, role: user.role },
    mustChangePassword: record?.mustChangePassword ?? false,
    mfaEnabled,
    mfaEnrolmentRequired: !mfaEnabled && MFA_REQUIRED_ROLES.includes(user.role) && isMfaRequired(session),
    canReveal: user.role === "manager" && session.sensitivePrivateKey !== null,
  };
}

function checkLoginRate(context: HandlerContext): void {
  const now = Date.now();
  const windowMs = context.options.loginWindowMs ?? DEFAULT_LOGIN_WINDOW_MS;
  const allowed = context.options.loginAttempts ?? DEFAULT_LOGIN_ATTEMPTS;
  const state = context.state;
  state.failedLogins = state.failedLogins.filter((time) => now - time < windowMs);
  if (state.loginInFlight) throw new CoffreError("TOO_MANY_ATTEMPTS", "a login is already in progress in this window");
  if (state.failedLogins.length >= allowed) {
    throw new CoffreError("TOO_MANY_ATTEMPTS", `too many failed logins from this window; wait ${Math.ceil(windowMs / 1000)} seconds`);
  }
}

export const authHandlers = {
  "auth.login": async (context, request) => {
    checkLoginRate(context);
    context.detach("another login in this window");
    context.state.loginInFlight = true;
    const password = Password.fromString(request.password);
    try {
      const session = await unlockAsUser(context.options.vaultDir, request.name, password, {
        ...(request.totp ? { totp: request.totp } : {}),
        ...(context.options.clock ? { clock: context.options.clock } : {}),
      });
      context.attach(session);
      context.state.failedLogins = [];
      const state = accountState(session);
      return { user: state.user, mustChangePassword: state.mustChangePassword, mfaEnrolmentRequired: state.mfaEnrolmentRequired };
    } catch (error) {
      // MFA_REQUIRED is the first step of a login with a second factor, not a failure.
      if (!(isCoffreError(error) && error.code === "MFA_REQUIRED")) context.state.failedLogins.push(Date.now());
      throw error;
    } finally {
      password.wipe();
      context.state.loginInFlight = false;
    }
  },

  "auth.logout": (context) => {
    context.detach("logged out");
    return { locked: true as const };
  },

  "auth.me": (context) => {
    const session = context.state.session;
    const idleLockSeconds = Math.round((context.options.idleLockMs ?? DEFAULT_IDLE_LOCK_MS) / 1000);
    if (!session || session.locked) {
      return { user: null, mustChangePassword: false, mfaEnabled: false, mfaEnrolmentRequired: false, canReveal: false, idleLockSeconds };
    }
    return { ...accountState(session), idleLockSeconds };
  },

  "auth.touch": () => ({ ok: true as const }),

  "auth.changePassword": async (context, request) => {
    const session = context.session();
    const user = session.user;
    if (!user) throw new CoffreError("FORBIDDEN", "no user in this session");
    // The current password is asked again: an unattended unlocked window must not be enough.
    const current = Password.fromString(request.current);
    try {
      const contents = await unlockUserSlot(session.vaultId, slotOf(session, user.id), current);
      contents.vaultKeys.wipe();
      contents.userPrivateKey.wipe();
    } catch (error) {
      if (isCoffreError(error) && error.code === "WRONG_PASSWORD") {
        session.audit({ action: "user.password", result: "failed", object: `user ${user.name}`, reason: "wrong current password" });
        throw new CoffreError("WRONG_PASSWORD", "the current password is wrong");
      }
      throw error;
    } finally {
      current.wipe();
    }
    const next = Password.fromString(request.next);
    try {
      await changeOwnPassword(session, { secret: next, text: request.next });
    } finally {
      next.wipe();
    }
    return { changed: true as const };
  },

  "auth.mfaEnrol": async (context) => {
    const enrolment = await enrolTotp(context.session());
    const qrDataUrl = await QRCode.toDataURL(enrolment.uri, { errorCorrectionLevel: "M", margin: 2, width: 240 });
    return { uri: enrolment.uri, secret: enrolment.secretBase32, qrDataUrl };
  },

  "auth.mfaConfirm": (context, request) => ({ recoveryCodes: confirmTotp(context.session(), request.code) }),

  "prefs.get": (context) => ({ language: context.preferences.read().language }),
  "prefs.set": (context, request) => {
    context.preferences.write({ ...context.preferences.read(), language: request.language });
    return { language: request.language };
  },
} satisfies Pick<Handlers, "prefs.get" | "prefs.set" | "auth.login" | "auth.logout" | "auth.me" | "auth.touch" | "auth.changePassword" | "auth.mfaEnrol" | "auth.mfaConfirm">;
