import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHANNEL_NAMES, EVENT_NAMES } from "../../../shared/ipc/contract.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

/**
 * The Electron shell's security posture. electronegativity (Doyensec) runs offline: only its "available
 * security fixes" check needs the network (it prints "No connectivity?" and is skipped by the tool itself);
 * every other check runs on the sources. We fail on any HIGH finding, and show on a bad window that the
 * tool does flag HIGH findings here, so a clean result means something.
 */
const ELECTRON_VERSION = "41.10.0";
const BIN = join(REPO_ROOT, "node_modules/.bin/electronegativity");

interface Finding {
  issue: string;
  severity: string;
  file: string;
}

function electronegativity(input: string): Finding[] {
  const out = join(tempDir("coffre-eneg-"), "report.csv");
  execFileSync(BIN, ["-i", input, "-e", ELECTRON_VERSION, "-o", out, "-r"], { stdio: "pipe", timeout: 120_000 });
  const lines = readFileSync(out, "utf8").trim().split("\n").slice(1);
  return lines.map((line) => {
    const [issue = "", severity = "", , file = ""] = line.split(",");
    return { issue, severity: severity.replace(/"/g, ""), file: file.replace(/"/g, "") };
  });
}

/** The shell and the preload together, as the tool expects an app folder (TypeScript sources are parsed). */
function appSources(): string {
  const dir = tempDir("coffre-eneg-src-");
  mkdirSync(join(dir, "app"));
  mkdirSync(join(dir, "preload"));
  copyFileSync(join(REPO_ROOT, "main/app/main.ts"), join(dir, "app/main.ts"));
  copyFileSync(join(REPO_ROOT, "preload/preload.cts"), join(dir, "preload/preload.ts"));
  return dir;
}

const shell = readFileSync(join(REPO_ROOT, "main/app/main.ts"), "utf8");
const preload = readFileSync(join(REPO_ROOT, "preload/preload.cts"), "utf8");

describe("electronegativity", () => {
  it("finds no HIGH severity issue in main/app and preload", () => {
    const findings = electronegativity(appSources());
    // The tool did read the shell: it always asks to review a preload script.
    expect(findings.map((finding) => finding.issue)).toContain("PRELOAD_JS_CHECK");
    expect(findings.filter((finding) => finding.severity === "HIGH")).toEqual([]);
  });

  it("does flag HIGH issues on a window that is not locked down (control)", () => {
    const dir = tempDir("coffre-eneg-bad-");
    writeFileSync(
      join(dir, "main.js"),
      `const { BrowserWindow } = require("electron");
       const window = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });
       window.loadURL("https://example.com");`,
    );
    const high = electronegativity(dir).filter((finding) => finding.severity === "HIGH").map((finding) => finding.issue);
    expect(high).toEqual(expect.arrayContaining(["CONTEXT_ISOLATION_JS_CHECK", "LIMIT_NAVIGATION_GLOBAL_CHECK"]));
  });
});

