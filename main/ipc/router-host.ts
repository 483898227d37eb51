import { Worker } from "node:worker_threads";
import type { Envelope, EventName } from "../../shared/ipc/contract.js";
import { workerScriptUrl } from "../worker-url.js";
import { INTERNAL_MESSAGE } from "./router.js";
import type { HostToWorker, RouterWorkerData, WorkerToHost } from "./router-protocol.js";
import type { Dialogs, Preferences, Sender } from "./types.js";

export interface RouterHostOptions {
  vaultDir: string;
  allowedOrigin: string;
  idleLockMs?: number;
  dialogs?: Dialogs;
  preferences: Preferences;
  onPreferences?: (preferences: Preferences) => void;
  onEvent: (sender: Sender, event: EventName, payload: unknown) => void;
  workerFile?: URL;
}

/**
 * The main thread's side of the router worker: the same calls as Router (handle, pageImage, lock...), each
 * a message. Plain Node, so it is tested without Electron; main/app/main.ts plugs ipcMain and dialogs in.
 */
export class RouterHost {
  readonly #worker: Worker;
  readonly #pending = new Map<number, (value: Envelope<unknown>) => void>();
  readonly #options: RouterHostOptions;
  #next = 1;

  constructor(options: RouterHostOptions) {
    this.#options = options;
    const data: RouterWorkerData = {
      vaultDir: options.vaultDir,
      allowedOrigin: options.allowedOrigin,
      ...(options.idleLockMs !== undefined ? { idleLockMs: options.idleLockMs } : {}),
      preferences: options.preferences,
      dialogs: Boolean(options.dialogs),
    };
    this.#worker = new Worker(options.workerFile ?? workerScriptUrl("./router-worker.js", import.meta.url), { workerData: data });
    this.#worker.on("message", (message: WorkerToHost) => this.#receive(message));
    const fail = () => {
      for (const resolve of this.#pending.values()) resolve({ ok: false, error: { code: "INTERNAL", message: INTERNAL_MESSAGE } });
      this.#pending.clear();
    };
    this.#worker.on("error", fail);
    this.#worker.on("exit", fail);
  }

  #receive(message: WorkerToHost): void {
    switch (message.type) {
      case "reply":
      case "pageReply": {
        const resolve = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        resolve?.(message.envelope);
        return;
      }
      case "closed": {
        const resolve = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        resolve?.({ ok: true, value: null });
        return;
      }
      case "event":
        this.#options.onEvent(message.sender, message.event, message.payload);
        return;
      case "preferences":
        this.#options.onPreferences?.(message.preferences);
        return;
      case "dialog": {
        const dialogs = this.#options.dialogs;
        const answer = (value: string[] | string | null) => this.#post({ type: "dialogReply", id: message.id, value });
        if (!dialogs) return answer(null);
        const shown =
          message.kind === "openFiles"
            ? dialogs.openFiles(message.sender)
            : message.kind === "saveFile"
              ? dialogs.saveFile(message.sender, message.suggestedName ?? "document.pdf")
              : dialogs.chooseFolder(message.sender);
        void shown.then(answer, () => answer(null));
        return;
      }
    }
  }

  #post(message: HostToWorker): void {
    this.#worker.postMessage(message);
  }

  #request<T>(build: (id: number) => HostToWorker): Promise<Envelope<T>> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve as (value: Envelope<unknown>) => void);
      try {
        this.#post(build(id));
      } catch {
        // Not cloneable (functions, symbols...): refused like any bad payload.
        this.#pending.delete(id);
        resolve({ ok: false, error: { code: "BAD_INPUT", message: "The request is not plain data." } });
      }
    });
  }

  handle(sender: Sender, channel: string, payload: unknown): Promise<Envelope<unknown>> {
    return this.#request((id) => ({ type: "call", id, sender: { id: sender.id, url: sender.url }, channel, payload }));
  }

  pageImage(sender: Sender, documentId: string, page: number): Promise<Envelope<{ png: Uint8Array }>> {
    return this.#request((id) => ({ type: "page", id, sender: { id: sender.id, url: sender.url }, documentId, page }));
  }

  lock(sender: Sender, reason: string): void {
    this.#post({ type: "lock", sender: { id: sender.id, url: sender.url }, reason });
  }

  lockAll(reason: string): void {
    this.#post({ type: "lockAll", reason });
  }

  forget(sender: Sender): void {
    this.#post({ type: "forget", sender: { id: sender.id, url: sender.url } });
  }

  async close(): Promise<void> {
    await this.#request((id) => ({ type: "close", id }));
    await this.#worker.terminate();
  }
}
