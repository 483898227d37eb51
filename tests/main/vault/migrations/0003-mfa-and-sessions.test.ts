import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecretBytes } from "../../../../main/crypto/secret.js";
import { closeDatabase, openEncryptedDatabase } from "../../../../main/vault/database.js";
import { migrate } from "../../../../main/vault/migrations/index.js";
import { tempDir } from "../../../helpers/tmp.js";

describe("migration 0003: MFA and session epochs", () => {
  it("adds MFA columns with safe defaults to existing users, and recovery codes that go with their user", () => {
    const db = openEncryptedDatabase(join(tempDir(), "m.db"), SecretBytes.random(32), { create: true });
    migrate(db, 2);
    db.prepare(
      "INSERT INTO users (id, name, role, status, slot_version, must_change_password, created_at, updated_at) VALUES ('u1', 'alice', 'admin', 'active', 1, 0, 't', 't')",
    ).run();
    expect(migrate(db, 3)).toBe(3);
    expect(db.prepare("SELECT session_epoch, totp_secret, totp_pending, totp_last_step FROM users").get()).toEqual({
      session_epoch: 0,
      totp_secret: null,
      totp_pending: null,
      totp_last_step: 0,
    });
    db.prepare("INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES ('u1', 'h1')").run();
    expect(() => db.prepare("INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES ('nobody', 'h2')").run()).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM users WHERE id = 'u1'").run();
    expect(db.prepare("SELECT count(*) AS n FROM mfa_recovery_codes").get()).toEqual({ n: 0 });
    closeDatabase(db);
  });
});
