import type { Envelope, EventName } from "../../shared/ipc/contract.js";
import type { Preferences, Sender } from "./types.js";

/**
 * Messages between the router's host (the Electron main thread) and the router worker
 * (main/ipc/router-worker.ts). Only plain data crosses: requests as the renderer sent them, envelopes back.
 */
export interface RouterWorkerData {
  vaultDir: string;
  allowedOrigin: string;
  idleLockMs?: number;
  preferences: Preferences;
  /** The host can show native dialogs (the app); without, dialog channels answer BAD_INPUT. */
  dialogs: boolean;
}

export type HostToWorker =
  | { type: "call"; id: number; sender: Sender; channel: string; payload: unknown }
  | { type: "page"; id: number; sender: Sender; documentId: string; page: number }
  | { type: "lock"; sender: Sender; reason: string }
  | { type: "lockAll"; reason: string }
  | { type: "forget"; sender: Sender }
  | { type: "dialogReply"; id: number; value: string[] | string | null }
  | { type: "close"; id: number };

export type WorkerToHost =
  | { type: "reply"; id: number; envelope: Envelope<unknown> }
  | { type: "pageReply"; id: number; envelope: Envelope<{ png: Uint8Array }> }
  | { type: "event"; sender: Sender; event: EventName; payload: unknown }
  | { type: "dialog"; id: number; sender: Sender; kind: "openFiles" | "saveFile" | "chooseFolder"; suggestedName?: string }
  | { type: "preferences"; preferences: Preferences }
  | { type: "closed"; id: number };
