import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { makeVault } from "../../helpers/vault.js";

/**
 * A smoke test of the real app through Playwright's `_electron`: it runs where an Electron binary exists
 * (`require("electron")` gives a path that exists) and is reported skipped, with the reason in its name,
 * where npm installed Electron without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD). Needs `npm run build`.
 */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)("electron");
    return typeof path === "string" && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const hasElectronBinary = binary !== null;

describe("the desktop app (Electron)", () => {
  it.skipIf(!hasElectronBinary)(
    `starts sandboxed on app://coffre with only window.coffre, and logs in through the router${hasElectronBinary ? "" : " [skipped: no Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD)]"}`,
    async () => {
      const { _electron } = await import("playwright-core");
      const { dir } = await makeVault();
      const app = await _electron.launch({ executablePath: binary ?? "", args: [REPO_ROOT], env: { ...process.env, COFFRE_VAULT: dir } });
      try {
        const page = await app.firstWindow();
        await page.waitForLoadState("domcontentloaded");
        expect(page.url()).toBe("app://coffre/index.html");
        const globals = await page.evaluate(() => ({
          bridge: Object.keys((globalThis as unknown as { coffre: object }).coffre).sort(),
          require: typeof (globalThis as { require?: unknown }).require,
          process: typeof (globalThis as { process?: unknown }).process,
        }));
        expect(globals).toEqual({ bridge: ["invoke", "on", "pathForFile"], require: "undefined", process: "undefined" });
        const invoke = (channel: string, request: unknown) =>
          page.evaluate(([c, r]) => (globalThis as unknown as { coffre: { invoke(c: unknown, r: unknown): Promise<unknown> } }).coffre.invoke(c, r), [channel, request] as const);
        expect(await invoke("auth.me", {})).toMatchObject({ ok: true, value: { user: null } });
        expect(await invoke("no.such.channel", {})).toMatchObject({ ok: false, error: { code: "BAD_INPUT" } });
        expect(await invoke("auth.login", { name: "claire", password: PASSWORDS.clerk })).toMatchObject({ ok: true, value: { user: { name: "claire", role: "clerk" } } });
        expect(await invoke("users.list", {})).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
        // Navigation away from the app is refused.
        await page.evaluate(() => {
          (globalThis as unknown as { location: { href: string } }).location.href = "https://example.com/";
        });
        await page.waitForTimeout(500);
        expect(page.url()).toBe("app://coffre/index.html");
      } finally {
        await app.close();
      }
    },
  );
});
