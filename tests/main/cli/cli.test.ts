import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flipByte } from "../../helpers/bytes.js";
import { vaultPaths } from "../../../main/vault/layout.js";
import { cli, PASSWORDS, spawnCoffre } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

const ADMIN_ENV = { COFFRE_PASSWORD: PASSWORDS.admin };

/** A digest of every file of a folder (but the failed-attempt counters), to prove a refused command changed nothing. */
function snapshot(dir: string): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(dir, { recursive: true }).map(String).filter((name) => name !== "lockout.json").sort()) {
    hash.update(name);
    try {
      hash.update(readFileSync(join(dir, name)));
    } catch {
      // a folder
    }
  }
  return hash.digest("hex");
}

async function initVaultWithCli(): Promise<{ dir: string; recoveryKey: string }> {
  const dir = join(tempDir(), "vault");
  const result = await cli(["init", "--vault", dir, "--admin", "alice", "--no-mfa-required"], ADMIN_ENV);
  expect(result.code).toBe(0);
  const match = /^ {4}([A-Z2-7-]{65})$/m.exec(result.stdout);
  if (!match?.[1]) throw new Error(`no recovery key in: ${result.stdout}`);
  return { dir, recoveryKey: match[1] };
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
  return lines[0] ?? "";
}

describe("coffre init", () => {
  it("creates a vault and prints the recovery key once, stored nowhere in clear", async () => {
    const { dir, recoveryKey } = await initVaultWithCli();
    expect(readdirSync(dir).sort()).toEqual(["audit-head.json", "blobs", "coffre.db", "keyslots.json"]);
    const keyslots = readFileSync(vaultPaths(dir).keyslots, "utf8");
    expect(keyslots).not.toContain(recoveryKey);
    expect(keyslots).not.toContain(recoveryKey.replace(/-/g, ""));
    expect(keyslots).not.toContain(PASSWORDS.admin);
    // no leftover staging folder beside it
    expect(readdirSync(join(dir, ".."))).toEqual(["vault"]);
  });

  it("refuses to touch an existing vault or a non-empty folder, changing nothing", async () => {
    const { dir } = await initVaultWithCli();
    const before = snapshot(dir);
    const again = await cli(["init", "--vault", dir, "--admin", "mallory"], { COFFRE_PASSWORD: "another long password here" });
    expect(again.code).not.toBe(0);
    expect(oneLine(again.stderr)).toMatch(/refusing to init: .* already exists/);
    expect(snapshot(dir)).toBe(before);

    const other = join(tempDir(), "photos");
    mkdirSync(other);
    writeFileSync(join(other, "holiday.jpg"), "not a vault");
    expect((await cli(["init", "--vault", other, "--admin", "alice"], ADMIN_ENV)).code).not.toBe(0);
    expect(readdirSync(other)).toEqual(["holiday.jpg"]);
  });

  it("takes secrets from the environment or a terminal, never from arguments", async () => {
    const dir = join(tempDir(), "vault");
    const noSecret = await cli(["init", "--vault", dir, "--admin", "alice"], {});
    expect(noSecret.code).toBe(1);
    expect(oneLine(noSecret.stderr)).toMatch(/set COFFRE_PASSWORD or run on a terminal/);
    const inArgv = await cli(["init", "--vault", dir, "--admin", "alice", "--password", PASSWORDS.admin], {});
    expect(inArgv.code).toBe(2);
    expect(oneLine(inArgv.stderr)).toMatch(/Unknown option '--password'/);
    expect(readdirSync(join(dir, ".."))).toEqual([]);
  });

  it("refuses a short password and warns when MFA is not required", async () => {
    const dir = join(tempDir(), "vault");
    const weak = await cli(["init", "--vault", dir, "--admin", "alice"], { COFFRE_PASSWORD: "short" });
    expect(weak.code).toBe(1);
    expect(oneLine(weak.stderr)).toMatch(/at least 12 characters/);
    const relaxed = await cli(["init", "--vault", dir, "--admin", "alice", "--no-mfa-required", "--json"], ADMIN_ENV);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stderr).toMatch(/warning: MFA will not be required/);
    expect(JSON.parse(relaxed.stdout)).toMatchObject({ admin: "alice", mfaRequired: false });
  });
});

