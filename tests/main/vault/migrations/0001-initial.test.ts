import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecretBytes } from "../../../../main/crypto/secret.js";
import { closeDatabase, openEncryptedDatabase } from "../../../../main/vault/database.js";
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from "../../../../main/vault/migrations/index.js";
import { tempDir } from "../../../helpers/tmp.js";

// Migration tests speak the SQL of their own version: later query functions expect later schemas.
describe("migration 0001: meta and users", () => {
  it("takes an empty database to version 1 with working tables and constraints", () => {
    const db = openEncryptedDatabase(join(tempDir(), "m.db"), SecretBytes.random(32), { create: true });
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, 1)).toBe(1);
    db.prepare("INSERT INTO meta (key, value) VALUES ('vault_id', 'v1')").run();
    const insert = db.prepare(
      "INSERT INTO users (id, name, role, status, slot_version, must_change_password, created_at, updated_at) VALUES (?, ?, ?, 'active', 1, 0, 't', 't')",
    );
    insert.run("u1", "Alice", "admin");
    expect(db.prepare("SELECT id FROM users WHERE name = 'alice'").get()).toEqual({ id: "u1" }); // case-insensitive names
    expect(() => insert.run("u2", "ALICE", "clerk")).toThrow(/UNIQUE/);
    expect(() => insert.run("u3", "bob", "root")).toThrow(/CHECK/);
    closeDatabase(db);
  });

  it("is idempotent and refuses a schema newer than this build", () => {
    const db = openEncryptedDatabase(join(tempDir(), "m.db"), SecretBytes.random(32), { create: true });
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer Coffre/);
    closeDatabase(db);
  });
});
