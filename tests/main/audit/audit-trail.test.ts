import { randomBytes } from "node:crypto";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { computeRowMac, verifyAudit } from "../../../main/audit/audit-log.js";
import { SecretBytes } from "../../../main/crypto/secret.js";
import type { VaultDb } from "../../../main/vault/database.js";
import type { AuditAction, AuditResult } from "../../../shared/audit.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";

type Row = {
  seq: number;
  time: string;
  user_id: string | null;
  user_name: string | null;
  action: string;
  object: string | null;
  result: string;
  reason: string | null;
  mac: string;
};

describe("tamper-evident audit trail", () => {
  let template = "";
  beforeAll(async () => {
    template = (await makeVault({ lifetime: "file" })).dir;
  });

  /** A fresh copy of the template vault, tampered with through its database as an insider with the DEK could. */
  async function tamper(step: (db: VaultDb, rows: Row[]) => void) {
    const dir = join(tempDir(), "vault");
    cpSync(template, dir, { recursive: true });
    const session = await unlock(dir, "olga", PASSWORDS.auditor);
    const rows = session.db.prepare("SELECT * FROM audit_log ORDER BY seq").all() as Row[];
    step(session.db, rows);
    const report = verifyAudit(session.auditContext);
    session.lock();
    return { dir, report, rows };
  }

  it("verifies an untouched trail, and every login and change is in it", async () => {
    const { report, rows } = await tamper(() => undefined);
    expect(report).toMatchObject({ ok: true, firstBad: null });
    expect(report.rows).toBe(rows.length);
    expect(rows[0]).toMatchObject({ seq: 1, action: "vault.init", user_name: "alice" });
    expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(["user.add", "user.password", "user.grant-reveal", "login"]));
  });

  it("detects an edited field at that row", async () => {
    const { report } = await tamper((db) => db.prepare("UPDATE audit_log SET user_name = 'mallory' WHERE seq = 5").run());
    expect(report.firstBad).toEqual({ seq: 5, problem: expect.stringMatching(/row 5 was altered/) });
  });

  it("detects a deleted row", async () => {
    const { report } = await tamper((db) => db.prepare("DELETE FROM audit_log WHERE seq = 6").run());
    expect(report.firstBad).toEqual({ seq: 6, problem: expect.stringMatching(/row 6 is missing/) });
  });

  it("detects two swapped rows at the first of them", async () => {
    const { report } = await tamper((db, rows) => {
      const [a, b] = [rows[6], rows[7]];
      if (!a || !b) throw new Error("not enough rows");
      const update = db.prepare(
        "UPDATE audit_log SET time = @time, user_id = @user_id, user_name = @user_name, action = @action, object = @object, result = @result, reason = @reason, mac = @mac WHERE seq = @target",
      );
      update.run({ ...b, target: a.seq });
      update.run({ ...a, target: b.seq });
    });
    expect(report.firstBad?.seq).toBe(7);
  });

  it("detects the newest rows deleted, thanks to the head kept outside the database", async () => {
    const { report, rows } = await tamper((db, all) => db.prepare("DELETE FROM audit_log WHERE seq > ?").run(all.length - 3));
    const last = rows.length;
    expect(report.ok).toBe(false);
    expect(report.firstBad).toEqual({ seq: last - 2, problem: expect.stringMatching(new RegExp(`rows ${last - 2} to ${last} were deleted`)) });
  });

  it("detects a row whose MAC was recomputed without the key, even with the rest of the chain re-forged", async () => {
    const { report } = await tamper((db, rows) => {
      const guess = new SecretBytes(randomBytes(32));
      let previous = rows[3]?.mac ?? "";
      for (const row of rows.slice(4)) {
        const forged = {
          seq: row.seq,
          time: row.time,
          userId: row.user_id,
          userName: row.user_name,
          action: row.action as AuditAction,
          object: row.object,
          result: row.result as AuditResult,
          reason: row.seq === 5 ? "nothing to see" : row.reason,
        };
        const mac = computeRowMac(guess, previous, forged);
        db.prepare("UPDATE audit_log SET reason = ?, mac = ? WHERE seq = ?").run(forged.reason, mac, row.seq);
        previous = mac;
      }
    });
    expect(report.firstBad?.seq).toBe(5);
  });

  it("`coffre audit verify` names the first bad row and exits non-zero; reading the trail is itself audited", async () => {
    const { dir } = await tamper((db) => db.prepare("UPDATE audit_log SET result = 'failed' WHERE seq = 4").run());
    const verify = await cli(["audit", "verify", "--vault", dir, "--as", "olga"], { COFFRE_PASSWORD: PASSWORDS.auditor });
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/^audit trail: BROKEN at row 4: row 4 was altered/);

    const clean = join(tempDir(), "vault");
    cpSync(template, clean, { recursive: true });
    const ok = await cli(["audit", "verify", "--vault", clean, "--as", "olga", "--json"], { COFFRE_PASSWORD: PASSWORDS.auditor });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, firstBad: null });
    const list = await cli(["audit", "list", "--vault", clean, "--as", "olga", "--action", "audit", "--json"], { COFFRE_PASSWORD: PASSWORDS.auditor });
    expect(list.stdout.split("\n").map((line) => JSON.parse(line) as { action: string; userName: string })).toEqual([
      expect.objectContaining({ action: "audit.verify", userName: "olga" }),
    ]);
    const denied = await cli(["audit", "list", "--vault", clean, "--as", "claire"], { COFFRE_PASSWORD: PASSWORDS.clerk });
    expect(denied.stderr).toBe("coffre: a clerk may not read the audit trail");
    const refusal = await cli(["audit", "list", "--vault", clean, "--as", "olga", "--action", "permission.denied", "--json"], {
      COFFRE_PASSWORD: PASSWORDS.auditor,
    });
    expect(JSON.parse(refusal.stdout)).toMatchObject({ userName: "claire", result: "denied", object: "audit.read" });
  });
  it("an event appended with the writes it records is committed with them, or not at all", async () => {
    const dir = join(tempDir(), "vault");
    cpSync(template, dir, { recursive: true });
    const session = await unlock(dir, "claire", PASSWORDS.clerk);
    try {
      const count = () => (session.db.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n;
      const marks = () => (session.db.prepare("SELECT count(*) AS n FROM meta WHERE key = 'audit-with-test'").get() as { n: number }).n;
      const before = count();
      const head = readFileSync(session.paths.auditHead, "utf8");
      // The writes fail after a row of theirs: neither that row nor the event is stored, the head stays.
      expect(() =>
        session.auditWith({ action: "document.import", result: "ok", object: "document x" }, () => {
          session.db.prepare("INSERT INTO meta (key, value) VALUES ('audit-with-test', '1')").run();
          throw new Error("disk full");
        }),
      ).toThrow("disk full");
      expect([count(), marks(), readFileSync(session.paths.auditHead, "utf8")]).toEqual([before, 0, head]);
      // They succeed: both are stored, the head moved to the new row, the chain verifies.
      session.auditWith({ action: "document.import", result: "ok", object: "document y" }, () => {
        session.db.prepare("INSERT INTO meta (key, value) VALUES ('audit-with-test', '1')").run();
      });
      expect([count(), marks()]).toEqual([before + 1, 1]);
      expect(JSON.parse(readFileSync(session.paths.auditHead, "utf8"))).toMatchObject({ seq: before + 1 });
      expect(verifyAudit(session.auditContext)).toMatchObject({ ok: true, rows: before + 1 });
    } finally {
      session.lock();
    }
  });
});