describe("coffre users and passwd", () => {
  it("adds, lists, changes roles, disables and grants reveal, with the right people only", async () => {
    const { dir, recoveryKey } = await initVaultWithCli();
    const base = ["--vault", dir, "--as", "alice"];
    const temporary = "Temporary: change me at first login";
    for (const [name, role, password] of [
      ["marc", "manager", PASSWORDS.manager],
      ["claire", "clerk", PASSWORDS.clerk],
      ["nina", "manager", PASSWORDS.manager2],
    ] as const) {
      expect((await cli(["users", "add", name, "--role", role, ...base], { ...ADMIN_ENV, COFFRE_NEW_PASSWORD: temporary })).code).toBe(0);
      if (name === "marc") {
        // a new user can do nothing before replacing the temporary password
        const early = await cli(["users", "grant-reveal", "nina", "--vault", dir, "--as", "marc"], { COFFRE_PASSWORD: temporary });
        expect(oneLine(early.stderr)).toMatch(/change your temporary password first/);
      }
      expect((await cli(["passwd", "--vault", dir, "--as", name], { COFFRE_PASSWORD: temporary, COFFRE_NEW_PASSWORD: password })).code).toBe(0);
    }

    const duplicate = await cli(["users", "add", "Marc", "--role", "clerk", ...base], { ...ADMIN_ENV, COFFRE_NEW_PASSWORD: PASSWORDS.clerk });
    expect(oneLine(duplicate.stderr)).toMatch(/already exists/);
    const badRole = await cli(["users", "add", "zed", "--role", "root", ...base], { ...ADMIN_ENV, COFFRE_NEW_PASSWORD: PASSWORDS.clerk });
    expect(oneLine(badRole.stderr)).toMatch(/unknown role root/);

    // the admin cannot grant the reveal key
    const adminGrant = await cli(["users", "grant-reveal", "marc", ...base], ADMIN_ENV);
    expect(adminGrant.code).toBe(1);
    expect(oneLine(adminGrant.stderr)).toMatch(/may not grant the reveal key/);
    // a clerk cannot manage users
    const clerkList = await cli(["users", "list", "--vault", dir, "--as", "claire"], { COFFRE_PASSWORD: PASSWORDS.clerk });
    expect(oneLine(clerkList.stderr)).toMatch(/a clerk may not manage users/);

    // the recovery key grants the first manager, who grants the next
    const byRecovery = await cli(["users", "grant-reveal", "marc", "--vault", dir, "--json"], { COFFRE_RECOVERY_KEY: recoveryKey });
    expect(byRecovery.code).toBe(0);
    expect(JSON.parse(byRecovery.stdout)).toMatchObject({ name: "marc", canReveal: true });
    const byManager = await cli(["users", "grant-reveal", "nina", "--vault", dir, "--as", "marc"], { COFFRE_PASSWORD: PASSWORDS.manager });
    expect(byManager.code).toBe(0);
    const wrongRecovery = await cli(["users", "grant-reveal", "nina", "--vault", dir], { COFFRE_RECOVERY_KEY: "AAAAA-".repeat(10) + "AAAAA" });
    expect(oneLine(wrongRecovery.stderr)).toMatch(/recovery key/);

    expect((await cli(["users", "set-role", "nina", "auditor", ...base], ADMIN_ENV)).code).toBe(0);
    expect((await cli(["users", "disable", "claire", ...base], ADMIN_ENV)).code).toBe(0);
    const list = await cli(["users", "list", ...base, "--json"], ADMIN_ENV);
    const users = list.stdout.split("\n").map((line) => JSON.parse(line) as { name: string; role: string; status: string; canReveal: boolean });
    expect(users.map((user) => [user.name, user.role, user.status, user.canReveal])).toEqual([
      ["alice", "admin", "active", false],
      ["claire", "clerk", "disabled", false],
      ["marc", "manager", "active", true],
      ["nina", "auditor", "active", false],
    ]);
    const disabled = await cli(["users", "list", "--vault", dir, "--as", "claire"], { COFFRE_PASSWORD: PASSWORDS.clerk });
    expect(oneLine(disabled.stderr)).toMatch(/claire is disabled/);

    const all = [list, byManager, byRecovery].map((result) => result.stdout + result.stderr).join("\n");
    for (const secret of Object.values(PASSWORDS)) expect(all).not.toContain(secret);
    expect(all).not.toContain(recoveryKey);
  });

  it("changes a password: the old one stops working, the new one works", async () => {
    const { dir } = await initVaultWithCli();
    const next = "a completely different passphrase";
    const changed = await cli(["passwd", "--vault", dir, "--as", "alice"], { COFFRE_PASSWORD: PASSWORDS.admin, COFFRE_NEW_PASSWORD: next });
    expect(changed.code).toBe(0);
    expect((await cli(["users", "list", "--vault", dir, "--as", "alice"], ADMIN_ENV)).code).toBe(1);
    expect((await cli(["users", "list", "--vault", dir, "--as", "alice"], { COFFRE_PASSWORD: next })).code).toBe(0);
  });
});

