import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { createRouter, type Router, type RouterOptions } from "../../main/ipc/router.js";
import { REPO_ROOT } from "../helpers/cli.js";
import { serveRendererDist, type StaticServer } from "./static-server.js";

/**
 * The e2e bridge: Debian's Chromium shows the built renderer (renderer/dist, served on 127.0.0.1 with the
 * app's CSP) and `window.coffre` is defined by an init script exactly like the preload (invoke, on,
 * pathForFile; frozen). Calls go through a Playwright binding to the real router of main/ipc, in this Node
 * process, over a real vault. Nothing is mocked: the router checks origin, schema, session and permission.
 */

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = join(REPO_ROOT, "tests/.tmp/screenshots");
const PARSE_WORKER = pathToFileURL(join(REPO_ROOT, "dist/main/parse/parse-worker.js"));
const RENDERER_DIST = join(REPO_ROOT, "renderer/dist");

/** Defines window.coffre like preload/preload.cts does; runs before the page's own scripts. */
const BRIDGE_SCRIPT = `(() => {
  const listeners = new Map();
  Object.defineProperty(window, "__coffreEmit", {
    value: (event, payload) => { for (const listener of listeners.get(event) ?? []) { try { listener(payload); } catch {} } },
  });
  const unknown = () => Promise.resolve({ ok: false, error: { code: "BAD_INPUT", message: "Unknown request." } });
  const api = Object.freeze({
    invoke(channel, request) {
      if (typeof channel !== "string") return unknown();
      return window.__coffreInvoke(channel, request);
    },
    on(event, listener) {
      if (typeof event !== "string" || typeof listener !== "function") return () => undefined;
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => { set.delete(listener); };
    },
    pathForFile() { return ""; },
  });
  Object.defineProperty(window, "coffre", { value: api, enumerable: true });
})();`;

export interface E2eApp {
  browser: Browser;
  server: StaticServer;
  router: Router;
  /** One window of the app: a fresh browser context (its own session on the main side). */
  openWindow(label: string): Promise<AppWindow>;
  close(): Promise<void>;
}

export interface AppWindow {
  page: Page;
  context: BrowserContext;
  /** Events and calls seen by the bridge for this window (names only), for assertions. */
  seen: { calls: string[]; events: string[] };
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export function checkBuilt(): void {
  for (const file of [join(RENDERER_DIST, "index.html"), join(REPO_ROOT, "dist/main/parse/parse-worker.js")]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (\`apt-get install chromium\`; bash .ci/run does)`);
}

export async function startApp(vaultDir: string, options: Pick<RouterOptions, "idleLockMs" | "env" | "backupCheckMs"> = {}): Promise<E2eApp> {
  checkBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server = await serveRendererDist(RENDERER_DIST);
  const router = createRouter({ vaultDir, allowedOrigin: server.origin, parseWorkerFile: PARSE_WORKER, ocrWorkers: 1, ...options });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  let windows = 0;
  const opened: AppWindow[] = [];

  async function openWindow(label: string): Promise<AppWindow> {
    windows += 1;
    const id = `${label}-${windows}`;
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: "fr-FR", timezoneId: "Europe/Paris" });
    const page = await context.newPage();
    const seen = { calls: [] as string[], events: [] as string[] };
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${new URL(response.url()).pathname}`);
    });
    await page.exposeBinding("__coffreInvoke", async (source, channel: unknown, payload: unknown) => {
      seen.calls.push(String(channel));
      return router.handle({ id, url: source.frame.url() }, String(channel), payload);
    });
    const unsubscribe = router.onEvent({ id, url: `${server.origin}/` }, (event, payload) => {
      seen.events.push(event);
      page.evaluate(([name, data]) => (window as unknown as { __coffreEmit?: (e: unknown, p: unknown) => void }).__coffreEmit?.(name, data), [event, payload] as const).catch(() => undefined);
    });
    await page.addInitScript(BRIDGE_SCRIPT);
    await page.goto(`${server.origin}/index.html`);
    const window: AppWindow = {
      page,
      context,
      seen,
      async screenshot(name) {
        const path = join(SCREENSHOTS, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      async close() {
        unsubscribe();
        router.forget({ id, url: `${server.origin}/` });
        await context.close();
        // A CSP violation or an uncaught error in the page is a bug of the renderer.
        const serious = problems.filter((text) => !text.startsWith("Failed to load resource"));
        if (serious.length > 0) throw new Error(`the page reported errors: ${serious.join(" | ")}`);
      },
    };
    opened.push(window);
    return window;
  }

  return {
    browser,
    server,
    router,
    openWindow,
    async close() {
      await browser.close();
      await router.close();
      await server.close();
    },
  };
}
