import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VaultSession } from "../../../main/auth/session.js";
import type { Router, Sender } from "../../../main/ipc/router.js";
import { findAuditRows } from "../../../main/vault/queries/audit.js";
import { getMeta } from "../../../main/vault/queries/meta.js";
import type { ChannelResponse } from "../../../shared/ipc/contract.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { fileTempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { appWindow, login, makeRouter, ok, refused } from "./helpers.js";

/**
 * Scheduled backups through the router (issue 8): the schedule is kept in the vault without any secret, the
 * status warns, run-now makes a real age backup and prunes, and the router's timer makes a due backup by itself.
 * Roles (admin only, the others FORBIDDEN and audited) are in roles.test.ts.
 */
const VARIABLE = "COFFRE_TEST_SCHEDULED_PASSPHRASE";
const PASSPHRASE = "Scheduled: basalte 4 mésange";
type Status = ChannelResponse<"backups.status">;
type Run = ChannelResponse<"backups.runScheduled">;

describe("scheduled backups through the router", () => {
  let vaultDir = "";
  let router: Router;
  let admin: Sender;
  let reader: VaultSession;
  const folder = fileTempDir("coffre-ipc-schedule-");
  const schedule = { folder, intervalHours: 24, keep: 1, encryption: { kind: "passphrase-env" as const, variable: VARIABLE } };
  const backups = () => readdirSync(folder).filter((name) => name.endsWith(".age")).sort();

  beforeAll(async () => {
    vaultDir = (await makeVault({ lifetime: "file" })).dir;
    router = makeRouter(vaultDir, { env: { [VARIABLE]: PASSPHRASE }, backupCheckMs: 0 });
    admin = appWindow("admin");
    await login(router, admin, "alice", PASSWORDS.admin);
    reader = await unlock(vaultDir, "olga", PASSWORDS.auditor);
  });

  afterAll(async () => {
    reader?.lock();
    await router?.close();
  });

  it("has no schedule at first: the status says so", async () => {
    expect(await ok(router, admin, "backups.schedule")).toEqual({ schedule: null });
    const status = await ok<Status>(router, admin, "backups.status");
    expect(status).toMatchObject({ configured: false, due: false, lastGood: null });
    expect(status.warning).toMatch(/no backup schedule/);
    await refused(router, admin, "backups.runScheduled", {}, "BAD_INPUT");
  });

  it("refuses a bad schedule, and a schedule carrying a passphrase", async () => {
    await refused(router, admin, "backups.setSchedule", { schedule: { ...schedule, folder: "relative/folder" } }, "BAD_INPUT");
    await refused(router, admin, "backups.setSchedule", { schedule: { ...schedule, encryption: { kind: "passphrase-env", variable: "not a name" } } }, "BAD_INPUT");
    await refused(router, admin, "backups.setSchedule", { schedule: { ...schedule, encryption: { kind: "passphrase-env", variable: VARIABLE, passphrase: PASSPHRASE } } }, "BAD_INPUT");
    await refused(router, admin, "backups.setSchedule", { schedule: { ...schedule, encryption: { kind: "recipients", recipients: ["age1notakey"] } } }, "BAD_INPUT");
    await refused(router, admin, "backups.setSchedule", { schedule: { ...schedule, keep: 0 } }, "BAD_INPUT");
    expect(await ok(router, admin, "backups.schedule")).toEqual({ schedule: null });
  });

  it("saves the schedule in the vault (no secret stored, audited) and says a backup is due", async () => {
    expect(await ok(router, admin, "backups.setSchedule", { schedule })).toEqual({ schedule });
    expect(await ok(router, admin, "backups.schedule")).toEqual({ schedule });
    const stored = getMeta(reader.db, "backup_schedule") ?? "";
    expect(JSON.parse(stored)).toEqual(schedule);
    expect(stored).not.toContain(PASSPHRASE);
    expect(findAuditRows(reader.db, { action: "policy.change", limit: 5 }).at(-1)).toMatchObject({ object: "backup-schedule", userName: "alice" });
    const status = await ok<Status>(router, admin, "backups.status");
    expect(status).toMatchObject({ configured: true, due: true, lastGood: null, lastError: null });
    expect(status.warning).toMatch(/no backup of this vault has been made yet/);
  });

  it("a run without the passphrase variable records the failure as a warning, not an error", async () => {
    const bare = makeRouter(vaultDir, { env: {}, backupCheckMs: 0 });
    const window = appWindow("admin-no-env");
    try {
      await login(bare, window, "alice", PASSWORDS.admin);
      const run = await ok<Run>(bare, window, "backups.runScheduled", {});
      expect(run).toMatchObject({ ran: true, file: null, bytes: null, pruned: 0 });
      expect(run.status.warning).toMatch(/failed: the backup passphrase is not set/);
      expect(run.status.warning).not.toContain(PASSPHRASE);
      expect(backups()).toEqual([]);
    } finally {
      await bare.close();
    }
  });

  it("run-now makes an age backup when due, nothing when not due, and prunes beyond `keep` when forced", async () => {
    const first = await ok<Run>(router, admin, "backups.runScheduled", {});
    expect(first.ran).toBe(true);
    expect(first.file).not.toBeNull();
    expect(first.bytes).toBeGreaterThan(1000);
    expect(first.status).toMatchObject({ due: false, warning: null, lastError: null, lastFile: first.file });
    expect(backups()).toEqual([first.file]);
    expect(readFileSync(join(folder, first.file ?? "")).subarray(0, 21).toString("latin1")).toBe("age-encryption.org/v1");

    const notDue = await ok<Run>(router, admin, "backups.runScheduled", {});
    expect(notDue).toMatchObject({ ran: false, file: null, pruned: 0 });

    // Backup names are to the second: wait for the next one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const forced = await ok<Run>(router, admin, "backups.runScheduled", { force: true });
    expect(forced.ran).toBe(true);
    expect(forced.pruned).toBe(1);
    expect(backups()).toEqual([forced.file]);
  });

  it("warns when the last good backup is too old (a clock three days ahead)", async () => {
    const later = makeRouter(vaultDir, { env: { [VARIABLE]: PASSPHRASE }, backupCheckMs: 0, clock: () => new Date(Date.now() + 3 * 86_400_000) });
    const window = appWindow("admin-later");
    try {
      await login(later, window, "alice", PASSWORDS.admin);
      const status = await ok<Status>(later, window, "backups.status");
      expect(status.due).toBe(true);
      expect(status.warning).toMatch(/^the last good backup is 3 days old$/);
    } finally {
      await later.close();
    }
  });

  it("the router's timer makes a due backup by itself while an admin is logged in", async () => {
    // Due again after 2 s; the timer looks every 300 ms.
    await ok(router, admin, "backups.setSchedule", { schedule: { ...schedule, intervalHours: 2 / 3600, keep: 10 } });
    const before = backups();
    const timed = makeRouter(vaultDir, { env: { [VARIABLE]: PASSPHRASE }, backupCheckMs: 300 });
    const window = appWindow("admin-timer");
    try {
      await login(timed, window, "alice", PASSWORDS.admin);
      const deadline = Date.now() + 30_000;
      while (backups().length <= before.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(backups().length).toBeGreaterThan(before.length);
    } finally {
      await timed.close();
    }
    const status = await ok<Status>(router, admin, "backups.status");
    expect(status.lastFile).toBe(backups().at(-1));
  });
});