describe("the shell's settings (static check)", () => {
  it("window: sandboxed, isolated, no Node, web security on, no webview", () => {
    for (const setting of ["sandbox: true", "contextIsolation: true", "nodeIntegration: false", "nodeIntegrationInWorker: false", "nodeIntegrationInSubFrames: false", "webSecurity: true", "webviewTag: false", "allowRunningInsecureContent: false"]) {
      expect(shell, setting).toContain(setting);
    }
    expect(shell).toContain("app.enableSandbox()");
    expect(shell).not.toMatch(/nodeIntegration: true|sandbox: false|contextIsolation: false|webSecurity: false|allowRunningInsecureContent: true|experimentalFeatures/);
  });

  it("navigation, new windows, webviews and permissions are denied", () => {
    expect(shell).toMatch(/on\("will-navigate", \(event, url\) => \{\s*if \(!url\.startsWith\(`\$\{APP_ORIGIN\}\/`\)\) event\.preventDefault\(\);/);
    expect(shell).toMatch(/on\("will-redirect", \(event\) => event\.preventDefault\(\)\)/);
    expect(shell).toMatch(/on\("will-attach-webview", \(event\) => event\.preventDefault\(\)\)/);
    expect(shell).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: "deny" \}\)\)/);
    expect(shell).toMatch(/return \{ action: "deny" \};/);
    expect(shell).toMatch(/setPermissionRequestHandler\(\(_webContents, _permission, callback\) => callback\(false\)\)/);
    expect(shell).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
    expect(shell).toMatch(/requestSingleInstanceLock\(\)/);
  });

  it("a strict CSP is set on every response", async () => {
    const match = /export const CONTENT_SECURITY_POLICY =\s*"([^"]+)"/.exec(shell);
    const csp = match?.[1] ?? "";
    const directives = new Map(csp.split(";").map((part) => part.trim().split(/\s+/)).map(([name = "", ...values]) => [name, values]));
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("script-src")).toEqual(["'self'"]);
    expect(directives.get("connect-src")).toEqual(["'none'"]);
    expect(directives.get("object-src")).toEqual(["'none'"]);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(shell).toMatch(/"Content-Security-Policy": \[CONTENT_SECURITY_POLICY\]/);
  });

  it("IPC: one handler, the sender's top frame must be the app's page, everything else goes to the router", () => {
    expect(shell.match(/ipcMain\.handle\(/g)?.length).toBe(1);
    expect(shell).not.toMatch(/ipcMain\.on\(/);
    expect(shell).toMatch(/frame !== event\.sender\.mainFrame/);
    expect(shell).toMatch(/!sender\.url\.startsWith\(`\$\{APP_ORIGIN\}\/`\)/);
    expect(shell).toMatch(/allowedOrigin: APP_ORIGIN/);
    expect(shell).toMatch(/powerMonitor\.on\("suspend"/);
    expect(shell).toMatch(/powerMonitor\.on\("lock-screen"/);
  });

  it("electron-store keeps UI preferences only", () => {
    const schema = /new Store<UiPreferences>\(\{([\s\S]*?)\n\}\);/.exec(shell)?.[1] ?? "";
    expect(schema).toMatch(/language/);
    expect(schema).not.toMatch(/password|secret|key|token|totp|vault/i);
  });
});

describe("the preload", () => {
  const list = (name: string) =>
    [...(new RegExp(`const ${name}: readonly string\\[\\] = \\[([\\s\\S]*?)\\];`).exec(preload)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((match) => match[1]);

  it("lists exactly the contract's channels and events", () => {
    expect(list("CHANNELS").sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(list("EVENTS").sort()).toEqual([...EVENT_NAMES].sort());
  });

  it("requires only electron and exposes only window.coffre", () => {
    expect([...preload.matchAll(/require\(\s*"([^"]+)"\s*\)/g)].map((match) => match[1])).toEqual(["electron"]);
    expect(preload).not.toMatch(/^\s*import .* from /m);
    expect(preload.match(/exposeInMainWorld\(/g)?.length).toBe(1);
    expect(preload).toMatch(/exposeInMainWorld\("coffre", api\)/);
    expect(preload).not.toMatch(/ipcRenderer\.send\(|ipcRenderer\.sendSync|exposeInMainWorld\("coffre", electron|ipcRenderer\)/);
  });

  it("is compiled to CommonJS by the build (a sandboxed preload cannot be ESM)", () => {
    const config = JSON.parse(readFileSync(join(REPO_ROOT, "tsconfig.build.json"), "utf8")) as { include: string[] };
    expect(config.include).toContain("preload/**/*.cts");
    expect(shell).toMatch(/preload\/preload\.cjs/);
  });
});

describe("electron-builder.yml", () => {
  const builder = readFileSync(join(REPO_ROOT, "electron-builder.yml"), "utf8");
  it("packs into an asar with integrity, fuses closing Node's doors, native modules rebuilt, the four installers", () => {
    expect(builder).toMatch(/^asar: true$/m);
    expect(builder).toMatch(/^npmRebuild: true$/m);
    for (const fuse of ["runAsNode: false", "enableNodeOptionsEnvironmentVariable: false", "enableNodeCliInspectArguments: false", "enableEmbeddedAsarIntegrityValidation: true", "onlyLoadAppFromAsar: true"]) {
      expect(builder, fuse).toMatch(new RegExp(`^\\s+${fuse}$`, "m"));
    }
    expect(builder).toMatch(/target: \[AppImage, deb\]/);
    expect(builder).toMatch(/target: \[nsis\]/);
    expect(builder).toMatch(/target: \[dmg\]/);
  });
});
