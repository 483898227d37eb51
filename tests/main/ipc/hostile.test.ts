import { readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VaultSession } from "../../../main/auth/session.js";
import { addUser, listUsers } from "../../../main/auth/users.js";
import { changePassword } from "../../../main/auth/account.js";
import { Password } from "../../../main/crypto/secret.js";
import { importFiles } from "../../../main/ingest/pipeline.js";
import type { Router } from "../../../main/ipc/router.js";
import { createOcrPool, type OcrPool } from "../../../main/ocr/pool.js";
import { findAuditRows, lastAuditRow } from "../../../main/vault/queries/audit.js";
import { countDocuments, findDocumentById, listBlobsOfDocument } from "../../../main/vault/queries/documents.js";
import { vaultPaths } from "../../../main/vault/layout.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { fileTempDir } from "../../helpers/tmp.js";
import { makeVault, newPassword, TEMPORARY_PASSWORD, unlock } from "../../helpers/vault.js";
import { frenchInvoicePdf } from "../ingest/sample-invoices.js";
import { appWindow, login, makeRouter, ok, PARSE_WORKER, refused } from "./helpers.js";

/**
 * A hostile renderer: whatever it sends, it gets a typed error with a plain sentence, and the vault is
 * unchanged. Checked against the database and the audit trail afterwards.
 */
const BOB_PASSWORD = "Second clerk: ardoise cerise 8 renard";

