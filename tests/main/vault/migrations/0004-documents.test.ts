import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecretBytes } from "../../../../main/crypto/secret.js";
import { closeDatabase, openEncryptedDatabase } from "../../../../main/vault/database.js";
import { migrate } from "../../../../main/vault/migrations/index.js";
import { tempDir } from "../../../helpers/tmp.js";

describe("migration 0004: documents", () => {
  it("adds documents, secrets, pages, blobs, FTS and quarantine to a version-3 vault with users", () => {
    const db = openEncryptedDatabase(join(tempDir(), "m.db"), SecretBytes.random(32), { create: true });
    migrate(db, 3);
    db.prepare(
      "INSERT INTO users (id, name, role, status, slot_version, must_change_password, created_at, updated_at) VALUES ('u1', 'claire', 'clerk', 'active', 1, 0, 't', 't')",
    ).run();
    expect(migrate(db, 4)).toBe(4);
    const insertDocument = db.prepare(
      `INSERT INTO documents (id, owner_id, file_name, content_mac, media_type, byte_size, page_count, doc_type, source, imported_at)
       VALUES (?, 'u1', 'a.pdf', ?, 'application/pdf', 10, 1, 'invoice', 'text', 't')`,
    );
    insertDocument.run("d1", "mac1");
    expect(() => insertDocument.run("d2", "mac1")).toThrow(/UNIQUE/); // same bytes twice
    db.prepare("INSERT INTO document_secrets (document_id, type, action, masked, sealed, blind_index) VALUES ('d1', 'iban', 'encrypt', 'FR76 ****', x'00', 'h')").run();
    expect(() =>
      db.prepare("INSERT INTO document_secrets (document_id, type, action, masked, sealed) VALUES ('d1', 'card', 'redact', '****', x'00')").run(),
    ).toThrow(/CHECK/); // a redacted value is never stored, not even sealed
    db.prepare("INSERT INTO documents_fts (document_id, body) VALUES ('d1', 'Facture FA-1 électricité [IBAN]')").run();
    expect(db.prepare("SELECT document_id FROM documents_fts WHERE documents_fts MATCH 'electricite'").all()).toEqual([{ document_id: "d1" }]);
    db.prepare("DELETE FROM documents WHERE id = 'd1'").run();
    expect(db.prepare("SELECT count(*) AS n FROM document_secrets").get()).toEqual({ n: 0 });
    closeDatabase(db);
  });
});
