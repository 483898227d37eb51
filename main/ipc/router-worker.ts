import { parentPort, workerData } from "node:worker_threads";
import { createRouter, type Router } from "./router.js";
import type { HostToWorker, RouterWorkerData, WorkerToHost } from "./router-protocol.js";
import type { Dialogs, Preferences, Sender } from "./types.js";

/**
 * The IPC router in a worker thread (decision 001 and 004): the open sessions, their keys and every query
 * live here, never on Electron's main thread. The host forwards each renderer call and gets an envelope.
 */
const port = parentPort;
if (!port) throw new Error("router-worker must run in a worker thread");
const data = workerData as RouterWorkerData;
const post = (message: WorkerToHost) => port.postMessage(message);

let nextDialog = 1;
const pendingDialogs = new Map<number, (value: string[] | string | null) => void>();
function askHost(kind: "openFiles" | "saveFile" | "chooseFolder", sender: Sender, suggestedName?: string): Promise<string[] | string | null> {
  const id = nextDialog++;
  return new Promise((resolve) => {
    pendingDialogs.set(id, resolve);
    post({ type: "dialog", id, sender, kind, ...(suggestedName !== undefined ? { suggestedName } : {}) });
  });
}

const dialogs: Dialogs = {
  openFiles: async (sender) => {
    const value = await askHost("openFiles", sender);
    return Array.isArray(value) ? value.filter((path) => typeof path === "string") : [];
  },
  saveFile: async (sender, suggestedName) => {
    const value = await askHost("saveFile", sender, suggestedName);
    return typeof value === "string" ? value : null;
  },
  chooseFolder: async (sender) => {
    const value = await askHost("chooseFolder", sender);
    return typeof value === "string" ? value : null;
  },
};

let preferences: Preferences = data.preferences;
const router: Router = createRouter({
  vaultDir: data.vaultDir,
  allowedOrigin: data.allowedOrigin,
  ...(data.idleLockMs !== undefined ? { idleLockMs: data.idleLockMs } : {}),
  ...(data.dialogs ? { dialogs } : {}),
  preferences: {
    read: () => preferences,
    write: (next) => {
      preferences = { ...next };
      post({ type: "preferences", preferences });
    },
  },
});

const subscribed = new Set<string>();
function subscribe(sender: Sender): void {
  if (subscribed.has(sender.id)) return;
  subscribed.add(sender.id);
  router.onEvent(sender, (event, payload) => post({ type: "event", sender: { id: sender.id, url: "" }, event, payload }));
}

port.on("message", (message: HostToWorker) => {
  switch (message.type) {
    case "call":
      subscribe(message.sender);
      void router.handle(message.sender, message.channel, message.payload).then((envelope) => post({ type: "reply", id: message.id, envelope }));
      return;
    case "page":
      void router.pageImage(message.sender, message.documentId, message.page).then((envelope) =>
        post({ type: "pageReply", id: message.id, envelope: envelope.ok ? { ok: true, value: { png: new Uint8Array(envelope.value.png) } } : envelope }),
      );
      return;
    case "lock":
      router.lock(message.sender, message.reason);
      return;
    case "lockAll":
      router.lockAll(message.reason);
      return;
    case "forget":
      router.forget(message.sender);
      subscribed.delete(message.sender.id);
      return;
    case "dialogReply": {
      const resolve = pendingDialogs.get(message.id);
      pendingDialogs.delete(message.id);
      resolve?.(message.value);
      return;
    }
    case "close":
      void router.close().then(() => post({ type: "closed", id: message.id }));
      return;
  }
});
