import * as OTPAuth from "otpauth";
import { describe, expect, it } from "vitest";
import { addUser } from "../../../main/auth/users.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { makeVault, newPassword, TEMPORARY_PASSWORD, unlock } from "../../helpers/vault.js";
import { appWindow, login, makeRouter, ok, refused } from "./helpers.js";

/** First login through the router: the temporary password must be changed, and MFA enrolled where required. */
describe("account channels", () => {
  it("a new user changes the temporary password before anything else; the current one is asked again", async () => {
    const { dir } = await makeVault();
    const admin = await unlock(dir, "alice", PASSWORDS.admin);
    await addUser(admin, { name: "nina", role: "clerk", password: newPassword(TEMPORARY_PASSWORD) });
    admin.lock();
    const router = makeRouter(dir);
    try {
      const window = appWindow("nina");
      expect(await ok(router, window, "auth.login", { name: "nina", password: TEMPORARY_PASSWORD })).toEqual({
        user: { name: "nina", role: "clerk" },
        mustChangePassword: true,
        mfaEnrolmentRequired: false,
      });
      await refused(router, window, "documents.search", { query: {} }, "PASSWORD_CHANGE_REQUIRED");
      await refused(router, window, "auth.changePassword", { current: "not the current password", next: "New clerk: chaton prune 3 volcan" }, "WRONG_PASSWORD");
      await refused(router, window, "auth.changePassword", { current: TEMPORARY_PASSWORD, next: "password1234" }, "PASSWORD_REJECTED");
      expect(await ok(router, window, "auth.changePassword", { current: TEMPORARY_PASSWORD, next: "New clerk: chaton prune 3 volcan" })).toEqual({ changed: true });
      expect(await ok(router, window, "auth.me")).toMatchObject({ mustChangePassword: false });
      expect(await ok(router, window, "documents.search", { query: {} })).toEqual({ items: [], nextCursor: null });
      await ok(router, window, "auth.logout");
      await refused(router, window, "auth.login", { name: "nina", password: TEMPORARY_PASSWORD }, "WRONG_PASSWORD");
      await login(router, window, "nina", "New clerk: chaton prune 3 volcan");
    } finally {
      await router.close();
    }
  });

  it("a manager enrols TOTP from the QR code, gets recovery codes once, and then needs a code to log in", async () => {
    const { dir } = await makeVault({ mfaRequired: true });
    let now = Date.parse("2026-03-02T09:00:00Z");
    const router = makeRouter(dir, { clock: () => new Date(now) });
    try {
      const window = appWindow("marc");
      expect(await ok(router, window, "auth.login", { name: "marc", password: PASSWORDS.manager })).toMatchObject({ mfaEnrolmentRequired: true });
      await refused(router, window, "documents.search", { query: {} }, "MFA_NOT_ENROLLED");
      const enrolment = await ok<{ uri: string; secret: string; qrDataUrl: string }>(router, window, "auth.mfaEnrol");
      expect(enrolment.qrDataUrl).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
      expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/Coffre:marc\?/);
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(enrolment.secret), digits: 6, period: 30, algorithm: "SHA1" });
      await refused(router, window, "auth.mfaConfirm", { code: "000000" === totp.generate({ timestamp: now }) ? "111111" : "000000" }, "WRONG_TOTP");
      const confirmed = await ok<{ recoveryCodes: string[] }>(router, window, "auth.mfaConfirm", { code: totp.generate({ timestamp: now }) });
      expect(confirmed.recoveryCodes).toHaveLength(10);
      expect(await ok(router, window, "auth.me")).toMatchObject({ mfaEnabled: true, mfaEnrolmentRequired: false, canReveal: true });
      await ok(router, window, "auth.logout");

      now += 60_000;
      await refused(router, window, "auth.login", { name: "marc", password: PASSWORDS.manager }, "MFA_REQUIRED");
      await login(router, window, "marc", PASSWORDS.manager, totp.generate({ timestamp: now }));
      expect(await ok(router, window, "documents.search", { query: {} })).toEqual({ items: [], nextCursor: null });
      // The same code again (replay) is refused, a recovery code works once.
      const other = appWindow("marc-2");
      await refused(router, other, "auth.login", { name: "marc", password: PASSWORDS.manager, totp: totp.generate({ timestamp: now }) }, "WRONG_TOTP");
      await login(router, other, "marc", PASSWORDS.manager, confirmed.recoveryCodes[0]);
    } finally {
      await router.close();
    }
  });
});
