/**
 * The preload: contextBridge only. It exposes `window.coffre = { invoke, on, pathForFile }` and nothing else.
 * Sandboxed preloads are CommonJS and may require only "electron" (not zod, not our ESM modules), so the
 * channel and event names of shared/ipc/contract.ts are listed here; tests/main/app/security.test.ts fails
 * when this list and the contract differ. Payloads are checked by the router in main, never here.
 */
import electron = require("electron");

const CHANNELS: readonly string[] = [
  "prefs.get",
  "prefs.set",
  "auth.login",
  "auth.logout",
  "auth.me",
  "auth.touch",
  "auth.changePassword",
  "auth.mfaEnrol",
  "auth.mfaConfirm",
  "dialog.openFiles",
  "dialog.saveFile",
  "dialog.chooseFolder",
  "documents.import",
  "documents.importCancel",
  "documents.quarantine",
  "documents.search",
  "documents.get",
  "documents.page",
  "documents.correct",
  "documents.reveal",
  "documents.export",
  "documents.erase",
  "documents.holdStatus",
  "documents.setHold",
  "views.list",
  "views.save",
  "views.delete",
  "users.list",
  "users.add",
  "users.disable",
  "users.enable",
  "users.setRole",
  "users.resetMfa",
  "users.revoke",
  "users.grantReveal",
  "policy.get",
  "policy.setLockout",
  "policy.setMfaRequired",
  "policy.sensitive",
  "policy.setSensitive",
  "backups.run",
  "backups.list",
  "backups.schedule",
  "backups.setSchedule",
  "backups.status",
  "backups.runScheduled",
  "security.report",
  "audit.list",
  "audit.verify",
];

const EVENTS: readonly string[] = ["import.progress", "backup.progress", "session.locked"];

/** The one IPC channel for calls and the one for push events (the contract's names travel as arguments). */
const INVOKE = "coffre:invoke";
const EVENT = "coffre:event";

const channels = new Set(CHANNELS);
const events = new Set(EVENTS);

function unknownRequest(): Promise<unknown> {
  return Promise.resolve({ ok: false, error: { code: "BAD_INPUT", message: "Unknown request." } });
}

const api = Object.freeze({
  invoke(channel: unknown, request: unknown): Promise<unknown> {
    if (typeof channel !== "string" || !channels.has(channel)) return unknownRequest();
    return electron.ipcRenderer.invoke(INVOKE, channel, request);
  },
  on(event: unknown, listener: unknown): () => void {
    if (typeof event !== "string" || !events.has(event) || typeof listener !== "function") return () => undefined;
    const handler = (_event: unknown, name: unknown, payload: unknown) => {
      if (name === event) (listener as (payload: unknown) => void)(payload);
    };
    electron.ipcRenderer.on(EVENT, handler);
    return () => {
      electron.ipcRenderer.removeListener(EVENT, handler);
    };
  },
  /** The path of a file dropped on the window (drag and drop import). */
  pathForFile(file: unknown): string {
    return file instanceof File ? electron.webUtils.getPathForFile(file) : "";
  },
});

electron.contextBridge.exposeInMainWorld("coffre", api);

