import { Worker } from "node:worker_threads";
import { CoffreError } from "../../errors.js";
import { workerScriptUrl } from "../../worker-url.js";
import type { ErrorCode } from "../../../shared/errors.js";
import type { VaultMethod, VaultResponse, VaultWorkerApi } from "./protocol.js";

/**
 * The main thread's handle on the vault worker. Every call is a message; the database never runs on the
 * caller's thread, so a long query cannot freeze the window. One worker per open vault.
 */
export class VaultClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;

  constructor(workerFile: URL = workerScriptUrl("./vault-worker.js", import.meta.url)) {
    this.#worker = new Worker(workerFile);
    this.#worker.on("message", (response: VaultResponse) => {
      const pending = this.#pending.get(response.id);
      if (!pending) return;
      this.#pending.delete(response.id);
      if (response.ok) pending.resolve(response.value);
      else pending.reject(new CoffreError(response.error.code as ErrorCode, response.error.message));
    });
    this.#worker.on("error", (error) => this.#failAll(new CoffreError("INTERNAL", `the vault worker stopped: ${error.message}`)));
    this.#worker.on("exit", () => this.#failAll(new CoffreError("LOCKED", "the vault worker has exited")));
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  call<M extends VaultMethod>(method: M, args: Parameters<VaultWorkerApi[M]>[0]): Promise<ReturnType<VaultWorkerApi[M]>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ id, method, args });
    });
  }

  /** Locks (wiping the keys in the worker) and stops the worker. */
  async close(): Promise<void> {
    try {
      await this.call("lock", {});
    } finally {
      await this.#worker.terminate();
    }
  }
}
