import type { Migration } from "./types.js";

/**
 * The sensitive-data policy the admin may change per type (design.md): one row per type that differs
 * from the built-in default or was set explicitly, with who changed it and when. Never a value.
 */
export const migration0005: Migration = {
  version: 5,
  name: "sensitive-data policy per type",
  up(db) {
    db.exec(`
      CREATE TABLE sensitive_policy (
        type       TEXT PRIMARY KEY,
        action     TEXT NOT NULL CHECK (action IN ('encrypt', 'redact', 'keep')),
        changed_by TEXT REFERENCES users (id),
        changed_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
