import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
import type { ChannelName, Envelope } from "../../../shared/ipc/contract.js";
import { createRouter, type Router, type RouterOptions, type Sender } from "../../../main/ipc/router.js";
import { REPO_ROOT } from "../../helpers/cli.js";

export const APP_ORIGIN = "app://coffre";
export const PARSE_WORKER = pathToFileURL(join(REPO_ROOT, "dist/main/parse/parse-worker.js"));

let windows = 0;

/** A window of the app (its own id, the app's page URL). */
export function appWindow(label = "window"): Sender {
  windows += 1;
  return { id: `${label}-${windows}`, url: `${APP_ORIGIN}/index.html` };
}

export function makeRouter(vaultDir: string, options: Partial<RouterOptions> = {}): Router {
  return createRouter({ vaultDir, allowedOrigin: APP_ORIGIN, parseWorkerFile: PARSE_WORKER, ocrWorkers: 1, logError: () => undefined, ...options });
}

export async function call(router: Router, sender: Sender, channel: ChannelName | string, payload: unknown = {}): Promise<Envelope<unknown>> {
  return router.handle(sender, channel, payload);
}

/** Calls and expects success; returns the value. */
export async function ok<T = Record<string, unknown>>(router: Router, sender: Sender, channel: ChannelName, payload: unknown = {}): Promise<T> {
  const envelope = await router.handle(sender, channel, payload);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
}

/** Calls and expects a typed error with this code; returns the message. */
export async function refused(router: Router, sender: Sender, channel: string, payload: unknown, code: string): Promise<string> {
  const envelope = await router.handle(sender, channel, payload);
  expect(envelope.ok, `${channel} should have been refused with ${code}`).toBe(false);
  if (envelope.ok) return "";
  expect(envelope.error.code, `${channel}: ${envelope.error.message}`).toBe(code);
  // Plain sentences only: no stack trace, no file path, nothing multi-line.
  expect(envelope.error.message).not.toMatch(/\n|\s at |\/tmp\/|\/home\/|\/work\/|\\Users\\|\.ts:\d+|\.js:\d+/);
  return envelope.error.message;
}

export async function login(router: Router, sender: Sender, name: string, password: string, totp?: string): Promise<void> {
  await ok(router, sender, "auth.login", { name, password, ...(totp ? { totp } : {}) });
}
