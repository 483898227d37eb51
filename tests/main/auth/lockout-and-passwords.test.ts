import { afterEach, describe, expect, it, vi } from "vitest";
import { changePassword } from "../../../main/auth/account.js";
import { IdleLock } from "../../../main/auth/idle-lock.js";
import { DEFAULT_LOCKOUT_POLICY, LockoutGuard } from "../../../main/auth/lockout.js";
import { checkPasswordPolicy } from "../../../main/auth/password-policy.js";
import { enableUser } from "../../../main/auth/users.js";
import { Password } from "../../../main/crypto/secret.js";
import { vaultPaths } from "../../../main/vault/layout.js";
import { findAuditRows } from "../../../main/vault/queries/audit.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { makeVault, newPassword, unlock } from "../../helpers/vault.js";
import { readFileSync } from "node:fs";

function fakeClock(start = Date.parse("2026-03-02T09:00:00Z")) {
  let now = start;
  return { clock: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000) };
}

describe("brute-force defence", () => {
  it("defaults to waiting after 5 failures and locking at 100 (NIST's ceiling)", () => {
    expect(DEFAULT_LOCKOUT_POLICY).toMatchObject({ delayAfter: 5, ceiling: 100 });
  });

  it("makes the 6th attempt wait, locks at the ceiling, refuses even the right password, and an admin re-enables", async () => {
    const { dir } = await makeVault();
    const paths = vaultPaths(dir);
    const time = fakeClock();
    new LockoutGuard(paths.lockout, time.clock).setPolicy({ ...DEFAULT_LOCKOUT_POLICY, ceiling: 9 });
    const attempt = (password: string) => unlock(dir, "claire", password, { clock: time.clock });

    for (let index = 0; index < 5; index += 1) {
      await expect(attempt(`wrong guess number ${index}`)).rejects.toMatchObject({ code: "WRONG_PASSWORD" });
      time.advance(1);
    }
    // The 6th attempt must wait, whatever the password: it is not even tried.
    await expect(attempt(PASSWORDS.clerk)).rejects.toMatchObject({ code: "TOO_MANY_ATTEMPTS", message: expect.stringMatching(/try again in \d+ s/) });
    time.advance(31);
    await expect(attempt("wrong guess number 5")).rejects.toMatchObject({ code: "WRONG_PASSWORD" });
    // the wait doubles
    time.advance(31);
    await expect(attempt("wrong guess number 6")).rejects.toMatchObject({ code: "TOO_MANY_ATTEMPTS" });
    for (let index = 6; index < 9; index += 1) {
      time.advance(3600);
      await expect(attempt(`wrong guess number ${index}`)).rejects.toMatchObject({ code: "WRONG_PASSWORD" });
    }
    time.advance(86_400);
    await expect(attempt(PASSWORDS.clerk)).rejects.toMatchObject({ code: "ACCOUNT_LOCKED" });
    expect(readFileSync(paths.lockout, "utf8")).not.toMatch(/wrong guess/);

    // Once the vault is open (here by the admin), every failure is in the audit trail.
    const admin = await unlock(dir, "alice", PASSWORDS.admin, { clock: time.clock });
    const failures = findAuditRows(admin.db, { action: "login", userName: "claire", result: "failed" });
    expect(failures).toHaveLength(9);
    expect(findAuditRows(admin.db, { action: "lockout", userName: "claire" })).toHaveLength(1);
    await enableUser(admin, { name: "claire" });
    admin.lock();
    (await attempt(PASSWORDS.clerk)).lock();
  });

  it("resets the counter after a successful login", async () => {
    const { dir } = await makeVault();
    for (let index = 0; index < 4; index += 1) await expect(unlock(dir, "olga", `nope nope nope ${index}`)).rejects.toThrow();
    (await unlock(dir, "olga", PASSWORDS.auditor)).lock();
    for (let index = 0; index < 4; index += 1) await expect(unlock(dir, "olga", `nope nope nope ${index}`)).rejects.toMatchObject({ code: "WRONG_PASSWORD" });
  });
});

describe("password policy (NIST SP 800-63B-4)", () => {
  it("accepts long Unicode passphrases, normalised, well past 64 characters", async () => {
    const { dir } = await makeVault();
    const composed = "Ça coûte 12 € : « déjà-vu » à l'hôtel 🔐 — 長い合言葉 ".repeat(2).normalize("NFC");
    expect([...composed].length).toBeGreaterThan(64);
    await changePassword({ dir, name: "claire", current: Password.fromString(PASSWORDS.clerk), next: newPassword(composed) });
    // the same passphrase typed in decomposed form (another keyboard, another OS) opens it too
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    (await unlock(dir, "claire", decomposed)).lock();
  });

  it("refuses short, common, trivial and name-containing passwords, with no composition rules", () => {
    const refused = (password: string) => () => checkPasswordPolicy(password, "claire");
    expect(refused("Sh0rt!pass")).toThrow(/at least 12/);
    expect(refused("123qweasdzxc")).toThrow(/commonly used/);
    expect(refused("1qaz2wsx3edc")).toThrow(/commonly used/);
    expect(refused("QWERTY123456")).toThrow(/commonly used/);
    expect(refused("aaaaaaaaaaaaaa")).toThrow(/too easy/);
    expect(refused("abcdefghijklmn")).toThrow(/too easy/);
    expect(refused("claire is my name")).toThrow(/user name/);
    expect(refused("x".repeat(257))).toThrow(/at most 256/);
    // no composition rules: lower-case words are fine when long and uncommon
    expect(refused("correct horse battery staple")).not.toThrow();
    expect(refused("the quick brown fox jumps over the lazy dog while the invoices pile up")).not.toThrow();
  });
});

describe("idle auto-lock", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("locks after the idle time, wiping the keys, and activity postpones it", async () => {
    const { dir } = await makeVault();
    const session = await unlock(dir, "marc", PASSWORDS.manager);
    const dek = session.keys.dek.unsafeView();
    vi.useFakeTimers();
    const reasons: string[] = [];
    const idle = new IdleLock(session, { timeoutMs: 10 * 60 * 1000, onLock: (reason) => reasons.push(reason) });
    vi.advanceTimersByTime(9 * 60 * 1000);
    idle.touch();
    vi.advanceTimersByTime(9 * 60 * 1000);
    expect(session.locked).toBe(false);
    vi.advanceTimersByTime(2 * 60 * 1000);
    expect(session.locked).toBe(true);
    expect(dek.every((byte) => byte === 0)).toBe(true);
    expect(reasons).toEqual(["idle for 10 min"]);
    vi.useRealTimers();
    const auditor = await unlock(dir, "olga", PASSWORDS.auditor);
    expect(findAuditRows(auditor.db, { action: "lock", userName: "marc" }).at(-1)?.reason).toBe("idle for 10 min");
    auditor.lock();
  });
});
