import type { Migration } from "./types.js";

/**
 * Indexes for the app's archive list (main/vault/queries/search.ts): one per sort order, on exactly the
 * sort expression and the id that breaks ties, and the same led by the owner for clerks (who see only
 * their own imports). The first page then reads 51 index entries instead of sorting the whole archive,
 * and a keyset cursor starts where the previous page ended.
 * search_map: full-text row -> document, compact, so that a common word's matches are turned into
 * documents without reading every matching row's text (see syncSearchMap in queries/search.ts).
 */
export const migration0007: Migration = {
  version: 7,
  name: "search indexes for the archive list's sort orders, full-text row map",
  up(db) {
    db.exec(`
      CREATE INDEX documents_sort_date ON documents (coalesce(issue_date, substr(imported_at, 1, 10)), id);
      CREATE INDEX documents_sort_amount ON documents (coalesce(total_gross_cents, -1000000000000000000), id);
      CREATE INDEX documents_sort_supplier ON documents (lower(coalesce(seller_name, '')), id);
      CREATE INDEX documents_sort_imported ON documents (imported_at, id);
      CREATE INDEX documents_owner_sort_date ON documents (owner_id, coalesce(issue_date, substr(imported_at, 1, 10)), id);
      CREATE INDEX documents_owner_sort_amount ON documents (owner_id, coalesce(total_gross_cents, -1000000000000000000), id);
      CREATE INDEX documents_owner_sort_supplier ON documents (owner_id, lower(coalesce(seller_name, '')), id);
      CREATE INDEX documents_owner_sort_imported ON documents (owner_id, imported_at, id);
      CREATE TABLE search_map (
        fts_rowid   INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL
      ) STRICT;
      INSERT INTO search_map (fts_rowid, document_id) SELECT rowid, document_id FROM documents_fts;
    `);
  },
};
