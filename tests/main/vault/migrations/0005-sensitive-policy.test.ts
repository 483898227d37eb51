import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecretBytes } from "../../../../main/crypto/secret.js";
import { closeDatabase, openEncryptedDatabase } from "../../../../main/vault/database.js";
import { migrate } from "../../../../main/vault/migrations/index.js";
import { tempDir } from "../../../helpers/tmp.js";

describe("migration 0005: sensitive-data policy", () => {
  it("adds the per-type policy table to a version-4 vault, with its action constraint", () => {
    const db = openEncryptedDatabase(join(tempDir(), "m.db"), SecretBytes.random(32), { create: true });
    expect(migrate(db, 4)).toBe(4);
    expect(migrate(db, 5)).toBe(5);
    const insert = db.prepare("INSERT INTO sensitive_policy (type, action, changed_by, changed_at) VALUES (?, ?, NULL, 't')");
    insert.run("phone", "redact");
    expect(db.prepare("SELECT type, action FROM sensitive_policy").all()).toEqual([{ type: "phone", action: "redact" }]);
    expect(() => insert.run("email", "shred")).toThrow(/CHECK/);
    expect(() => insert.run("phone", "keep")).toThrow(/UNIQUE|PRIMARY/);
    closeDatabase(db);
  });
});
