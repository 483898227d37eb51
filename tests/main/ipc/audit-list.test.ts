import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VaultSession } from "../../../main/auth/session.js";
import type { Router, Sender } from "../../../main/ipc/router.js";
import { findAuditRows } from "../../../main/vault/queries/audit.js";
import type { ChannelResponse } from "../../../shared/ipc/contract.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { appWindow, login, makeRouter, ok, refused } from "./helpers.js";

/** audit.list: newest first on request, and pages back with `before` / `olderBefore` without losing or repeating a row. */
type AuditList = ChannelResponse<"audit.list">;

describe("audit.list order and paging through the router", () => {
  let router: Router;
  let auditor: Sender;
  let reader: VaultSession;

  beforeAll(async () => {
    const { dir } = await makeVault({ lifetime: "file" });
    router = makeRouter(dir);
    auditor = appWindow("auditor");
    await login(router, auditor, "olga", PASSWORDS.auditor);
    // Some traffic: every audit.list call is itself written to the trail.
    for (let index = 0; index < 12; index += 1) await ok(router, auditor, "audit.list", { limit: 1 });
    reader = await unlock(dir, "alice", PASSWORDS.admin);
  });

  afterAll(async () => {
    reader?.lock();
    await router?.close();
  });

  it("without `order` the answer is as before: the newest rows, oldest first", async () => {
    const answer = await ok<AuditList>(router, auditor, "audit.list", { limit: 5 });
    const seqs = answer.entries.map((entry) => entry.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const all = findAuditRows(reader.db, { limit: 100_000 });
    // The trail grew by this call's own row after the query: the answer ends one row before the newest.
    expect(seqs.at(-1)).toBe((all.at(-1)?.seq ?? 0) - 1);
    expect(answer.olderBefore).toBe(seqs[0]);
  });

  it("newest first, then page by page back to the first row: every row once, in order", async () => {
    const first = await ok<AuditList>(router, auditor, "audit.list", { order: "newest", limit: 7 });
    const top = first.entries[0]?.seq ?? 0;
    const expected = findAuditRows(reader.db, { limit: 100_000, order: "newest" })
      .filter((row) => row.seq <= top)
      .map((row) => row.seq);
    expect(expected.length).toBeGreaterThan(20);
    const seen = first.entries.map((entry) => entry.seq);
    let before = first.olderBefore;
    let pages = 1;
    while (before !== null) {
      const page = await ok<AuditList>(router, auditor, "audit.list", { order: "newest", limit: 7, before });
      expect(page.entries.length).toBeGreaterThan(0);
      for (const entry of page.entries) expect(entry.seq).toBeLessThan(before);
      seen.push(...page.entries.map((entry) => entry.seq));
      before = page.olderBefore;
      pages += 1;
      expect(pages).toBeLessThan(50);
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 7));
  });

  it("filters apply to every page; a page that holds the last matching rows says there is nothing older", async () => {
    const matching = findAuditRows(reader.db, { action: "audit.list", limit: 100_000, order: "newest" }).map((row) => row.seq);
    const top = matching[0] ?? 0;
    const exact = await ok<AuditList>(router, auditor, "audit.list", { action: "audit.list", order: "newest", before: top + 1, limit: matching.length });
    expect(exact.entries.map((entry) => entry.seq)).toEqual(matching);
    expect(exact.olderBefore).toBeNull();
    const short = await ok<AuditList>(router, auditor, "audit.list", { action: "audit.list", order: "newest", before: top + 1, limit: matching.length - 1 });
    expect(short.entries.every((entry) => entry.action === "audit.list")).toBe(true);
    expect(short.olderBefore).toBe(matching.at(-2));
    const rest = await ok<AuditList>(router, auditor, "audit.list", { action: "audit.list", order: "newest", before: short.olderBefore ?? 0 });
    expect(rest.entries.map((entry) => entry.seq)).toEqual(matching.slice(-1));
    expect(rest.olderBefore).toBeNull();
    const none = await ok<AuditList>(router, auditor, "audit.list", { user: "nobody", order: "newest" });
    expect(none).toEqual({ entries: [], olderBefore: null });
  });

  it("refuses a bad order or cursor with a sentence", async () => {
    await refused(router, auditor, "audit.list", { order: "sideways" }, "BAD_INPUT");
    await refused(router, auditor, "audit.list", { before: 0 }, "BAD_INPUT");
    await refused(router, auditor, "audit.list", { before: "12" }, "BAD_INPUT");
    await refused(router, auditor, "audit.list", { before: 1.5 }, "BAD_INPUT");
  });

  it("is refused to a clerk, as before", async () => {
    const clerk = appWindow("clerk");
    await login(router, clerk, "claire", PASSWORDS.clerk);
    await refused(router, clerk, "audit.list", { order: "newest" }, "FORBIDDEN");
  });
});
