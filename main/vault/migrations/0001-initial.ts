import type { Migration } from "./types.js";

/** Vault metadata and users. Keys never live here: they are in keyslots.json, wrapped per user. */
export const migration0001: Migration = {
  version: 1,
  name: "initial: meta and users",
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id                   TEXT PRIMARY KEY,
        name                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role                 TEXT NOT NULL CHECK (role IN ('clerk', 'manager', 'auditor', 'admin')),
        status               TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
        slot_version         INTEGER NOT NULL CHECK (slot_version > 0),
        must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL
      ) STRICT;
    `);
  },
};
