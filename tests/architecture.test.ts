import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/cli.js";

/** Every TypeScript source file under a folder of the repository. */
function sources(folder: string): { path: string; text: string }[] {
  return readdirSync(join(REPO_ROOT, folder), { recursive: true })
    .map(String)
    .filter((name) => /\.(c|m)?tsx?$/.test(name))
    .map((name) => {
      const path = join(REPO_ROOT, folder, name);
      return { path: relative(REPO_ROOT, path), text: readFileSync(path, "utf8") };
    });
}

describe("the house rules of design.md", () => {
  const main = sources("main");

  it("only main/app/ and preload/ import electron", () => {
    const offenders = [...main, ...sources("shared")].filter(
      (file) => !file.path.startsWith("main/app/") && /from\s+["']electron["']|require\(["']electron["']\)/.test(file.text),
    );
    expect(offenders.map((file) => file.path)).toEqual([]);
  });

  it("only main/vault/ touches the database driver or writes SQL", () => {
    const sql = /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b/;
    const offenders = main.filter(
      (file) => !file.path.startsWith("main/vault/") && (sql.test(file.text) || file.text.includes("better-sqlite3-multiple-ciphers")),
    );
    expect(offenders.map((file) => file.path)).toEqual([]);
  });

  it("never builds a key into a PRAGMA string", () => {
    const offenders = main.filter((file) => /pragma\(\s*[`'"][^`'"]*\b(re)?key\b/i.test(file.text) || /PRAGMA\s+(re)?key/i.test(file.text));
    expect(offenders.map((file) => file.path)).toEqual([]);
  });

  it("shared/ imports nothing of main, renderer, Node or Electron", () => {
    const offenders = sources("shared").filter((file) => /from\s+["'](\.\.\/main|\.\.\/renderer|node:|electron)/.test(file.text));
    expect(offenders.map((file) => file.path)).toEqual([]);
  });

  it("classify and detect do not import each other; main/ids/ imports nothing of ours", () => {
    const imports = (file: { text: string }): string[] => [...file.text.matchAll(/from\s+["']([^"']+)["']/g)].map((match) => match[1] ?? "");
    const offenders = main.filter((file) => {
      const ours = imports(file).filter((path) => path.startsWith("."));
      if (file.path.startsWith("main/classify/")) return ours.some((path) => path.includes("/detect/"));
      if (file.path.startsWith("main/detect/")) return ours.some((path) => path.includes("/classify/"));
      if (file.path.startsWith("main/ids/")) return ours.length > 0;
      return false;
    });
    expect(offenders.map((file) => file.path)).toEqual([]);
  });

  it("the window is sandboxed and isolated, with web security on", () => {
    const shell = readFileSync(join(REPO_ROOT, "main/app/main.ts"), "utf8");
    expect(shell).toMatch(/sandbox: true/);
    expect(shell).toMatch(/contextIsolation: true/);
    expect(shell).toMatch(/nodeIntegration: false/);
    expect(shell).not.toMatch(/webSecurity: false|sandbox: false|contextIsolation: false|nodeIntegration: true/);
  });

  it("no unauthenticated cipher mode and no Math.random in the main process", () => {
    const offenders = main.filter((file) => /aes-\d+-(cbc|ctr|ecb)|Math\.random/i.test(file.text));
    expect(offenders.map((file) => file.path)).toEqual([]);
  });
});
