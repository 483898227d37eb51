import type { Migration } from "./types.js";

/**
 * TOTP second factor per user (secret sealed under a key only that user's slot holds), single-use
 * recovery codes stored hashed, and a session epoch that, bumped, ends every open session of a user.
 */
export const migration0003: Migration = {
  version: 3,
  name: "mfa and session revocation",
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN totp_secret BLOB;
      ALTER TABLE users ADD COLUMN totp_pending BLOB;
      ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE mfa_recovery_codes (
        user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        used_at   TEXT,
        PRIMARY KEY (user_id, code_hash)
      ) STRICT;
    `);
  },
};
