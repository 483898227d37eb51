import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runCli } from "../../main/cli/main.js";
import type { CliIo } from "../../main/cli/io.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with a given environment (no terminal: secrets must come from env). */
export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    interactive: false,
    promptSecret: () => Promise.reject(new Error("no terminal in tests")),
  };
  const code = await runCli(args, io);
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/coffre.js", import.meta.url));

/** Runs the real `coffre` binary (compiled dist/) as a separate process. */
export function spawnCoffre(args: string[], env: Record<string, string> = {}): CliResult {
  if (!existsSync(new URL("../../dist/main/cli/main.js", import.meta.url))) {
    throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  }
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Passwords used by tests: long enough for the policy, never common. */
export const PASSWORDS = {
  admin: "Admin: tulipe cobalt 9 quasar",
  manager: "Manager: brume vanille 4 orage",
  manager2: "Second manager: lichen 7 pivoine",
  clerk: "Clerk: sable turquoise 2 hibou",
  auditor: "Auditor: grenat falaise 5 lynx",
} as const;
