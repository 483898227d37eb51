import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecretBytes } from "../../../../main/crypto/secret.js";
import { closeDatabase, openEncryptedDatabase } from "../../../../main/vault/database.js";
import { migrate } from "../../../../main/vault/migrations/index.js";
import { listDocuments } from "../../../../main/vault/queries/search.js";
import { tempDir } from "../../../helpers/tmp.js";

describe("migration 0008: search map by document", () => {
  it("indexes a version-7 vault's existing map; both full-text plans then give the same pages", () => {
    const db = openEncryptedDatabase(join(tempDir(), "m.db"), SecretBytes.random(32), { create: true });
    migrate(db, 7);
    db.prepare(
      "INSERT INTO users (id, name, role, status, slot_version, must_change_password, created_at, updated_at) VALUES ('u1', 'claire', 'clerk', 'active', 1, 0, 't', 't')",
    ).run();
    const insert = db.prepare(
      `INSERT INTO documents (id, owner_id, file_name, content_mac, media_type, byte_size, page_count, doc_type, source, issue_date, imported_at)
       VALUES (?, 'u1', ?, ?, 'application/pdf', 10, 1, 'invoice', 'text', ?, '2024-05-01T00:00:00.000Z')`,
    );
    const fts = db.prepare("INSERT INTO documents_fts (document_id, body) VALUES (?, ?)");
    for (let index = 0; index < 6; index += 1) {
      insert.run(`d${index}`, `f${index}.pdf`, `mac${index}`, `2024-0${index + 1}-01`);
      fts.run(`d${index}`, index % 2 === 0 ? "Facture papeterie" : "Facture transport");
    }
    // The map as a version-7 vault holds it (filled by its search calls).
    db.prepare("INSERT INTO search_map (fts_rowid, document_id) SELECT rowid, document_id FROM documents_fts").run();
    expect(migrate(db, 8)).toBe(8);
    expect(db.prepare("SELECT count(*) AS n FROM search_map INDEXED BY search_map_document WHERE document_id >= ''").get()).toEqual({ n: 6 });
    const ids = (plan: "drive" | "probe") => listDocuments(db, { text: "papet", sort: { by: "date", dir: "desc" }, limit: 10, ftsPlan: plan }).map((row) => row.id);
    expect(ids("probe")).toEqual(["d4", "d2", "d0"]);
    expect(ids("drive")).toEqual(["d4", "d2", "d0"]);
    closeDatabase(db);
  });
});
