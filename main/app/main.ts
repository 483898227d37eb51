/**
 * The Electron shell. Thin on purpose: a hardened window, the app:// and doc:// protocols, and wiring of
 * ipcMain to the IPC router (main/ipc/router.ts, plain Node, tested without Electron). The router, the open
 * sessions and their keys run in a worker thread (main/ipc/router-worker.ts, decisions 001 and 004), so no
 * query runs on this thread; parsing and OCR have their own workers.
 */
import { app, BrowserWindow, dialog, ipcMain, net, powerMonitor, protocol, session, shell, webContents, type IpcMainInvokeEvent } from "electron";
import Store from "electron-store";
import { join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { RouterHost } from "../ipc/router-host.js";
import type { Dialogs, Sender } from "../ipc/router.js";

export const APP_ORIGIN = "app://coffre";
const RENDERER_ROOT = fileURLToPath(new URL("../../../renderer/dist/", import.meta.url));
const PRELOAD = fileURLToPath(new URL("../../preload/preload.cjs", import.meta.url));
/** The IPC names the preload uses (contract channel and event names travel as arguments). */
const INVOKE = "coffre:invoke";
const EVENT = "coffre:event";

/** One literal string, so that static checkers (electronegativity) can read it. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' doc: data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

protocol.registerSchemesAsPrivileged([
  { scheme: "app", privileges: { standard: true, secure: true, supportFetchAPI: false } },
  { scheme: "doc", privileges: { standard: true, secure: true, supportFetchAPI: false, bypassCSP: false } },
]);

/** UI preferences only: language and window size. Never a secret, never a document value. */
interface UiPreferences {
  language: "fr" | "en" | null;
  window: { width: number; height: number } | null;
}

const preferencesStore = new Store<UiPreferences>({
  name: "preferences",
  defaults: { language: null, window: null },
  schema: {
    language: { type: ["string", "null"], enum: ["fr", "en", null] },
    window: {
      type: ["object", "null"],
      properties: { width: { type: "number", minimum: 800, maximum: 10000 }, height: { type: "number", minimum: 600, maximum: 10000 } },
      additionalProperties: false,
    },
  },
  clearInvalidConfig: true,
});

function serveRenderer(): void {
  protocol.handle("app", (request) => {
    const url = new URL(request.url);
    if (url.host !== "coffre") return new Response("not found", { status: 404 });
    const relative = normalize(decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname)).replace(/^[/\\]+/, "");
    const file = join(RENDERER_ROOT, relative);
    if (!file.startsWith(RENDERER_ROOT.endsWith(sep) ? RENDERER_ROOT : RENDERER_ROOT + sep)) {
      return new Response("not found", { status: 404 });
    }
    return net.fetch(pathToFileURL(file).toString());
  });
}

/**
 * doc://page/<document id>/<page>: the masked rendition of a page, only for the session of the window
 * (one window, one session) and only if that session may read the document. Nothing else is served.
 */
function serveDocuments(router: RouterHost, windowSender: () => Sender | null): void {
  protocol.handle("doc", async (request) => {
    const url = new URL(request.url);
    const match = /^\/([A-Za-z0-9_-]{1,64})\/(\d{1,5})$/.exec(url.pathname);
    const sender = windowSender();
    if (url.host !== "page" || !match || !sender) return new Response("not found", { status: 404 });
    const answer = await router.pageImage(sender, match[1] ?? "", Number.parseInt(match[2] ?? "0", 10));
    if (!answer.ok) return new Response(answer.error.code, { status: answer.error.code === "LOCKED" ? 401 : 403 });
    return new Response(new Uint8Array(answer.value.png), {
      status: 200,
      headers: { "Content-Type": "image/png", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
    });
  });
}

function hardenSession(): void {
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  defaultSession.setDevicePermissionHandler(() => false);
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, "Content-Security-Policy": [CONTENT_SECURITY_POLICY] } });
  });
}

/** The frame that sent an IPC call, as the router sees it; null when it is not the window's top frame. */
function senderOf(event: IpcMainInvokeEvent): Sender | null {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return null;
  return { id: String(event.sender.id), url: frame.url };
}

