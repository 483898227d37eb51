/**
 * The Electron shell. Thin on purpose: a hardened window, the app:// protocol, and wiring. Everything else
 * is plain Node in main/* and is tested without Electron. The vault runs in a worker thread
 * (main/vault/worker), so no query runs on this thread.
 */
import { app, BrowserWindow, net, protocol, session, shell } from "electron";
import { join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { VaultClient } from "../vault/worker/vault-client.js";

const APP_ORIGIN = "app://coffre";
const RENDERER_ROOT = fileURLToPath(new URL("../../../renderer/dist/", import.meta.url));
const PRELOAD = fileURLToPath(new URL("../../preload/preload.cjs", import.meta.url));

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' doc: data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

protocol.registerSchemesAsPrivileged([{ scheme: "app", privileges: { standard: true, secure: true, supportFetchAPI: false } }]);

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

function hardenSession(): void {
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, "Content-Security-Policy": [CONTENT_SECURITY_POLICY] } });
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    webPreferences: {
      preload: PRELOAD,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
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
  window.once("ready-to-show", () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let vault: VaultClient | null = null;
  app.on("second-instance", () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on("web-contents-created", (_event, contents) => {
    contents.on("will-attach-webview", (event) => event.preventDefault());
  });
  void app.whenReady().then(() => {
    hardenSession();
    serveRenderer();
    vault = new VaultClient();
    createWindow();
  });
  app.on("window-all-closed", () => {
    void vault?.close().finally(() => app.quit());
  });
}
