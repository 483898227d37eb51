import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecretBytes } from "../../../../main/crypto/secret.js";
import { closeDatabase, openEncryptedDatabase } from "../../../../main/vault/database.js";
import { migrate } from "../../../../main/vault/migrations/index.js";
import { tempDir } from "../../../helpers/tmp.js";

describe("migration 0002: audit log", () => {
  it("adds the audit table to a version-1 database with users in it", () => {
    const db = openEncryptedDatabase(join(tempDir(), "m.db"), SecretBytes.random(32), { create: true });
    migrate(db, 1);
    db.prepare(
      "INSERT INTO users (id, name, role, status, slot_version, must_change_password, created_at, updated_at) VALUES ('u1', 'alice', 'admin', 'active', 1, 0, 't', 't')",
    ).run();
    expect(migrate(db, 2)).toBe(2);
    db.prepare("INSERT INTO audit_log (seq, time, user_name, action, result, mac) VALUES (1, 't', 'alice', 'login', 'ok', 'm')").run();
    expect(() => db.prepare("INSERT INTO audit_log (seq, time, action, result, mac) VALUES (2, 't', 'login', 'maybe', 'm')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO audit_log (seq, time, action, result, mac) VALUES (1, 't', 'login', 'ok', 'm')").run()).toThrow(/UNIQUE|PRIMARY/);
    expect(db.prepare("SELECT count(*) AS n FROM users").get()).toEqual({ n: 1 });
    closeDatabase(db);
  });
});
