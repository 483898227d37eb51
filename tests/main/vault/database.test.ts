import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flipByte } from "../../helpers/bytes.js";
import { unlockWithRecoveryKey } from "../../../main/auth/session.js";
import { parseRecoveryKey } from "../../../main/crypto/recovery-key.js";
import { SecretBytes } from "../../../main/crypto/secret.js";
import { closeDatabase, openEncryptedDatabase } from "../../../main/vault/database.js";
import { checkDatabaseIntegrity } from "../../../main/vault/integrity.js";
import { vaultPaths } from "../../../main/vault/layout.js";
import { migrate } from "../../../main/vault/migrations/index.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { readWithIndependentSqlcipher } from "../../helpers/independent-sqlcipher.js";
import { tempDir } from "../../helpers/tmp.js";
import { join } from "node:path";

async function initWithCli(): Promise<{ dir: string; dekHex: string }> {
  const dir = join(tempDir(), "vault");
  const init = await cli(["init", "--vault", dir, "--admin", "alice", "--json"], { COFFRE_PASSWORD: PASSWORDS.admin });
  expect(init.code).toBe(0);
  const { recoveryKey } = JSON.parse(init.stdout) as { recoveryKey: string };
  // The test extracts the DEK through the recovery key, as an IT person with the recovery kit could.
  const session = unlockWithRecoveryKey(dir, parseRecoveryKey(recoveryKey));
  const dekHex = session.keys.dek.expose().toString("hex");
  session.lock();
  return { dir, dekHex };
}

describe("the vault database is a standard SQLCipher 4 file", () => {
  it("is opened by an independent SQLCipher 4 build with the DEK, and refused with a wrong key", async () => {
    const { dir, dekHex } = await initWithCli();
    const file = vaultPaths(dir).database;
    const read = await readWithIndependentSqlcipher(file, dekHex);
    expect(read.tables).toEqual(expect.arrayContaining(["meta", "users"]));
    expect(read.users).toEqual([{ name: "alice", role: "admin" }]);

    const wrong = Buffer.from(dekHex, "hex");
    wrong[0] = (wrong[0] ?? 0) ^ 0xff;
    await expect(readWithIndependentSqlcipher(file, wrong.toString("hex"))).rejects.toThrow(/not a database|SQLITE_NOTADB/);
  });

  it("does not start with the SQLite header and holds no plaintext", async () => {
    const { dir } = await initWithCli();
    const bytes = readFileSync(vaultPaths(dir).database);
    expect(bytes.subarray(0, 16).toString("latin1")).not.toBe("SQLite format 3\0");
    expect(bytes.includes(Buffer.from("alice"))).toBe(false);
    expect(bytes.includes(Buffer.from("CREATE TABLE"))).toBe(false);
  });

  it("is refused by our driver with a wrong key, with a clear error", () => {
    const file = join(tempDir(), "x.db");
    const db = openEncryptedDatabase(file, SecretBytes.random(32), { create: true });
    migrate(db);
    closeDatabase(db);
    expect(() => openEncryptedDatabase(file, SecretBytes.random(32), { create: false })).toThrow(/wrong key/);
  });

  it("runs with WAL, secure_delete and foreign keys on", () => {
    const file = join(tempDir(), "x.db");
    const db = openEncryptedDatabase(file, SecretBytes.random(32), { create: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("secure_delete", { simple: true })).toBe(1);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    closeDatabase(db);
  });
});

describe("integrity check (cipher_integrity_check)", () => {
  it("passes on a healthy database and names the page with a flipped byte", () => {
    const file = join(tempDir(), "x.db");
    const dek = SecretBytes.random(32);
    let db = openEncryptedDatabase(file, dek, { create: true });
    migrate(db);
    db.exec("CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)");
    const insert = db.prepare("INSERT INTO filler (body) VALUES (?)");
    for (let index = 0; index < 100; index += 1) insert.run(Buffer.alloc(1000, index));
    const healthy = checkDatabaseIntegrity(db, dek);
    expect(healthy).toMatchObject({ ok: true, problems: [] });
    expect(healthy.pages).toBeGreaterThan(20);
    closeDatabase(db);

    const bytes = readFileSync(file);
    const page = Math.floor(bytes.length / 4096) - 2; // a data page near the end, 1-based
    flipByte(bytes, (page - 1) * 4096 + 1234, 0x20);
    writeFileSync(file, bytes);

    db = openEncryptedDatabase(file, dek, { create: false });
    const report = checkDatabaseIntegrity(db, dek);
    closeDatabase(db);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toBe(`page ${page}: HMAC check failed (the page was altered or damaged)`);
  });
});
