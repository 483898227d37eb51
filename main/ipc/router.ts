import { availableParallelism } from "node:os";
import type { z } from "zod";
import {
  CHANNELS,
  EVENTS,
  MAX_REQUEST_BYTES,
  isChannelName,
  type ChannelName,
  type Envelope,
  type EventName,
  type EventPayload,
  type IpcError,
} from "../../shared/ipc/contract.js";
import { authorize } from "../auth/authorize.js";
import { IdleLock } from "../auth/idle-lock.js";
import type { VaultSession } from "../auth/session.js";
import { readBackupSchedule } from "../backup/schedule-store.js";
import { runScheduledBackup } from "../backup/schedule.js";
import { isCoffreError } from "../errors.js";
import { createOcrPool, type OcrPool } from "../ocr/pool.js";
import { adminHandlers } from "./handlers/admin.js";
import { authHandlers } from "./handlers/auth.js";
import { documentHandlers } from "./handlers/documents.js";
import { readMaskedPage } from "./pages.js";
import { PERMISSIONS } from "../../shared/permissions.js";
import type { EventListener, HandlerContext, Handlers, PreferenceStore, Preferences, RouterOptions, Sender, SenderState } from "./types.js";

export type { Dialogs, PreferenceStore, Preferences, RouterOptions, Sender } from "./types.js";

/**
 * The IPC router: the one door from a renderer into main/. For every call, in this order:
 * 1. the sender's origin must be the app's own page (`allowedOrigin`);
 * 2. the channel must be in the contract (shared/ipc/contract.ts);
 * 3. the payload must pass the channel's strict schema (size-capped first);
 * 4. a session is required unless the channel is public; the permission is checked by authorize()
 *    (deny by default; the same service the CLI uses; object checks such as a clerk's own documents
 *    happen in the services);
 * 5. the handler runs, its answer is checked against the response schema;
 * 6. errors become typed codes with a plain sentence: no stack, no path, no secret. Refusals are audited
 *    (when the window has an unlocked session: without one there is no key to write the trail with).
 * Plain Node: the Electron shell (main/app) and the e2e bridge (tests/e2e) drive the same router.
 */
export interface Router {
  handle(sender: Sender, channel: string, payload: unknown): Promise<Envelope<unknown>>;
  /** Push events for one window; returns an unsubscribe function. */
  onEvent(sender: Sender, listener: (event: EventName, payload: unknown) => void): () => void;
  /** The masked PNG of one page, for the doc:// protocol: same origin, session and permission checks. */
  pageImage(sender: Sender, id: string, page: number): Promise<Envelope<{ png: Buffer }>>;
  /** Locks one window's session (window closed) or every session (suspend, screen lock, quit). */
  lock(sender: Sender, reason: string): void;
  lockAll(reason: string): void;
  /** The window closed: lock its session and forget it. */
  forget(sender: Sender): void;
  close(): Promise<void>;
  readonly channels: readonly ChannelName[];
}

/** Every channel's handler, by area; the type makes a channel without a handler a compile error. */
export const HANDLERS: Handlers = { ...authHandlers, ...documentHandlers, ...adminHandlers };

export const INTERNAL_MESSAGE = "Something went wrong and the action was not completed. Try again; if it keeps happening, tell IT.";

