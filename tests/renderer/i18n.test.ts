import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "../../shared/audit.js";
import { ERROR_CODES } from "../../shared/errors.js";
import { FIELD_NAMES } from "../../shared/invoice.js";
import { en } from "../../renderer/i18n/en.js";
import { fr } from "../../renderer/i18n/fr.js";
import { REPO_ROOT } from "../helpers/cli.js";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "dist" || name === "i18n") return [];
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("renderer translations", () => {
  const frKeys = flatten(fr as unknown as Tree);
  const enKeys = flatten(en as unknown as Tree);

  it("French and English have exactly the same keys", () => {
    expect([...enKeys.keys()].sort()).toEqual([...frKeys.keys()].sort());
    expect(frKeys.size).toBeGreaterThan(300);
  });

  it("no translation is empty, and both languages use the same {{variables}}", () => {
    for (const [key, text] of frKeys) {
      expect(text.trim(), key).not.toBe("");
      expect(enKeys.get(key)?.trim(), key).not.toBe("");
      expect(variables(enKeys.get(key) ?? ""), key).toEqual(variables(text));
    }
  });

  it("English is really English: a label equal in both languages is a word both languages share", () => {
    const shared = new Set(["Coffre", "FR", "EN", "{{name}} ({{role}})", "Date", "Type", "Minimum", "Maximum", "Document", "Pages", "Protection", "IBAN", "BIC", "SIREN", "SIRET", "Action", "Actions", "Exports"]);
    const same = [...frKeys].filter(([key, text]) => enKeys.get(key) === text && !shared.has(text)).map(([key]) => key);
    expect(same).toEqual([]);
  });

  it("every error code, audit action and field has a sentence or label", () => {
    for (const code of ERROR_CODES) expect(frKeys.has(`errors.${code}`), code).toBe(true);
    for (const action of AUDIT_ACTIONS) expect(frKeys.has(`audit.actions.${action}`), action).toBe(true);
    for (const field of FIELD_NAMES) expect(frKeys.has(`fields.${field}`), field).toBe(true);
  });

  it("every literal key the screens pass to t() exists", () => {
    const files = sourceFiles(join(REPO_ROOT, "renderer"));
    expect(files.length).toBeGreaterThan(10);
    const used = new Set<string>();
    for (const file of files) {
      for (const match of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([\w.-]+)"/g)) if (match[1]) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(200);
    const missing = [...used].filter((key) => !frKeys.has(key));
    expect(missing).toEqual([]);
  });
});
