import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VaultSession } from "../../../main/auth/session.js";
import type { Router, Sender } from "../../../main/ipc/router.js";
import { findAuditRows } from "../../../main/vault/queries/audit.js";
import type { ChannelResponse } from "../../../shared/ipc/contract.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { fileTempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { frenchInvoicePdf } from "../ingest/sample-invoices.js";
import { appWindow, login, makeRouter, ok, refused } from "./helpers.js";

/**
 * Erasure and legal hold through the router (the roles are in roles.test.ts: only a manager; the others
 * FORBIDDEN and audited): a held document cannot be erased; an erased one is gone, for good, with its files.
 */
describe("documents.erase / documents.setHold / documents.holdStatus", () => {
  let router: Router;
  let manager: Sender;
  let reader: VaultSession;
  let vaultDir = "";
  let id = "";
  const work = fileTempDir("coffre-ipc-gdpr-");

  beforeAll(async () => {
    vaultDir = (await makeVault({ lifetime: "file" })).dir;
    const pdf = join(work, "to-erase.pdf");
    writeFileSync(pdf, await frenchInvoicePdf({ number: "FA-2024-0099", issueDate: "19/03/2024", gross: "42,00" }));
    router = makeRouter(vaultDir);
    manager = appWindow("manager");
    await login(router, manager, "marc", PASSWORDS.manager);
    const imported = await ok<ChannelResponse<"documents.import">>(router, manager, "documents.import", { jobId: "gdpr", paths: [pdf] });
    id = imported.results[0]?.id ?? "";
    expect(id).not.toBe("");
    reader = await unlock(vaultDir, "olga", PASSWORDS.auditor);
  });

  afterAll(async () => {
    reader?.lock();
    await router?.close();
  });

  it("a legal hold is placed with a reason, shown, and blocks the erasure (refusal audited)", async () => {
    expect(await ok(router, manager, "documents.holdStatus", { id })).toEqual({ legalHold: false, since: null });
    const set = await ok<ChannelResponse<"documents.setHold">>(router, manager, "documents.setHold", { id, on: true, reason: "supplier dispute, file 12" });
    expect(set.legalHold).toBe(true);
    expect(set.changed).toBe(true);
    expect(set.since).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await ok(router, manager, "documents.holdStatus", { id })).toEqual({ legalHold: true, since: set.since });
    // Again: no change, the date stays.
    expect(await ok(router, manager, "documents.setHold", { id, on: true, reason: "supplier dispute, file 12" })).toEqual({ legalHold: true, since: set.since, changed: false });

    const message = await refused(router, manager, "documents.erase", { id, reason: "asked by the supplier" }, "FORBIDDEN");
    expect(message).toMatch(/legal hold/);
    const denied = findAuditRows(reader.db, { action: "document.erase", limit: 5 });
    expect(denied.at(-1)).toMatchObject({ result: "denied", object: `document ${id}`, userName: "marc" });
    // Still there.
    expect((await ok<ChannelResponse<"documents.get">>(router, manager, "documents.get", { id })).id).toBe(id);
    const held = findAuditRows(reader.db, { action: "document.hold", limit: 5 });
    expect(held.at(-1)?.reason).toContain("supplier dispute, file 12");
  });

  it("the hold is lifted with a reason; a reason carrying personal data or too short is refused", async () => {
    await refused(router, manager, "documents.setHold", { id, on: false, reason: "ok" }, "BAD_INPUT");
    expect(await ok(router, manager, "documents.setHold", { id, on: false, reason: "dispute settled" })).toEqual({ legalHold: false, since: null, changed: true });
    expect(findAuditRows(reader.db, { action: "document.release", limit: 5 }).at(-1)?.reason).toBe("dispute settled");
    await refused(router, manager, "documents.erase", { id, reason: "asked by jean.dupont@example.com" }, "BAD_INPUT");
    await refused(router, manager, "documents.erase", { id, reason: "  " }, "BAD_INPUT");
    expect((await ok<ChannelResponse<"documents.get">>(router, manager, "documents.get", { id })).id).toBe(id);
  });

  it("erases the document for good: gone from the archive, its files deleted, audited with the reason; a second erasure is refused", async () => {
    const blobsBefore = readdirSync(join(vaultDir, "blobs"), { recursive: true }).length;
    const report = await ok<ChannelResponse<"documents.erase">>(router, manager, "documents.erase", { id, reason: "entered twice by mistake" });
    expect(report.id).toBe(id);
    expect(report.filesDeleted).toBeGreaterThan(0);
    expect(readdirSync(join(vaultDir, "blobs"), { recursive: true }).length).toBeLessThan(blobsBefore);
    expect(existsSync(join(vaultDir, "blobs"))).toBe(true);
    await refused(router, manager, "documents.get", { id }, "BAD_INPUT");
    const list = await ok<ChannelResponse<"documents.search">>(router, manager, "documents.search", { query: {} });
    expect(list.items.map((item) => item.id)).not.toContain(id);
    expect(findAuditRows(reader.db, { action: "document.erase", limit: 5 }).at(-1)).toMatchObject({ result: "ok", object: `document ${id}`, reason: "entered twice by mistake" });
    expect(await refused(router, manager, "documents.erase", { id, reason: "entered twice by mistake" }, "BAD_INPUT")).toMatch(/already erased/);
    await refused(router, manager, "documents.holdStatus", { id }, "BAD_INPUT");
  });
});
