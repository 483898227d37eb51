import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backupStatus, listScheduledBackups, runScheduledBackup, type BackupSchedule } from "../../../main/backup/schedule.js";
import { verifyBackup } from "../../../main/backup/verify.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { addBlobs, ageIdentity } from "./fixtures.js";

const HOUR = 3_600_000;

describe("scheduled backups: when due, keep N, warn when the last good one is too old", () => {
  it("runs daily with an injected clock, prunes beyond keep (only its own files), records the last good time and warns", async () => {
    const { dir } = await makeVault();
    await addBlobs(dir, [1000, 70_000]);
    const { identity, recipient } = await ageIdentity();
    const folder = tempDir("coffre-backups-");
    writeFileSync(join(folder, "notes.txt"), "IT's notes\n");
    writeFileSync(join(folder, "coffre-backup-000000000000-20300101T000000Z.age"), "another vault's backup\n");
    const schedule: BackupSchedule = { folder, intervalHours: 24, keep: 2, encryption: { kind: "recipients", recipients: [recipient] } };

    let now = Date.parse("2031-03-01T02:00:00Z");
    const admin = await unlock(dir, "alice", PASSWORDS.admin, { clock: () => new Date(now) });
    try {
      expect(backupStatus(admin, schedule)).toMatchObject({ lastGood: null, due: true, warning: "no backup of this vault has been made yet" });
      const first = await runScheduledBackup(admin, schedule);
      expect(first).toMatchObject({ ran: true, lastGood: "2031-03-01T02:00:00.000Z", due: false, warning: null, pruned: [] });
      now += 1 * HOUR;
      expect(await runScheduledBackup(admin, schedule)).toMatchObject({ ran: false, backup: null });
      const names: string[] = [];
      for (let day = 1; day <= 3; day += 1) {
        now = Date.parse("2031-03-01T02:00:00Z") + day * 24 * HOUR + 5 * 60_000;
        const run = await runScheduledBackup(admin, schedule);
        expect(run.ran).toBe(true);
        names.push(run.lastFile ?? "");
      }
      const kept = listScheduledBackups(folder, admin.vaultId);
      expect(kept).toEqual(names.slice(-2)); // the newest two
      expect(readdirSync(folder).sort()).toEqual([...kept, "coffre-backup-000000000000-20300101T000000Z.age", "notes.txt"].sort());
      const newest = kept.at(-1) ?? "";
      const verified = await verifyBackup(join(folder, newest), { key: { kind: "identities", identities: [identity] } });
      expect(verified.manifest.vaultId).toBe(admin.vaultId);

      // Five days without a backup: a warning; the folder's disk gone: the attempt fails, is recorded, and the warning says so.
      now += 5 * 24 * HOUR;
      expect(backupStatus(admin, schedule)).toMatchObject({ due: true, warning: "the last good backup is 5 days old" });
      rmSync(folder, { recursive: true, force: true });
      const failed = await runScheduledBackup(admin, schedule);
      expect(failed).toMatchObject({ ran: true, backup: null, lastError: "the backup folder is not reachable (is its disk connected?)" });
      expect(failed.warning).toBe("the last good backup is 5 days old (the last attempt failed: the backup folder is not reachable (is its disk connected?))");
      expect(failed.lastGood).toBe(new Date(Date.parse("2031-03-04T02:05:00Z")).toISOString());
    } finally {
      admin.lock();
    }
    // Anyone may see the warning; only an admin may run backups.
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk, { clock: () => new Date(now) });
    try {
      expect(backupStatus(clerk, schedule).warning).toMatch(/^the last good backup is 5 days old/);
      await expect(runScheduledBackup(clerk, schedule)).rejects.toThrow("a clerk may not run backups");
    } finally {
      clerk.lock();
    }
  });

  it("coffre backup --folder: a cron-friendly scheduled run from the CLI", async () => {
    const { dir } = await makeVault();
    const { recipient } = await ageIdentity();
    const folder = tempDir("coffre-backups-");
    const args = ["backup", "--vault", dir, "--as", "alice", "--folder", folder, "--every", "24", "--keep", "3", "--recipient", recipient, "--json"];
    const first = await cli(args, { COFFRE_PASSWORD: PASSWORDS.admin });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ ran: true, warning: null });
    const second = await cli(args, { COFFRE_PASSWORD: PASSWORDS.admin });
    expect(JSON.parse(second.stdout)).toMatchObject({ ran: false, due: false });
    expect(readdirSync(folder)).toHaveLength(1);
  });
});