describe("a hostile renderer", () => {
  let dir = "";
  let router: Router;
  let ocr: OcrPool;
  let claireDoc = "";
  let auditor: VaultSession;
  const work = fileTempDir("coffre-ipc-hostile-");

  beforeAll(async () => {
    ({ dir } = await makeVault({ lifetime: "file" }));
    const admin = await unlock(dir, "alice", PASSWORDS.admin);
    await addUser(admin, { name: "bob", role: "clerk", password: newPassword(TEMPORARY_PASSWORD) });
    admin.lock();
    await changePassword({ dir, name: "bob", current: Password.fromString(TEMPORARY_PASSWORD), next: newPassword(BOB_PASSWORD) });
    const pdf = join(work, "dupont.pdf");
    writeFileSync(pdf, await frenchInvoicePdf());
    ocr = createOcrPool({ size: 1 });
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const [result] = await importFiles(clerk, [pdf], { ocr, parseWorkerFile: PARSE_WORKER });
    clerk.lock();
    claireDoc = result?.id ?? "";
    router = makeRouter(dir, { ocr: () => ocr, loginAttempts: 3 });
    auditor = await unlock(dir, "olga", PASSWORDS.auditor);
  });

  afterAll(async () => {
    auditor?.lock();
    await router?.close();
    await ocr?.terminate();
  });

  function snapshot() {
    const paths = vaultPaths(dir);
    const document = findDocumentById(auditor.db, claireDoc);
    return {
      documents: countDocuments(auditor.db),
      document: JSON.stringify(document),
      keyslots: readFileSync(paths.keyslots, "utf8"),
    };
  }

  it("wrong types, extra fields, huge strings, unknown channels and foreign origins: typed errors, nothing changed, refusals audited", async () => {
    const before = snapshot();
    const firstSeq = lastAuditRow(auditor.db)?.seq ?? 0;
    const bob = appWindow("bob");
    await login(router, bob, "bob", BOB_PASSWORD);

    // Unknown channels, including names of Object.prototype.
    for (const channel of ["documents.delete", "__proto__", "constructor", "toString", "hasOwnProperty", "", "auth.login ", "AUTH.LOGIN"]) {
      await refused(router, bob, channel, {}, "BAD_INPUT");
    }
    await refused(router, bob, 42 as unknown as string, {}, "BAD_INPUT");
    // Wrong types and shapes.
    await refused(router, bob, "documents.get", { id: 5 }, "BAD_INPUT");
    await refused(router, bob, "documents.get", { id: ["a"] }, "BAD_INPUT");
    await refused(router, bob, "documents.get", "id", "BAD_INPUT");
    await refused(router, bob, "documents.get", null, "BAD_INPUT");
    await refused(router, bob, "documents.get", undefined, "BAD_INPUT");
    await refused(router, bob, "documents.get", { id: "../../keyslots.json" }, "BAD_INPUT");
    await refused(router, bob, "documents.page", { id: claireDoc, page: -1 }, "BAD_INPUT");
    await refused(router, bob, "documents.page", { id: claireDoc, page: 1.5 }, "BAD_INPUT");
    await refused(router, bob, "documents.search", { query: { min: "1e9" } }, "BAD_INPUT");
    await refused(router, bob, "documents.search", { query: { type: "invoice' OR 1=1 --" } }, "BAD_INPUT");
    await refused(router, bob, "documents.search", { query: {}, limit: 1_000_000 }, "BAD_INPUT");
    await refused(router, bob, "documents.search", { query: {}, cursor: "not a cursor" }, "BAD_INPUT");
    await refused(router, bob, "documents.correct", { id: claireDoc, field: "owner_id", value: "bob" }, "BAD_INPUT");
    // Extra fields, prototype pollution attempts.
    const message = await refused(router, bob, "documents.get", { id: claireDoc, ownerId: "bob" }, "BAD_INPUT");
    expect(message).toMatch(/field that does not belong/);
    await refused(router, bob, "documents.search", JSON.parse('{"query": {}, "__proto__": {"role": "admin"}}'), "BAD_INPUT");
    await refused(router, bob, "auth.me", { role: "admin" }, "BAD_INPUT");
    // Huge strings and arrays: refused before any work.
    const huge = "A".repeat(5_000_000);
    await refused(router, bob, "documents.search", { query: { text: huge } }, "BAD_INPUT");
    await refused(router, bob, "documents.search", { query: { text: "x".repeat(501) } }, "BAD_INPUT");
    await refused(router, bob, "documents.import", { jobId: "j1", paths: Array.from({ length: 501 }, (_, index) => `/tmp/${index}.pdf`) }, "BAD_INPUT");
    await refused(router, bob, "documents.import", { jobId: "j1", paths: ["relative/file.pdf"] }, "BAD_INPUT");
    await refused(router, bob, "views.save", { name: "n".repeat(65), query: {} }, "BAD_INPUT");
    // Not plain data.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await refused(router, bob, "documents.get", cyclic, "BAD_INPUT");

    // Another user's document: refused and audited (a clerk sees only their own imports).
    await refused(router, bob, "documents.get", { id: claireDoc }, "FORBIDDEN");
    await refused(router, bob, "documents.page", { id: claireDoc, page: 1 }, "FORBIDDEN");
    await refused(router, bob, "documents.correct", { id: claireDoc, field: "totalGross", value: "1.00" }, "FORBIDDEN");
    await refused(router, bob, "documents.export", { id: claireDoc, outPath: join(work, "stolen.pdf") }, "FORBIDDEN");
    await refused(router, bob, "documents.reveal", { id: claireDoc, reason: "curiosity" }, "FORBIDDEN");
    expect((await router.pageImage(bob, claireDoc, 1)).ok).toBe(false);
    const list = await ok<{ items: { id: string }[] }>(router, bob, "documents.search", { query: {} });
    expect(list.items).toEqual([]);
    // A document id that does not exist: the same refusal wording whatever the id.
    await refused(router, bob, "documents.get", { id: "00000000-0000-0000-0000-000000000000" }, "BAD_INPUT");

    // A foreign page in the same window (navigated away, an injected frame): refused, audited.
    const evil = { id: bob.id, url: "https://evil.example/index.html" };
    await refused(router, evil, "documents.search", { query: {} }, "FORBIDDEN");
    await refused(router, { id: bob.id, url: "file:///etc/passwd" }, "auth.me", {}, "FORBIDDEN");
    await refused(router, { id: bob.id, url: "app://coffre.evil/index.html" }, "auth.me", {}, "FORBIDDEN");
    await refused(router, { id: bob.id, url: "not a url" }, "auth.me", {}, "FORBIDDEN");
    expect((await router.pageImage(evil, claireDoc, 1)).ok).toBe(false);
    // Even a correct login is refused from a foreign origin.
    await refused(router, { id: "evil-window", url: "http://127.0.0.1:9/" }, "auth.login", { name: "claire", password: PASSWORDS.clerk }, "FORBIDDEN");

    // The vault is unchanged: the same documents, the same document row, the same keyslots.
    expect(snapshot()).toEqual(before);
    const rows = findAuditRows(auditor.db, { limit: 1000 }).filter((row) => row.seq > firstSeq);
    // Only the login, the one allowed search and refusals were written.
    expect(new Set(rows.map((row) => row.action))).toEqual(new Set(["login", "permission.denied", "document.search"]));
    const denied = rows.filter((row) => row.action === "permission.denied");
    expect(denied.every((row) => row.userName === "bob" && row.result === "denied")).toBe(true);
    expect(denied.some((row) => row.object === "ipc documents.delete" && row.reason === "unknown IPC channel")).toBe(true);
    expect(denied.some((row) => row.object === "ipc documents.search" && row.reason === "call from a page that is not the app")).toBe(true);
    expect(denied.some((row) => row.object === `documents.read document ${claireDoc}`)).toBe(true);
    expect(denied.some((row) => row.object === "documents.reveal")).toBe(true);
    // No refusal wrote anything the renderer sent (the huge string is not in the trail).
    expect(rows.some((row) => (row.reason ?? "").includes("AAAAAAAAAA") || (row.object ?? "").includes("AAAAAAAAAA"))).toBe(false);
  });

  it("another window's import cannot be cancelled and another user's saved view cannot be deleted", async () => {
    const claire = appWindow("claire");
    const bob = appWindow("bob");
    await login(router, claire, "claire", PASSWORDS.clerk);
    await login(router, bob, "bob", BOB_PASSWORD);
    const saved = await ok<{ view: { id: string } }>(router, claire, "views.save", { name: "Mine", query: { supplier: "Dupont" } });
    expect(await ok(router, bob, "views.delete", { id: saved.view.id })).toEqual({ deleted: false });
    expect(await ok(router, bob, "views.list")).toEqual({ views: [] });
    const views = await ok<{ views: { id: string; name: string }[] }>(router, claire, "views.list");
    expect(views.views.map((view) => view.name)).toEqual(["Mine"]);

    const inbox = join(work, "inbox");
    mkdirSync(inbox, { recursive: true });
    const file = join(inbox, "other.pdf");
    writeFileSync(file, await frenchInvoicePdf({ number: "FA-2024-0100", issueDate: "01/04/2024", gross: "10,00" }));
    const running = router.handle(claire, "documents.import", { jobId: "claire-job", paths: [file] });
    expect(await ok(router, bob, "documents.importCancel", { jobId: "claire-job" })).toEqual({ cancelled: false });
    const done = await running;
    expect(done.ok && (done.value as { results: { status: string }[]; cancelled: boolean })).toMatchObject({ cancelled: false, results: [{ status: "imported" }] });
  });

  it("login is rate-limited per window; other windows are not affected", async () => {
    const attacker = appWindow("attacker");
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await refused(router, attacker, "auth.login", { name: "marc", password: `wrong password number ${attempt}` }, "WRONG_PASSWORD");
    }
    // The 4th attempt is refused by the router without trying the password, even the right one.
    const message = await refused(router, attacker, "auth.login", { name: "marc", password: PASSWORDS.manager }, "TOO_MANY_ATTEMPTS");
    expect(message).toMatch(/this window/);
    await login(router, appWindow("marc"), "marc", PASSWORDS.manager);
  });

  it("an unexpected failure is INTERNAL with a generic sentence, never the error's text", async () => {
    const claire = appWindow("claire");
    await login(router, claire, "claire", PASSWORDS.clerk);
    const blob = listBlobsOfDocument(auditor.db, claireDoc).find((entry) => entry.kind === "page" && entry.page === 1);
    if (!blob) throw new Error("no page blob");
    // Replace the stored page by a folder: reading it fails with a Node error that names the path.
    const path = join(vaultPaths(dir).blobs, blob.blobId.slice(0, 2), blob.blobId);
    const saved = readFileSync(path);
    rmSync(path);
    mkdirSync(path);
    try {
      const message = await refused(router, claire, "documents.page", { id: claireDoc, page: 1 }, "INTERNAL");
      expect(message).not.toMatch(/EISDIR|blobs|illegal operation/i);
    } finally {
      rmSync(path, { recursive: true });
      writeFileSync(path, saved);
    }
    const page = await ok<{ dataUrl: string }>(router, claire, "documents.page", { id: claireDoc, page: 1 });
    expect(page.dataUrl).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });

  it("a revoked user's open window is refused at the next call and told it is locked", async () => {
    const admin = appWindow("admin");
    const victimWindow = appWindow("bob");
    await login(router, admin, "alice", PASSWORDS.admin);
    await login(router, victimWindow, "bob", BOB_PASSWORD);
    const events: string[] = [];
    router.onEvent(victimWindow, (event, payload) => events.push(`${event}:${(payload as { reason: string }).reason}`));
    // The admin's own channels refuse what the services do not know, with a sentence.
    await refused(router, admin, "policy.setSensitive", { type: "password", action: "keep" }, "BAD_INPUT");
    await refused(router, admin, "policy.setSensitive", { type: "iban", action: "publish" }, "BAD_INPUT");
    await ok(router, admin, "users.revoke", { name: "bob", reason: "incident" });
    await refused(router, victimWindow, "documents.search", { query: {} }, "SESSION_REVOKED");
    expect(events).toEqual(["session.locked:session ended by an administrator"]);
    await refused(router, victimWindow, "documents.search", { query: {} }, "LOCKED");
    const users = listUsers(await unlock(dir, "alice", PASSWORDS.admin));
    expect(users.find((user) => user.name === "bob")?.status).toBe("active");
  });

  it("an idle window locks itself, wipes its session and says so", async () => {
    const quick = makeRouter(dir, { ocr: () => ocr, idleLockMs: 300 });
    try {
      const claire = appWindow("claire");
      const events: string[] = [];
      quick.onEvent(claire, (event, payload) => events.push(`${event}:${(payload as { reason: string }).reason}`));
      await login(quick, claire, "claire", PASSWORDS.clerk);
      await ok(quick, claire, "documents.search", { query: {} });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(events).toEqual(["session.locked:idle for 0 min"]);
      await refused(quick, claire, "documents.search", { query: {} }, "LOCKED");
      expect(await ok(quick, claire, "auth.me")).toMatchObject({ user: null });
      const lock = findAuditRows(auditor.db, { action: "lock", userName: "claire", limit: 1 });
      expect(lock[0]?.reason).toBe("idle for 0 min");
    } finally {
      await quick.close();
    }
  });
});
