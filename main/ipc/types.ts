import type { z } from "zod";
import type { CHANNELS, ChannelName, ChannelResponse, EventName, EventPayload, Language } from "../../shared/ipc/contract.js";
import type { VaultSession } from "../auth/session.js";
import type { OcrPool } from "../ocr/pool.js";

/** Who is calling: the page's URL (its origin is checked) and a stable id of the window (one window, one session). */
export interface Sender {
  url: string;
  id: string;
}

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Native dialogs, provided by the Electron shell; absent in Node (the e2e bridge, tests). */
export interface Dialogs {
  openFiles(sender: Sender): Promise<string[]>;
  saveFile(sender: Sender, suggestedName: string): Promise<string | null>;
  chooseFolder(sender: Sender): Promise<string | null>;
}

/** UI preferences (the app: electron-store; Node: memory). Never a secret. */
export interface Preferences {
  language: Language | null;
}
export interface PreferenceStore {
  read(): Preferences;
  write(preferences: Preferences): void;
}

export interface RouterOptions {
  /** The vault the app works on (the app: userData/vault). The renderer never chooses it. */
  vaultDir: string;
  /** The only origin allowed to call, e.g. "app://coffre" (the app) or "http://127.0.0.1:5173" (e2e). */
  allowedOrigin: string;
  /** Idle time before a session locks itself (default 10 min). */
  idleLockMs?: number;
  /** Failed logins allowed per window within `loginWindowMs` before TOO_MANY_ATTEMPTS (default 5 per minute). */
  loginAttempts?: number;
  loginWindowMs?: number;
  clock?: () => Date;
  dialogs?: Dialogs;
  preferences?: PreferenceStore;
  /** An OCR pool factory (default: tesseract.js, `ocrWorkers` workers, created at the first import). */
  ocr?: () => OcrPool;
  ocrWorkers?: number;
  /** The compiled parse worker (tests point at dist/). */
  parseWorkerFile?: URL;
  /** Where unexpected errors are reported (name and message only, never a payload). Default: stderr. */
  logError?: (channel: string, error: unknown) => void;
  /** Environment the scheduled backup's passphrase variable is read from (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * How often the router runs a due scheduled backup with an unlocked admin session (default 15 min; 0: never).
   * The check also runs right after an admin logs in.
   */
  backupCheckMs?: number;
}

/** Per-window state kept on the main side. */
export interface SenderState {
  session: VaultSession | null;
  listeners: Set<EventListener>;
  failedLogins: number[];
  loginInFlight: boolean;
  /** Paths the user chose in a save dialog / folder dialog, usable once. */
  savePaths: Set<string>;
  folders: Set<string>;
  /** Imports running for this window: jobId -> controller. */
  jobs: Map<string, AbortController>;
}

export interface HandlerContext {
  readonly sender: Sender;
  readonly state: SenderState;
  readonly options: Readonly<RouterOptions>;
  /** The unlocked session (the router has checked it exists for every non-public channel). */
  session(): VaultSession;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Attaches a new session to this window (a previous one is locked first). */
  attach(session: VaultSession): void;
  /** Locks this window's session. */
  detach(reason: string): void;
  ocr(): OcrPool;
  preferences: PreferenceStore;
}

export type ChannelInput<C extends ChannelName> = z.output<(typeof CHANNELS)[C]["request"]>;
export type Handler<C extends ChannelName> = (context: HandlerContext, request: ChannelInput<C>) => Promise<ChannelResponse<C>> | ChannelResponse<C>;
export type Handlers = { [C in ChannelName]: Handler<C> };
