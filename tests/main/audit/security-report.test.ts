import { describe, expect, it } from "vitest";
import { buildSecurityReport } from "../../../main/audit/security-report.js";
import { revokeSessions } from "../../../main/auth/users.js";
import { authorize } from "../../../main/auth/authorize.js";
import type { AuditEntry } from "../../../shared/audit.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { makeVault, unlock } from "../../helpers/vault.js";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("incident response", () => {
  it("`coffre security report` shows a burst of failed logins and a burst of exports for the right users", async () => {
    const { dir } = await makeVault();
    for (let index = 0; index < 6; index += 1) {
      const result = await cli(["users", "list", "--vault", dir, "--as", "claire"], { COFFRE_PASSWORD: `guessing claire's password ${index}` });
      expect(result.code).toBe(1);
    }
    // Exports are audited by the export service as this; 30 of them by the manager within minutes.
    const manager = await unlock(dir, "marc", PASSWORDS.manager);
    for (let index = 0; index < 30; index += 1) manager.audit({ action: "document.export", result: "ok", object: `document d${index}` });
    manager.lock();

    const report = await cli(["security", "report", "--from", day(-1), "--to", day(1), "--vault", dir, "--as", "olga", "--json"], {
      COFFRE_PASSWORD: PASSWORDS.auditor,
    });
    expect(report.code).toBe(0);
    const users = new Map(
      report.stdout.split("\n").map((line) => {
        const entry = JSON.parse(line) as { user: string; failedLogins: number; exports: number; flags: string[] };
        return [entry.user, entry] as const;
      }),
    );
    expect(users.get("claire")).toMatchObject({ failedLogins: 5, exports: 0 });
    expect(users.get("claire")?.flags).toContain("burst of failed logins: 5 within one hour");
    expect(users.get("marc")).toMatchObject({ exports: 30, failedLogins: 0 });
    expect(users.get("marc")?.flags).toContain("burst of exports: 30 within one hour");
    for (const name of ["alice", "olga"]) expect(users.get(name)?.flags.join(" ") ?? "").not.toMatch(/burst/);

    const text = await cli(["security", "report", "--from", day(-1), "--to", day(1), "--vault", dir, "--as", "olga"], { COFFRE_PASSWORD: PASSWORDS.auditor });
    expect(text.stdout).toMatch(/! burst of exports: 30 within one hour/);
    const clerk = await cli(["security", "report", "--from", day(-1), "--to", day(1), "--vault", dir, "--as", "claire"], { COFFRE_PASSWORD: PASSWORDS.clerk });
    expect(clerk.code).toBe(1);
  });

  it("flags night-time activity in the local time of the office", () => {
    const entry = (time: string): AuditEntry => ({ seq: 1, time, userId: "u", userName: "claire", action: "document.export", object: null, result: "ok", reason: null });
    const report = buildSecurityReport([entry("2026-03-02T02:10:00Z"), entry("2026-03-02T14:00:00Z")], "a", "b", 60);
    expect(report.users[0]?.nightEvents).toBe(1);
    expect(report.users[0]?.flags).toContain("1 action(s) at night (22:00-06:00)");
  });

  it("revoking a user's sessions refuses their next call at once; they can log in again", async () => {
    const { dir } = await makeVault();
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const admin = await unlock(dir, "alice", PASSWORDS.admin);
    expect(authorize(clerk, "documents.import")?.name).toBe("claire");
    revokeSessions(admin, "claire", "laptop stolen");
    expect(() => authorize(clerk, "documents.import")).toThrow(/session was ended/);
    admin.lock();
    clerk.lock();
    const again = await unlock(dir, "claire", PASSWORDS.clerk);
    expect(authorize(again, "documents.import")?.name).toBe("claire");
    again.lock();
  });
});
