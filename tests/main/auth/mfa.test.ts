import * as OTPAuth from "otpauth";
import { describe, expect, it } from "vitest";
import { confirmTotp, enrolTotp } from "../../../main/auth/account.js";
import { authorize } from "../../../main/auth/authorize.js";
import { resetMfa } from "../../../main/auth/users.js";
import { findAuditRows } from "../../../main/vault/queries/audit.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { makeVault, unlock } from "../../helpers/vault.js";

function fakeClock(start = Date.parse("2026-03-02T09:00:10Z")) {
  let now = start;
  return { clock: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000), now: () => now };
}

/** What the user's phone shows at a given time. */
function phone(secretBase32: string) {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretBase32), digits: 6, period: 30, algorithm: "SHA1" });
  return (timestamp: number) => totp.generate({ timestamp });
}

async function enrolledManager(options: { mfaRequired?: boolean } = {}) {
  const { dir } = await makeVault({ mfaRequired: options.mfaRequired ?? true });
  const time = fakeClock();
  const session = await unlock(dir, "marc", PASSWORDS.manager, { clock: time.clock });
  // Required for managers, so nothing else is allowed before enrolment.
  if (options.mfaRequired ?? true) expect(() => authorize(session, "documents.read")).toThrow(/set up two-factor authentication first/);
  const enrolment = await enrolTotp(session);
  expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/Coffre:marc\?/);
  expect(enrolment.uri).toContain("period=30");
  expect(enrolment.uri).toContain("digits=6");
  expect(enrolment.qrSvg).toContain("<svg");
  expect(enrolment.qrTerminal.length).toBeGreaterThan(100);
  expect(Buffer.from(new OTPAuth.Secret({ buffer: OTPAuth.Secret.fromBase32(enrolment.secretBase32).buffer }).bytes).length).toBe(20); // 160 bits
  const code = phone(enrolment.secretBase32);
  expect(() => confirmTotp(session, "000000" === code(time.now()) ? "111111" : "000000")).toThrow(/does not match/);
  const recoveryCodes = confirmTotp(session, code(time.now()));
  expect(recoveryCodes).toHaveLength(10);
  expect(new Set(recoveryCodes).size).toBe(10);
  expect(authorize(session, "documents.read")?.name).toBe("marc");
  session.lock();
  return { dir, time, code, recoveryCodes };
}

describe("TOTP second factor (RFC 6238)", () => {
  it("accepts a valid code, refuses the same code replayed, accepts ±1 step and refuses ±2", async () => {
    const { dir, time, code } = await enrolledManager();
    const login = (totp?: string) => unlock(dir, "marc", PASSWORDS.manager, { clock: time.clock, ...(totp ? { totp } : {}) });

    await expect(login()).rejects.toMatchObject({ code: "MFA_REQUIRED" });
    time.advance(60);
    (await login(code(time.now()))).lock();
    await expect(login(code(time.now()))).rejects.toMatchObject({ code: "WRONG_TOTP", message: expect.stringMatching(/already used/) });

    time.advance(120);
    (await login(code(time.now() - 30_000))).lock(); // one step behind (a slow phone)
    time.advance(120);
    (await login(code(time.now() + 30_000))).lock(); // one step ahead
    time.advance(120);
    await expect(login(code(time.now() - 60_000))).rejects.toMatchObject({ code: "WRONG_TOTP" });
    await expect(login(code(time.now() + 60_000))).rejects.toMatchObject({ code: "WRONG_TOTP" });
  });

  it("accepts each recovery code once only, and audits its use", async () => {
    const { dir, time, recoveryCodes } = await enrolledManager();
    const [first, second] = recoveryCodes;
    if (!first || !second) throw new Error("no codes");
    const session = await unlock(dir, "marc", PASSWORDS.manager, { clock: time.clock, totp: first.toLowerCase() });
    expect(findAuditRows(session.db, { action: "mfa.recovery-code", userName: "marc" })).toHaveLength(1);
    session.lock();
    await expect(unlock(dir, "marc", PASSWORDS.manager, { clock: time.clock, totp: first })).rejects.toMatchObject({ code: "WRONG_TOTP" });
    (await unlock(dir, "marc", PASSWORDS.manager, { clock: time.clock, totp: second })).lock();
  });

  it("counts wrong codes as failed attempts; an admin without a second factor may not reset others' when MFA is required", async () => {
    const { dir, time, code } = await enrolledManager();
    for (let index = 0; index < 5; index += 1) {
      await expect(unlock(dir, "marc", PASSWORDS.manager, { clock: time.clock, totp: "123456" === code(time.now()) ? "654321" : "123456" })).rejects.toMatchObject({
        code: "WRONG_TOTP",
      });
    }
    await expect(unlock(dir, "marc", PASSWORDS.manager, { clock: time.clock, totp: code(time.now()) })).rejects.toMatchObject({ code: "TOO_MANY_ATTEMPTS" });

    const admin = await unlock(dir, "alice", PASSWORDS.admin, { clock: time.clock });
    // the admin has no second factor yet either, and MFA is required for admins: resetting is refused
    expect(() => resetMfa(admin, "marc")).toThrow(/set up two-factor authentication first/);
    admin.lock();
  });

  it("lets an admin reset a lost factor (audited): the old codes no longer apply", async () => {
    const { dir, time } = await enrolledManager({ mfaRequired: false });
    const admin = await unlock(dir, "alice", PASSWORDS.admin, { clock: time.clock });
    resetMfa(admin, "marc", "phone lost");
    expect(findAuditRows(admin.db, { action: "mfa.reset" }).at(-1)).toMatchObject({ userName: "alice", object: "user marc", reason: "phone lost" });
    admin.lock();
    // no code is asked any more (MFA not required in this vault): the factor is gone until enrolled again
    const session = await unlock(dir, "marc", PASSWORDS.manager, { clock: time.clock });
    expect(session.user?.name).toBe("marc");
    session.lock();
  });
});
