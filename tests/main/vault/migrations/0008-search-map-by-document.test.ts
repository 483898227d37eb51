import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecretBytes } from "../../../../main/crypto/secret.js";
import { closeDatabase, openEncryptedDatabase } from "../../../../main/vault/database.js";
import { migrate } from "../../../../main/vault/migrations/index.js";
import { listDocuments } from "../../../../main/vault/queries/search.js";
import { tempDir } from "../../../helpers/tmp.js";

describe("migration 0008: search map by document, sort indexes covering the filters", () => {
  it("indexes a version-7 vault's existing map, widens its sort indexes; both full-text plans then give the same pages", () => {
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
    // Every sort index now also holds the columns the list's filters read, after its key and the id.
    const columns = db.prepare("SELECT name FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno").pluck();
    for (const owner of ["", "owner_"]) {
      for (const sort of ["date", "amount", "supplier", "imported"]) {
        const names = columns.all(`documents_${owner}sort_${sort}`) as (string | null)[];
        expect(names.slice(-5), `${owner}${sort}`).toEqual(["total_gross_cents", "issue_date", "doc_type", "supplier_id", "seller_name"]);
        expect(names.at(-6), `${owner}${sort}`).toBe("id");
      }
    }
    const ids = (plan: "drive" | "probe") => listDocuments(db, { text: "papet", sort: { by: "date", dir: "desc" }, limit: 10, ftsPlan: plan }).map((row) => row.id);
    expect(ids("probe")).toEqual(["d4", "d2", "d0"]);
    expect(ids("drive")).toEqual(["d4", "d2", "d0"]);
    closeDatabase(db);
  });
});