describe("failures are one clear line, and change nothing", () => {
  it("a wrong password exits non-zero with one line and leaves every file as it was", async () => {
    const { dir } = await initVaultWithCli();
    const before = snapshot(dir);
    const wrong = "not the right password at all";
    const result = spawnCoffre(["users", "list", "--vault", dir, "--as", "alice"], { COFFRE_PASSWORD: wrong });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(oneLine(result.stderr)).toBe("coffre: wrong user name or password");
    const unknownUser = spawnCoffre(["users", "list", "--vault", dir, "--as", "nobody"], ADMIN_ENV);
    expect(oneLine(unknownUser.stderr)).toBe("coffre: wrong user name or password");
    expect(snapshot(dir)).toBe(before);
    // Only the failed-attempt counters moved, and they hold no password.
    const lockout = readFileSync(join(dir, "lockout.json"), "utf8");
    expect(lockout).toContain('"failures": 1');
    expect(lockout).not.toContain(wrong);
  });

  it("a corrupt or truncated keyslots file is a clear error, never a crash dump", async () => {
    const { dir } = await initVaultWithCli();
    const path = vaultPaths(dir).keyslots;
    const original = readFileSync(path, "utf8");
    for (const [content, message] of [
      [original.slice(0, original.length / 2), /keyslots.json is corrupt: not valid JSON/],
      ["[]", /keyslots.json is corrupt: unexpected content/],
      [original.replace('"format": "coffre-keyslots"', '"format": "other"'), /keyslots.json is corrupt: unexpected content at format/],
      [original.replace(/"ciphertext": "(.)/, (_match, first: string) => `"ciphertext": "${first === "A" ? "B" : "A"}`), /corrupt: the keyslot of alice fails its checksum/],
    ] as const) {
      writeFileSync(path, content);
      const result = spawnCoffre(["users", "list", "--vault", dir, "--as", "alice"], ADMIN_ENV);
      expect(result.code).toBe(1);
      expect(oneLine(result.stderr)).toMatch(message);
    }
    const missing = spawnCoffre(["users", "list", "--vault", join(dir, "nope"), "--as", "alice"], ADMIN_ENV);
    expect(oneLine(missing.stderr)).toMatch(/no vault here/);
  });

  it("a tampered database is named as such, and the integrity check reports OK on a healthy one", async () => {
    const { dir } = await initVaultWithCli();
    const healthy = await cli(["vault", "check", "--vault", dir, "--as", "alice", "--json"], ADMIN_ENV);
    expect(healthy.code).toBe(0);
    expect(JSON.parse(healthy.stdout)).toMatchObject({ ok: true, problems: [] });

    const file = vaultPaths(dir).database;
    const bytes = readFileSync(file);
    flipByte(bytes, 4096 + 2000, 0x04); // inside page 2
    writeFileSync(file, bytes);
    const result = spawnCoffre(["users", "list", "--vault", dir, "--as", "alice"], ADMIN_ENV);
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toBe(
      "coffre: the vault database is damaged or was altered (page 2 fails authentication); restore it from a backup",
    );
  });
});
