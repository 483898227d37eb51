import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setDocumentHold } from "../../../main/gdpr/hold.js";
import { fiscalYearEndOf, keepUntil, runRetention, setRetentionPolicy } from "../../../main/gdpr/retention.js";
import { findDocumentById } from "../../../main/vault/queries/documents.js";
import { listErasures } from "../../../main/vault/queries/erasure.js";
import { cli, PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { ADMIN, CLERK, importThree } from "./fixtures.js";

const SPREE = join(REPO_ROOT, "samples", "doc-7-0033.pdf"); // an "other" document (a quote) of 2024-08-26
const at = (iso: string) => () => new Date(iso);

describe("retention: periods per type, counted from the end of the fiscal year", () => {
  it("computes the last day to keep a document", () => {
    expect(fiscalYearEndOf("2023-05-25", "12-31")).toBe("2023-12-31");
    expect(keepUntil("2023-05-25", 10, "12-31")).toBe("2033-12-31");
    expect(keepUntil("2023-12-31", 10, "12-31")).toBe("2033-12-31");
    expect(keepUntil("2023-05-25", 10, "06-30")).toBe("2033-06-30");
    expect(keepUntil("2023-08-06", 10, "06-30")).toBe("2034-06-30"); // the fiscal year closing in June 2024
    expect(fiscalYearEndOf("2023-03-01", "02-29")).toBe("2024-02-29");
    expect(keepUntil("2023-03-01", 5, "02-29")).toBe("2029-02-28");
  });

  it("lists then erases what has expired (manager), skips held documents, lets the admin set periods and dry-run without reading documents", async () => {
    const { dir } = await makeVault();
    const ids = await importThree(dir); // invoices of 2024-03-15 (Dupont), 2023-05-25 (Catalana), 2023-08-06 (Pennine)
    const spree = await cli(["import", "--vault", dir, "--as", "claire", "--json", SPREE], CLERK);
    const spreeLine = JSON.parse(spree.stdout) as { id: string; docType: string };
    expect(spreeLine.docType).toBe("other");

    // In mid-2034 the 2023 invoices are past 10 years from their fiscal year's end; the 2024 one is not; the quote is past 5.
    const clock = at("2034-06-01T09:00:00Z");
    const manager = await unlock(dir, "marc", PASSWORDS.manager, { clock });
    setDocumentHold(manager, ids.pennine, { on: true, reason: "dispute with the supplier" });
    manager.lock();

    const admin = await unlock(dir, "alice", PASSWORDS.admin, { clock });
    try {
      const dry = runRetention(admin, { dryRun: true });
      expect(dry).toMatchObject({ dryRun: true, asOf: "2034-06-01", erased: [], held: [ids.pennine] });
      expect(dry.expired.map((entry) => [entry.id, entry.docType, entry.keepUntil, entry.legalHold]).sort()).toEqual(
        [
          [ids.catalana, "invoice", "2033-12-31", false],
          [ids.pennine, "invoice", "2033-12-31", true],
          [spreeLine.id, "other", "2029-12-31", false],
        ].sort(),
      );
      // What the admin is shown carries no content: ids, types and dates only.
      expect(Object.keys(dry.expired[0] ?? {})).toEqual(["id", "docType", "keepUntil", "legalHold"]);
      expect(() => runRetention(admin, { dryRun: false })).toThrow("an admin may not erase documents");
      expect(() => setRetentionPolicy(admin, { docType: "invoice", years: 8 })).toThrow(/at least 10 years/);
      expect(setRetentionPolicy(admin, { docType: "other", years: 10 }).years).toEqual({ invoice: 10, "credit-note": 10, other: 10 });
      expect(runRetention(admin, { dryRun: true }).expired.map((entry) => entry.id)).not.toContain(spreeLine.id);
      setRetentionPolicy(admin, { docType: "other", years: 5 });
    } finally {
      admin.lock();
    }
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk, { clock });
    try {
      expect(() => runRetention(clerk, { dryRun: true })).toThrow("a clerk may not erase documents");
      expect(() => setRetentionPolicy(clerk, { docType: "other", years: 6 })).toThrow("a clerk may not manage retention");
    } finally {
      clerk.lock();
    }

    const runner = await unlock(dir, "marc", PASSWORDS.manager, { clock });
    try {
      expect(() => setRetentionPolicy(runner, { docType: "other", years: 6 })).toThrow("a manager may not manage retention");
      const run = runRetention(runner, { dryRun: false });
      expect(run.erased.sort()).toEqual([ids.catalana, spreeLine.id].sort());
      expect(run).toMatchObject({ held: [ids.pennine], failed: [], walTruncated: true });
      expect(findDocumentById(runner.db, ids.pennine)).toBeDefined();
      expect(findDocumentById(runner.db, ids.dupont)).toBeDefined();
      expect(findDocumentById(runner.db, ids.catalana)).toBeUndefined();
      expect(listErasures(runner.db).map((erasure) => [erasure.documentId, erasure.cause, erasure.erasedAt]).sort()).toEqual(
        [
          [ids.catalana, "retention", "2034-06-01T09:00:00.000Z"],
          [spreeLine.id, "retention", "2034-06-01T09:00:00.000Z"],
        ].sort(),
      );
      // A second run finds nothing more to erase.
      expect(runRetention(runner, { dryRun: false }).erased).toEqual([]);
    } finally {
      runner.lock();
    }

    const trail = await cli(["audit", "list", "--vault", dir, "--as", "olga", "--json"], { COFFRE_PASSWORD: PASSWORDS.auditor });
    const rows = trail.stdout.split("\n").map((line) => JSON.parse(line) as { action: string; userName: string; object: string | null; reason: string | null; result: string });
    expect(rows.find((row) => row.action === "document.erase" && row.object === `document ${ids.catalana}`)).toMatchObject({
      userName: "marc",
      result: "ok",
      reason: "retention: invoice kept until 2033-12-31",
    });
    expect(rows.filter((row) => row.action === "retention.policy").map((row) => [row.userName, row.object, row.reason])).toEqual([
      ["alice", "type other", "5 -> 10 years"],
      ["alice", "type other", "10 -> 5 years"],
    ]);
    expect(rows.filter((row) => row.action === "retention.run").map((row) => [row.userName, row.object])).toEqual([
      ["alice", "dry run"],
      ["alice", "dry run"],
      ["marc", "erase"],
      ["marc", "erase"],
    ]);

    // The CLI, today: the policy as the admin sees it, and a dry run that erases nothing.
    const shown = await cli(["retention", "show", "--vault", dir, "--as", "alice", "--json"], ADMIN);
    expect(JSON.parse(shown.stdout)).toMatchObject({ years: { invoice: 10, "credit-note": 10, other: 5 }, fiscalYearEnd: "12-31" });
    const today = await cli(["retention", "run", "--dry-run", "--vault", dir, "--as", "alice"], ADMIN);
    expect(today.code).toBe(0);
    expect(today.stdout).toMatch(/nothing erased \(dry run\)$/);
    const refused = await cli(["retention", "set", "--type", "credit-note", "--years", "3", "--vault", dir, "--as", "alice"], ADMIN);
    expect(refused).toMatchObject({ code: 1, stderr: "coffre: credit-note documents must be kept at least 10 years (French commercial law, accounting documents)" });
    const fiscal = await cli(["retention", "set", "--fiscal-year-end", "06-30", "--vault", dir, "--as", "alice", "--json"], ADMIN);
    expect(JSON.parse(fiscal.stdout)).toMatchObject({ fiscalYearEnd: "06-30" });
  });
});