function createWindow(router: RouterHost): BrowserWindow {
  const size = preferencesStore.get("window");
  const window = new BrowserWindow({
    width: size?.width ?? 1280,
    height: size?.height ?? 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    webPreferences: {
      preload: PRELOAD,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would open links in new windows.
      disableBlinkFeatures: "Auxclick",
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  const sender: Sender = { id: String(contents.id), url: `${APP_ORIGIN}/index.html` };
  contents.on("will-navigate", (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on("will-redirect", (event) => event.preventDefault());
  contents.on("will-attach-webview", (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Only plain https links open, in the user's browser; nothing opens inside the app.
    if (url.startsWith("https://")) void shell.openExternal(url);
    return { action: "deny" };
  });
  // A reload or a crash of the page ends its session: the new page must log in again.
  contents.on("did-start-navigation", (details) => {
    if (details.isMainFrame && !details.isSameDocument) router.lock(sender, "page reloaded");
  });
  contents.on("render-process-gone", () => router.lock(sender, "page crashed"));
  window.on("close", () => {
    const [width, height] = window.getSize();
    if (width !== undefined && height !== undefined) preferencesStore.set("window", { width: Math.max(800, width), height: Math.max(600, height) });
  });
  window.on("closed", () => router.forget(sender));
  window.once("ready-to-show", () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

function nativeDialogs(): Dialogs {
  const windowOf = (sender: Sender) => BrowserWindow.getAllWindows().find((window) => String(window.webContents.id) === sender.id);
  return {
    async openFiles(sender) {
      const window = windowOf(sender);
      if (!window) return [];
      const result = await dialog.showOpenDialog(window, {
        properties: ["openFile", "multiSelections"],
        filters: [{ name: "Invoices", extensions: ["pdf", "png", "jpg", "jpeg", "tif", "tiff", "xml"] }],
      });
      return result.canceled ? [] : result.filePaths;
    },
    async saveFile(sender, suggestedName) {
      const window = windowOf(sender);
      if (!window) return null;
      const result = await dialog.showSaveDialog(window, { defaultPath: suggestedName, filters: [{ name: "PDF", extensions: ["pdf"] }] });
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseFolder(sender) {
      const window = windowOf(sender);
      if (!window) return null;
      const result = await dialog.showOpenDialog(window, { properties: ["openDirectory", "createDirectory"] });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  let router: RouterHost | null = null;
  app.on("second-instance", () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on("web-contents-created", (_event, contents) => {
    contents.on("will-attach-webview", (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: "deny" }));
  });
  void app.whenReady().then(() => {
    hardenSession();
    serveRenderer();
    const active = new RouterHost({
      vaultDir: process.env.COFFRE_VAULT ?? join(app.getPath("userData"), "vault"),
      allowedOrigin: APP_ORIGIN,
      dialogs: nativeDialogs(),
      preferences: { language: preferencesStore.get("language") },
      onPreferences: (next) => preferencesStore.set("language", next.language),
      // Push events go to the window they belong to, and only to it.
      onEvent: (sender, event, payload) => {
        const contents = webContents.fromId(Number(sender.id));
        if (contents && !contents.isDestroyed()) contents.send(EVENT, event, payload);
      },
    });
    router = active;
    ipcMain.handle(INVOKE, async (event, channel: unknown, request: unknown) => {
      const sender = senderOf(event);
      if (!sender || !sender.url.startsWith(`${APP_ORIGIN}/`)) {
        return { ok: false, error: { code: "FORBIDDEN", message: "This page may not use Coffre." } };
      }
      return active.handle(sender, typeof channel === "string" ? channel : "", request);
    });
    const [firstWindow] = [createWindow(active)];
    serveDocuments(active, () => {
      const window = BrowserWindow.getAllWindows().find((candidate) => candidate === firstWindow) ?? BrowserWindow.getAllWindows()[0];
      return window ? { id: String(window.webContents.id), url: window.webContents.getURL() } : null;
    });
    // Suspend and screen lock lock every session at once (keys wiped); idle locking is the router's.
    powerMonitor.on("suspend", () => active.lockAll("computer suspended"));
    powerMonitor.on("lock-screen", () => active.lockAll("screen locked"));
  });
  app.on("window-all-closed", () => {
    void (router?.close() ?? Promise.resolve()).finally(() => app.quit());
  });
}
