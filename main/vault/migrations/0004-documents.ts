import type { Migration } from "./types.js";

/**
 * Documents and what hangs off them. No sensitive value is stored in clear: identifiers (IBAN, VAT,
 * SIRET...) live in document_secrets, sealed to the sensitive public key, with a blind index for exact
 * search; the text and the full-text index hold placeholders such as [IBAN]. Files live encrypted in the
 * blob folder, each with its own key, wrapped here.
 */
export const migration0004: Migration = {
  version: 4,
  name: "documents, suppliers, blobs, full-text index, quarantine",
  up(db) {
    db.exec(`
      CREATE TABLE suppliers (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        name_key    TEXT NOT NULL,
        vat_index   TEXT,
        siret_index TEXT,
        iban_index  TEXT,
        profile     TEXT NOT NULL DEFAULT '{}',
        created_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX suppliers_name_key ON suppliers (name_key);
      CREATE INDEX suppliers_vat ON suppliers (vat_index);
      CREATE INDEX suppliers_siret ON suppliers (siret_index);
      CREATE INDEX suppliers_iban ON suppliers (iban_index);

      CREATE TABLE documents (
        id                TEXT PRIMARY KEY,
        owner_id          TEXT NOT NULL REFERENCES users (id),
        file_name         TEXT NOT NULL,
        content_mac       TEXT NOT NULL UNIQUE,
        media_type        TEXT NOT NULL,
        byte_size         INTEGER NOT NULL,
        page_count        INTEGER NOT NULL,
        doc_type          TEXT NOT NULL CHECK (doc_type IN ('invoice', 'credit-note', 'other')),
        supplier_id       TEXT REFERENCES suppliers (id),
        source            TEXT NOT NULL CHECK (source IN ('facturx', 'text', 'ocr')),
        ocr_confidence    REAL,
        invoice_number    TEXT,
        issue_date        TEXT,
        due_date          TEXT,
        currency          TEXT,
        total_net         TEXT,
        total_tax         TEXT,
        total_gross       TEXT,
        total_gross_cents INTEGER,
        seller_name       TEXT,
        warnings          TEXT NOT NULL DEFAULT '[]',
        duplicate_of      TEXT REFERENCES documents (id),
        legal_hold        INTEGER NOT NULL DEFAULT 0 CHECK (legal_hold IN (0, 1)),
        imported_at       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX documents_owner ON documents (owner_id, imported_at);
      CREATE INDEX documents_supplier ON documents (supplier_id, issue_date);
      CREATE INDEX documents_issue_date ON documents (issue_date, id);
      CREATE INDEX documents_gross ON documents (total_gross_cents);
      CREATE INDEX documents_invoice_number ON documents (supplier_id, invoice_number);

      CREATE TABLE document_secrets (
        id          INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        field       TEXT,
        type        TEXT NOT NULL,
        page        INTEGER,
        bbox        TEXT,
        action      TEXT NOT NULL CHECK (action IN ('encrypt', 'redact')),
        masked      TEXT NOT NULL,
        sealed      BLOB,
        blind_index TEXT,
        CHECK ((action = 'redact' AND sealed IS NULL AND blind_index IS NULL) OR action = 'encrypt')
      ) STRICT;
      CREATE INDEX document_secrets_document ON document_secrets (document_id);
      CREATE INDEX document_secrets_index ON document_secrets (type, blind_index);

      CREATE TABLE document_pages (
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        page        INTEGER NOT NULL,
        width       REAL NOT NULL,
        height      REAL NOT NULL,
        source      TEXT NOT NULL CHECK (source IN ('text', 'ocr')),
        confidence  REAL,
        words       TEXT NOT NULL,
        PRIMARY KEY (document_id, page)
      ) STRICT;

      CREATE TABLE document_blobs (
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('original', 'page', 'thumbnail')),
        page        INTEGER NOT NULL DEFAULT 0,
        blob_id     TEXT NOT NULL UNIQUE,
        key_wrap    TEXT NOT NULL CHECK (key_wrap IN ('vault', 'sensitive')),
        wrapped_key BLOB NOT NULL,
        byte_size   INTEGER NOT NULL,
        PRIMARY KEY (document_id, kind, page)
      ) STRICT;

      CREATE VIRTUAL TABLE documents_fts USING fts5 (
        document_id UNINDEXED,
        body,
        tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TABLE quarantine (
        id         TEXT PRIMARY KEY,
        owner_id   TEXT NOT NULL REFERENCES users (id),
        file_name  TEXT NOT NULL,
        byte_size  INTEGER NOT NULL,
        reason     TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
