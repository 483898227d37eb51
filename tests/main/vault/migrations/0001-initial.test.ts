import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecretBytes } from "../../../../main/crypto/secret.js";
import { closeDatabase, openEncryptedDatabase } from "../../../../main/vault/database.js";
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from "../../../../main/vault/migrations/index.js";
import { getMeta, setMeta } from "../../../../main/vault/queries/meta.js";
import { findUserByName, insertUser } from "../../../../main/vault/queries/users.js";
import type { UserId } from "../../../../shared/domain.js";
import { tempDir } from "../../../helpers/tmp.js";

describe("migration 0001: meta and users", () => {
  it("takes an empty database to version 1 with working tables and constraints", () => {
    const db = openEncryptedDatabase(join(tempDir(), "m.db"), SecretBytes.random(32), { create: true });
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, 1)).toBe(1);
    setMeta(db, "vault_id", "v1");
    expect(getMeta(db, "vault_id")).toBe("v1");
    const user = { id: "u1" as UserId, name: "Alice", role: "admin" as const, status: "active" as const, slotVersion: 1, mustChangePassword: false, createdAt: "2026-01-01T00:00:00Z" };
    insertUser(db, user);
    expect(findUserByName(db, "alice")?.id).toBe("u1"); // names are case-insensitive
    expect(() => insertUser(db, { ...user, id: "u2" as UserId, name: "ALICE" })).toThrow(/UNIQUE/);
    expect(() => insertUser(db, { ...user, id: "u3" as UserId, name: "bob", role: "root" as never })).toThrow(/CHECK/);
    closeDatabase(db);
  });

  it("is idempotent and refuses a schema newer than this build", () => {
    const file = join(tempDir(), "m.db");
    const dek = SecretBytes.random(32);
    const db = openEncryptedDatabase(file, dek, { create: true });
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer Coffre/);
    closeDatabase(db);
  });
});
