import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecretBytes } from "../../../../main/crypto/secret.js";
import { closeDatabase, openEncryptedDatabase } from "../../../../main/vault/database.js";
import { migrate } from "../../../../main/vault/migrations/index.js";
import { tempDir } from "../../../helpers/tmp.js";

describe("migration 0006: erasures, retention policy, legal hold time, FTS secure-delete", () => {
  it("adds them to a version-5 vault that already holds a document, with the default periods", () => {
    const db = openEncryptedDatabase(join(tempDir(), "m.db"), SecretBytes.random(32), { create: true });
    migrate(db, 5);
    db.prepare(
      "INSERT INTO users (id, name, role, status, slot_version, must_change_password, created_at, updated_at) VALUES ('u1', 'claire', 'clerk', 'active', 1, 0, 't', 't')",
    ).run();
    db.prepare(
      `INSERT INTO documents (id, owner_id, file_name, content_mac, media_type, byte_size, page_count, doc_type, source, imported_at)
       VALUES ('d1', 'u1', 'a.pdf', 'mac1', 'application/pdf', 10, 1, 'invoice', 'text', 't')`,
    ).run();
    db.prepare("INSERT INTO documents_fts (document_id, body) VALUES ('d1', 'Facture papeterie')").run();
    expect(migrate(db, 6)).toBe(6);
    expect(db.prepare("SELECT doc_type, years FROM retention_policy ORDER BY doc_type").all()).toEqual([
      { doc_type: "credit-note", years: 10 },
      { doc_type: "invoice", years: 10 },
      { doc_type: "other", years: 5 },
    ]);
    expect(db.prepare("SELECT legal_hold, legal_hold_since FROM documents WHERE id = 'd1'").get()).toEqual({ legal_hold: 0, legal_hold_since: null });
    expect(db.prepare("SELECT v FROM documents_fts_config WHERE k = 'secure-delete'").get()).toEqual({ v: 1 });
    expect(() => db.prepare("UPDATE retention_policy SET years = 0 WHERE doc_type = 'other'").run()).toThrow(/CHECK/);
    const erasure = db.prepare("INSERT INTO erasures (document_id, content_mac, doc_type, erased_at, cause) VALUES (?, 'mac1', 'invoice', 't', ?)");
    erasure.run("d1", "request");
    expect(() => erasure.run("d2", "whim")).toThrow(/CHECK/);
    closeDatabase(db);
  });
});
