import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS } from "../../../main/auth/permissions.js";
import type { VaultSession } from "../../../main/auth/session.js";
import { addUser } from "../../../main/auth/users.js";
import { importFiles } from "../../../main/ingest/pipeline.js";
import type { Router, Sender } from "../../../main/ipc/router.js";
import { createOcrPool, type OcrPool } from "../../../main/ocr/pool.js";
import { findAuditRows, lastAuditRow } from "../../../main/vault/queries/audit.js";
import { ROLES, type Role } from "../../../shared/domain.js";
import { CHANNEL_NAMES, CHANNELS, type ChannelName } from "../../../shared/ipc/contract.js";
import type { Permission } from "../../../shared/permissions.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { fileTempDir } from "../../helpers/tmp.js";
import { makeVault, newPassword, TEMPORARY_PASSWORD, unlock } from "../../helpers/vault.js";
import { frenchInvoicePdf } from "../ingest/sample-invoices.js";
import { appWindow, call, login, makeRouter, ok, PARSE_WORKER, refused } from "./helpers.js";

/**
 * The role table of design.md, through the router: for every channel that needs a permission, each role
 * allowed by the table succeeds, every other role is refused with FORBIDDEN, and the refusal is audited.
 */
const USERS: Record<Role, { name: string; password: string }> = {
  clerk: { name: "claire", password: PASSWORDS.clerk },
  manager: { name: "marc", password: PASSWORDS.manager },
  auditor: { name: "olga", password: PASSWORDS.auditor },
  admin: { name: "alice", password: PASSWORDS.admin },
};