/** `scheme://host[:port]` of a URL, also for non-special schemes such as app:// (whose WHATWG origin is "null"). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!parsed.host) return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

const ABSOLUTE_PATH = /(?:[A-Za-z]:\\|\\\\|\/)(?:[^\s\\/:*?"<>|]+[\\/])+([^\s\\/:*?"<>|]*)/g;

/** A user-facing sentence: paths reduced to their last part, first letter capital, a final stop, bounded. */
export function toSentence(message: string): string {
  const cleaned = message.replace(ABSOLUTE_PATH, (_match, last: string) => last || "that folder").replace(/\s+/g, " ").trim().slice(0, 300);
  if (!cleaned) return INTERNAL_MESSAGE;
  const sentence = cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

function failure(code: IpcError["code"], message: string): Envelope<never> {
  return { ok: false, error: { code, message: toSentence(message) } };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "the request is not valid";
  const where = issue.path.length > 0 ? issue.path.map(String).join(".").slice(0, 60) : "request";
  if (issue.code === "unrecognized_keys") return `the request has a field that does not belong there (${where})`;
  if (issue.code === "too_big") return `${where} is too long`;
  return `${where} is not valid`;
}

function requestSize(payload: unknown): number | null {
  try {
    return JSON.stringify(payload ?? null)?.length ?? 0;
  } catch {
    return null;
  }
}

const SESSION_ENDING = new Set(["USER_DISABLED", "SESSION_REVOKED"]);

export function createRouter(options: RouterOptions): Router {
  const states = new Map<string, SenderState>();
  const idleLocks = new Map<string, IdleLock>();
  let ocrPool: OcrPool | null = null;
  let memoryPreferences: Preferences = { language: null };
  const preferences: PreferenceStore = options.preferences ?? {
    read: () => memoryPreferences,
    write: (next) => {
      memoryPreferences = { ...next };
    },
  };
  const logError =
    options.logError ??
    ((channel: string, error: unknown) => {
      const name = error instanceof Error ? error.name : typeof error;
      process.stderr.write(`coffre: unexpected error on ${channel}: ${name}\n`);
    });

  /**
   * Scheduled backups: with an unlocked admin session (backup.run) and a schedule in the vault, a due backup is
   * made on a timer (`backupCheckMs`, default 15 min) and right after an admin logs in. One at a time; a failure
   * is recorded by runScheduledBackup (shown by backups.status), never thrown at the user.
   */
  let backupRunning: Promise<void> | null = null;
  function checkScheduledBackup(): Promise<void> {
    if (backupRunning) return backupRunning;
    const session = [...states.values()].map(liveSession).find((candidate) => candidate?.user && PERMISSIONS["backup.run"].some((role) => role === candidate.user?.role));
    if (!session) return Promise.resolve();
    backupRunning = (async () => {
      try {
        const schedule = readBackupSchedule(session);
        if (schedule) await runScheduledBackup(session, schedule, { env: options.env ?? process.env });
      } catch (error) {
        if (!isCoffreError(error)) logError("scheduled backup", error);
      } finally {
        backupRunning = null;
      }
    })();
    return backupRunning;
  }
  const backupCheckMs = options.backupCheckMs ?? 15 * 60_000;
  const backupTimer = backupCheckMs > 0 ? setInterval(() => void checkScheduledBackup(), backupCheckMs) : null;
  backupTimer?.unref();

  function stateOf(sender: Sender): SenderState {
    let state = states.get(sender.id);
    if (!state) {
      state = { session: null, listeners: new Set(), failedLogins: [], loginInFlight: false, savePaths: new Set(), folders: new Set(), jobs: new Map() };
      states.set(sender.id, state);
    }
    return state;
  }

  function emit<E extends EventName>(sender: Sender, event: E, payload: EventPayload<E>): void {
    const checked = EVENTS[event].parse(payload);
    for (const listener of stateOf(sender).listeners) {
      try {
        (listener as (event: E, payload: unknown) => void)(event, checked);
      } catch (error) {
        logError(`event ${event}`, error);
      }
    }
  }

  function detach(sender: Sender, reason: string): void {
    const state = stateOf(sender);
    for (const job of state.jobs.values()) job.abort();
    const idle = idleLocks.get(sender.id);
    idleLocks.delete(sender.id);
    const session = state.session;
    state.session = null;
    state.savePaths.clear();
    state.folders.clear();
    if (idle) idle.lockNow(reason);
    else session?.lock();
    idle?.stop();
  }

  function attach(sender: Sender, session: VaultSession): void {
    detach(sender, "another login in this window");
    const state = stateOf(sender);
    state.session = session;
    const idle = new IdleLock(session, {
      ...(options.idleLockMs !== undefined ? { timeoutMs: options.idleLockMs } : {}),
      onLock: (reason) => {
        if (state.session === session) {
          state.session = null;
          for (const job of state.jobs.values()) job.abort();
          idleLocks.delete(sender.id);
        }
        emit(sender, "session.locked", { reason });
      },
    });
    idleLocks.set(sender.id, idle);
    if (backupCheckMs > 0 && session.user && PERMISSIONS["backup.run"].some((role) => role === session.user?.role)) setImmediate(() => void checkScheduledBackup());
  }

  function liveSession(state: SenderState): VaultSession | null {
    return state.session && !state.session.locked ? state.session : null;
  }

  /** Writes a refusal to the audit trail when this window has a session to write it with. */
  function auditRefusal(state: SenderState, channel: string, reason: string): void {
    const session = liveSession(state);
    if (!session) return;
    try {
      session.audit({ action: "permission.denied", result: "denied", object: `ipc ${channel.slice(0, 60)}`, reason });
    } catch (error) {
      logError(channel, error);
    }
  }

  function mapError(sender: Sender, state: SenderState, channel: string, error: unknown): Envelope<never> {
    if (isCoffreError(error)) {
      if (SESSION_ENDING.has(error.code) && liveSession(state)) {
        detach(sender, error.code === "USER_DISABLED" ? "account disabled" : "session ended by an administrator");
      }
      if (error.code === "LOCKED" && state.session) {
        state.session = null;
        emit(sender, "session.locked", { reason: "locked" });
      }
      return failure(error.code, error.message);
    }
    logError(channel, error);
    return { ok: false, error: { code: "INTERNAL", message: INTERNAL_MESSAGE } };
  }

  function context(sender: Sender, state: SenderState): HandlerContext {
    return {
      sender,
      state,
      options,
      session: () => {
        const session = liveSession(state);
        if (!session) throw Object.assign(new Error("no session"), { name: "NoSession" });
        return session;
      },
      emit: (event, payload) => emit(sender, event, payload),
      attach: (session) => attach(sender, session),
      detach: (reason) => detach(sender, reason),
      preferences,
      ocr: () => {
        ocrPool ??= options.ocr ? options.ocr() : createOcrPool({ size: options.ocrWorkers ?? Math.max(1, Math.min(2, availableParallelism())) });
        return ocrPool;
      },
    };
  }

  /** Steps 1 and 4 shared by calls and page images. Returns a refusal, or null when the call may go on. */
  function gate(sender: Sender, state: SenderState, channel: string, permission: (typeof CHANNELS)[ChannelName]["permission"]): Envelope<never> | null {
    if (permission === "public") return null;
    const session = liveSession(state);
    if (!session) {
      if (state.session) {
        state.session = null;
        emit(sender, "session.locked", { reason: "locked" });
      }
      return failure("LOCKED", "you are not logged in, or the session was locked; log in again");
    }
    idleLocks.get(sender.id)?.touch();
    if (permission !== "session") authorize(session, permission);
    return null;
  }

  function checkOrigin(sender: Sender, state: SenderState, channel: string): Envelope<never> | null {
    if (typeof sender.url === "string" && originOf(sender.url) === options.allowedOrigin) return null;
    auditRefusal(state, channel, "call from a page that is not the app");
    return failure("FORBIDDEN", "this page may not use Coffre");
  }

  const router: Router = {
    channels: Object.keys(CHANNELS) as ChannelName[],

    async handle(sender, channel, payload) {
      const state = stateOf(sender);
      const name = typeof channel === "string" ? channel : String(channel);
      try {
        const refused = checkOrigin(sender, state, name);
        if (refused) return refused;
        if (typeof channel !== "string" || !isChannelName(channel)) {
          auditRefusal(state, name, "unknown IPC channel");
          return failure("BAD_INPUT", "unknown request");
        }
        const spec = CHANNELS[channel];
        const size = requestSize(payload);
        if (size === null || size > MAX_REQUEST_BYTES) {
          auditRefusal(state, channel, "request too large or not plain data");
          return failure("BAD_INPUT", "the request is too large or not plain data");
        }
        const parsed = spec.request.safeParse(payload);
        if (!parsed.success) {
          const reason = describeIssue(parsed.error);
          auditRefusal(state, channel, `invalid request: ${reason}`);
          return failure("BAD_INPUT", reason);
        }
        const gated = gate(sender, state, channel, spec.permission);
        if (gated) return gated;
        const handler = HANDLERS[channel] as (context: HandlerContext, request: unknown) => unknown;
        const value = await handler(context(sender, state), parsed.data);
        const checked = spec.response.safeParse(value);
        if (!checked.success) {
          logError(channel, new Error(`response of ${channel} does not match the contract: ${describeIssue(checked.error)}`));
          return { ok: false, error: { code: "INTERNAL", message: INTERNAL_MESSAGE } };
        }
        return { ok: true, value: checked.data };
      } catch (error) {
        if (error instanceof Error && error.name === "NoSession") return failure("LOCKED", "you are not logged in, or the session was locked; log in again");
        return mapError(sender, state, name, error);
      }
    },

    onEvent(sender, listener) {
      const state = stateOf(sender);
      const wrapped = listener as EventListener;
      state.listeners.add(wrapped);
      return () => state.listeners.delete(wrapped);
    },

    async pageImage(sender, id, page) {
      const state = stateOf(sender);
      try {
        const refused = checkOrigin(sender, state, "doc://page");
        if (refused) return refused;
        const request = CHANNELS["documents.page"].request.safeParse({ id, page });
        if (!request.success) {
          auditRefusal(state, "doc://page", "invalid page request");
          return failure("BAD_INPUT", describeIssue(request.error));
        }
        const gated = gate(sender, state, "doc://page", CHANNELS["documents.page"].permission);
        if (gated) return gated;
        const session = liveSession(state);
        if (!session) return failure("LOCKED", "you are not logged in, or the session was locked; log in again");
        const image = await readMaskedPage(session, request.data.id, request.data.page);
        return { ok: true, value: { png: image.png } };
      } catch (error) {
        return mapError(sender, state, "doc://page", error);
      }
    },

    lock(sender, reason) {
      if (states.has(sender.id)) detach(sender, reason);
    },

    lockAll(reason) {
      for (const id of states.keys()) {
        const state = states.get(id);
        if (state?.session) detach({ id, url: "" }, reason);
      }
    },

    forget(sender) {
      if (!states.has(sender.id)) return;
      detach(sender, "window closed");
      states.delete(sender.id);
    },

    async close() {
      if (backupTimer) clearInterval(backupTimer);
      await backupRunning;
      router.lockAll("app closed");
      states.clear();
      const pool = ocrPool;
      ocrPool = null;
      await pool?.terminate();
    },
  };
  return router;
}
