import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { RouterHost } from "../../../main/ipc/router-host.js";
import type { Preferences, Sender } from "../../../main/ipc/router.js";
import { PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault } from "../../helpers/vault.js";
import { APP_ORIGIN, appWindow } from "./helpers.js";

/** The router as the app runs it: in a worker thread, driven by messages from the host (needs `npm run build`). */
const WORKER = pathToFileURL(join(REPO_ROOT, "dist/main/ipc/router-worker.js"));

describe("the router in its worker thread", () => {
  const hosts: RouterHost[] = [];
  afterEach(async () => {
    while (hosts.length > 0) await hosts.pop()?.close();
  });

  it("answers calls, pushes events to the right window, asks the host for dialogs and keeps preferences", async () => {
    const { dir } = await makeVault();
    const folder = join(tempDir(), "backups");
    mkdirSync(folder);
    const events: { sender: string; event: string; payload: unknown }[] = [];
    const saved: Preferences[] = [];
    const asked: string[] = [];
    const host = new RouterHost({
      vaultDir: dir,
      allowedOrigin: APP_ORIGIN,
      workerFile: WORKER,
      preferences: { language: "fr" },
      onPreferences: (preferences) => saved.push(preferences),
      onEvent: (sender, event, payload) => events.push({ sender: sender.id, event, payload }),
      dialogs: {
        openFiles: async (sender) => {
          asked.push(`open:${sender.id}`);
          return ["/tmp/a.pdf"];
        },
        saveFile: async () => null,
        chooseFolder: async (sender) => {
          asked.push(`folder:${sender.id}`);
          return folder;
        },
      },
    });
    hosts.push(host);
    const admin = appWindow("admin");
    const clerk: Sender = appWindow("clerk");
    expect(await host.handle(admin, "prefs.get", {})).toEqual({ ok: true, value: { language: "fr" } });
    expect(await host.handle(admin, "prefs.set", { language: "en" })).toEqual({ ok: true, value: { language: "en" } });
    expect(saved).toEqual([{ language: "en" }]);

    expect(await host.handle(admin, "auth.login", { name: "alice", password: PASSWORDS.admin })).toMatchObject({ ok: true, value: { user: { name: "alice", role: "admin" } } });
    expect(await host.handle(clerk, "auth.login", { name: "claire", password: PASSWORDS.clerk })).toMatchObject({ ok: true });
    expect(await host.handle(admin, "documents.search", { query: {} })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await host.handle(clerk, "documents.search", { query: {} })).toEqual({ ok: true, value: { items: [], nextCursor: null } });
    expect(await host.handle(clerk, "dialog.openFiles", {})).toEqual({ ok: true, value: { paths: ["/tmp/a.pdf"] } });
    // The folder chosen in the dialog is the one the backup may go to.
    expect(await host.handle(admin, "dialog.chooseFolder", {})).toEqual({ ok: true, value: { path: folder } });
    const backup = await host.handle(admin, "backups.run", { folder, passphrase: "a long enough backup passphrase" });
    expect(backup).toMatchObject({ ok: true, value: { file: expect.stringMatching(/^coffre-backup-\d{8}-\d{6}\.age$/) } });
    expect(await host.handle(admin, "backups.run", { folder, passphrase: "a long enough backup passphrase" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(asked).toEqual([`open:${clerk.id}`, `folder:${admin.id}`]);
    expect(events.some((entry) => entry.sender === admin.id && entry.event === "backup.progress")).toBe(true);
    expect(events.every((entry) => entry.event !== "backup.progress" || entry.sender === admin.id)).toBe(true);

    // What cannot be cloned never reaches the worker; what can is checked there like any payload.
    expect(await host.handle(clerk, "documents.get", { id: () => "x" })).toMatchObject({ ok: false, error: { code: "BAD_INPUT" } });
    expect(await host.handle(clerk, "no.such.channel", {})).toMatchObject({ ok: false, error: { code: "BAD_INPUT" } });
    expect(await host.handle({ id: clerk.id, url: "https://evil.example/" }, "auth.me", {})).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    // Screen lock: every session is locked, each window is told.
    host.lockAll("screen locked");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const locked = events.filter((entry) => entry.event === "session.locked").map((entry) => entry.sender).sort();
    expect(locked).toEqual([admin.id, clerk.id].sort());
    expect(await host.handle(clerk, "documents.search", { query: {} })).toMatchObject({ ok: false, error: { code: "LOCKED" } });
  });
});