describe("role table through the IPC router", () => {
  let router: Router;
  let reader: VaultSession;
  let ocr: OcrPool;
  let documentId = "";
  const windows = {} as Record<Role, Sender>;
  const work = fileTempDir("coffre-ipc-roles-");
  const pdf = join(work, "dupont.pdf");
  const second = join(work, "dupont-again.pdf");
  const backups = join(work, "backups");
  const toErase = join(work, "to-erase.pdf");
  // No passphrase in this test's environment: the scheduled run records its failure and answers.
  const rolesSchedule = { folder: backups, intervalHours: 24, keep: 2, encryption: { kind: "passphrase-env", variable: "COFFRE_ROLES_TEST_NO_SUCH_VARIABLE" } };

  beforeAll(async () => {
    const { dir } = await makeVault({ lifetime: "file" });
    mkdirSync(backups);
    writeFileSync(pdf, await frenchInvoicePdf());
    writeFileSync(second, await frenchInvoicePdf({ number: "FA-2024-0043", issueDate: "16/03/2024", gross: "99,00" }));
    writeFileSync(toErase, await frenchInvoicePdf({ number: "FA-2024-0077", issueDate: "18/03/2024", gross: "77,00" }));
    const admin = await unlock(dir, "alice", PASSWORDS.admin);
    await addUser(admin, { name: "victim", role: "clerk", password: newPassword(TEMPORARY_PASSWORD) });
    admin.lock();
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    ocr = createOcrPool({ size: 1 });
    const [result] = await importFiles(clerk, [pdf], { ocr, parseWorkerFile: PARSE_WORKER });
    clerk.lock();
    documentId = result?.id ?? "";
    expect(documentId).not.toBe("");
    router = makeRouter(dir, {
      ocr: () => ocr,
      // Stand-ins for Electron's native dialogs: the user "chooses" these paths.
      dialogs: {
        openFiles: async () => [second],
        saveFile: async (sender) => join(work, `${sender.id}.pdf`),
        chooseFolder: async () => backups,
      },
    });
    for (const role of ROLES) {
      windows[role] = appWindow(role);
      await login(router, windows[role], USERS[role].name, USERS[role].password);
    }
    reader = await unlock(dir, "olga", PASSWORDS.auditor);
  });

  afterAll(async () => {
    reader?.lock();
    await router?.close();
    await ocr?.terminate();
  });

  /** A request each allowed role can carry out on this vault (some need a dialog first, as in the app). */
  const samples: Partial<Record<ChannelName, (sender: Sender, allowed: boolean) => Promise<unknown> | unknown>> = {
    "dialog.openFiles": () => ({}),
    "dialog.saveFile": () => ({ suggestedName: "invoice.pdf" }),
    "dialog.chooseFolder": () => ({}),
    "documents.import": (sender) => ({ jobId: `job-${sender.id}`, paths: [second] }),
    "documents.importCancel": () => ({ jobId: "no-such-job" }),
    "documents.quarantine": () => ({}),
    "documents.search": () => ({ query: { text: "dupont", min: "100" } }),
    "documents.get": () => ({ id: documentId }),
    "documents.page": () => ({ id: documentId, page: 1 }),
    "documents.correct": () => ({ id: documentId, field: "invoiceNumber", value: "FA-2024-0042" }),
    "documents.reveal": () => ({ id: documentId, reason: "the supplier asked to check the bank details" }),
    "documents.export": async (sender, allowed) => {
      if (!allowed) return { id: documentId, outPath: join(work, "refused.pdf") };
      const chosen = await ok<{ path: string }>(router, sender, "dialog.saveFile", { suggestedName: "invoice.pdf" });
      return { id: documentId, outPath: chosen.path };
    },
    "documents.erase": async (sender, allowed) => {
      if (!allowed) return { id: documentId, reason: "duplicate entered by mistake" };
      // A document of its own, so that the other cases keep theirs.
      const imported = await ok<{ results: { id: string | null }[] }>(router, sender, "documents.import", { jobId: `erase-${sender.id}`, paths: [toErase] });
      return { id: imported.results[0]?.id ?? "", reason: "duplicate entered by mistake" };
    },
    "documents.holdStatus": () => ({ id: documentId }),
    "documents.setHold": () => ({ id: documentId, on: false, reason: "no dispute on this invoice" }),
    "views.list": () => ({}),
    "views.save": () => ({ name: "Large invoices", query: { min: "1000", sort: { by: "amount", dir: "desc" } } }),
    "views.delete": () => ({ id: "no-such-view" }),
    "users.list": () => ({}),
    "users.add": () => ({ name: "newbie", role: "clerk", temporaryPassword: TEMPORARY_PASSWORD }),
    "users.disable": () => ({ name: "victim", reason: "left the company" }),
    "users.enable": () => ({ name: "victim", temporaryPassword: TEMPORARY_PASSWORD }),
    "users.setRole": () => ({ name: "victim", role: "manager" }),
    "users.resetMfa": () => ({ name: "victim", reason: "lost phone" }),
    "users.revoke": () => ({ name: "victim", reason: "incident" }),
    "users.grantReveal": () => ({ name: "victim" }),
    "policy.get": () => ({}),
    "policy.setLockout": () => ({ ceiling: 50 }),
    "policy.setMfaRequired": () => ({ required: false }),
    "policy.sensitive": () => ({}),
    "policy.setSensitive": () => ({ type: "phone", action: "redact" }),
    "backups.run": async (sender, allowed) => {
      if (!allowed) return { folder: backups, passphrase: "correct horse battery staple" };
      await ok(router, sender, "dialog.chooseFolder", {});
      return { folder: backups, passphrase: "correct horse battery staple" };
    },
    "backups.list": () => ({}),
    "backups.schedule": () => ({}),
    "backups.setSchedule": () => ({ schedule: rolesSchedule }),
    "backups.status": () => ({}),
    "backups.runScheduled": async (sender, allowed) => {
      if (allowed) await ok(router, sender, "backups.setSchedule", { schedule: rolesSchedule });
      return {};
    },
    "security.report": () => ({ from: "2020-01-01", to: "2099-12-31" }),
    "audit.list": () => ({ limit: 10 }),
    "audit.verify": () => ({}),
  };

  const gated = CHANNEL_NAMES.filter((name) => {
    const permission: string = CHANNELS[name].permission;
    return permission !== "public" && permission !== "session" && !permission.startsWith("self.");
  });

  it("covers every channel that needs a role (a channel added without a case here fails)", () => {
    expect(Object.keys(samples).sort()).toEqual([...gated].sort());
  });

  for (const channel of gated) {
    const permission = CHANNELS[channel].permission as Permission;
    const allowedRoles: readonly Role[] = PERMISSIONS[permission];
    it(`${channel} (${permission}): ${allowedRoles.join(", ")} allowed, the others refused and audited`, async () => {
      const sample = samples[channel];
      if (!sample) throw new Error(`no sample request for ${channel}`);
      for (const role of ROLES) {
        const sender = windows[role];
        const allowed = allowedRoles.includes(role);
        const payload = await sample(sender, allowed);
        if (allowed) {
          const envelope = await call(router, sender, channel, payload);
          expect(envelope.ok ? "ok" : `${envelope.error.code}: ${envelope.error.message}`, `${role} on ${channel}`).toBe("ok");
        } else {
          const before = lastAuditRow(reader.db)?.seq ?? 0;
          await refused(router, sender, channel, payload, "FORBIDDEN");
          const denied = findAuditRows(reader.db, { action: "permission.denied", userName: USERS[role].name, limit: 5 }).filter((row) => row.seq > before);
          expect(denied.map((row) => row.object), `${role} refused on ${channel} must be audited`).toEqual([permission]);
        }
      }
    });
  }

  it("own-account channels work for every role; a locked window is refused with LOCKED", async () => {
    for (const role of ROLES) {
      const me = await ok<{ user: { name: string; role: string } }>(router, windows[role], "auth.me");
      expect(me.user).toEqual({ name: USERS[role].name, role });
      await ok(router, windows[role], "auth.touch");
    }
    const stranger = appWindow("stranger");
    expect(await ok(router, stranger, "auth.me")).toMatchObject({ user: null });
    for (const channel of CHANNEL_NAMES.filter((name) => CHANNELS[name].permission !== "public")) {
      const payload = samples[channel] ? await samples[channel](stranger, false) : {};
      await refused(router, stranger, channel, channel === "auth.mfaConfirm" ? { code: "123456" } : channel === "auth.changePassword" ? { current: "a", next: "b" } : payload, "LOCKED");
    }
  });
});
