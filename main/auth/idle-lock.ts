import type { VaultSession } from "./session.js";

export const DEFAULT_IDLE_LOCK_MS = 10 * 60 * 1000;

/**
 * Locks a session after a period without activity (the app calls `touch()` on every user action and
 * `lockNow()` on suspend or screen lock). Locking wipes the keys from memory and is audited.
 */
export class IdleLock {
  readonly #session: VaultSession;
  readonly #timeoutMs: number;
  readonly #onLock: ((reason: string) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(session: VaultSession, options: { timeoutMs?: number; onLock?: (reason: string) => void } = {}) {
    this.#session = session;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_IDLE_LOCK_MS;
    this.#onLock = options.onLock;
    this.touch();
  }

  touch(): void {
    if (this.#session.locked) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.lockNow(`idle for ${Math.round(this.#timeoutMs / 60_000)} min`), this.#timeoutMs);
    this.#timer.unref();
  }

  lockNow(reason: string): void {
    clearTimeout(this.#timer);
    if (this.#session.locked) return;
    try {
      this.#session.audit({ action: "lock", result: "ok", reason });
    } finally {
      this.#session.lock();
      this.#onLock?.(reason);
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
