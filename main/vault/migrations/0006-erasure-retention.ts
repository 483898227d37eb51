import type { Migration } from "./types.js";

/**
 * Erasure (GDPR), legal hold and retention (issue 8).
 * - erasures: one row per erased document, kept after its rows are gone, so that backups carry the list
 *   and a restore re-applies it. It holds the id, the content MAC (a keyed HMAC of the file: tells a later
 *   re-import of the same file apart from the erased document, reveals nothing without the index key),
 *   the type, when, by whom and why in one word (request, retention, subject, restore) — no value.
 * - retention_policy: years to keep each document type (defaults: see docs/retention.md).
 * - documents.legal_hold (0004) gets the time it was set.
 * - The full-text index deletes in place ('secure-delete'), so an erased document's terms are gone from
 *   the index's pages, not only marked as deleted.
 */
export const migration0006: Migration = {
  version: 6,
  name: "erasures, retention policy, legal hold time, FTS secure-delete",
  up(db) {
    db.exec(`
      CREATE TABLE erasures (
        document_id TEXT PRIMARY KEY,
        content_mac TEXT NOT NULL,
        doc_type    TEXT NOT NULL CHECK (doc_type IN ('invoice', 'credit-note', 'other')),
        erased_at   TEXT NOT NULL,
        erased_by   TEXT,
        cause       TEXT NOT NULL CHECK (cause IN ('request', 'retention', 'subject', 'restore'))
      ) STRICT;
      CREATE INDEX erasures_content_mac ON erasures (content_mac);

      CREATE TABLE retention_policy (
        doc_type   TEXT PRIMARY KEY CHECK (doc_type IN ('invoice', 'credit-note', 'other')),
        years      INTEGER NOT NULL CHECK (years BETWEEN 1 AND 100),
        updated_at TEXT NOT NULL,
        updated_by TEXT
      ) STRICT;
      INSERT INTO retention_policy (doc_type, years, updated_at) VALUES
        ('invoice', 10, 'default'), ('credit-note', 10, 'default'), ('other', 5, 'default');

      ALTER TABLE documents ADD COLUMN legal_hold_since TEXT;

      INSERT INTO documents_fts (documents_fts, rank) VALUES ('secure-delete', 1);
    `);
  },
};
