import type { Migration } from "./types.js";

/**
 * The audit trail: one row per security-relevant action, chained by HMAC. Rows are only ever appended;
 * `seq` is dense (1, 2, 3...) so a deleted row shows as a gap.
 */
export const migration0002: Migration = {
  version: 2,
  name: "audit log",
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY,
        time      TEXT NOT NULL,
        user_id   TEXT,
        user_name TEXT,
        action    TEXT NOT NULL,
        object    TEXT,
        result    TEXT NOT NULL CHECK (result IN ('ok', 'denied', 'failed')),
        reason    TEXT,
        mac       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_log_time ON audit_log (time);
      CREATE INDEX audit_log_user ON audit_log (user_name, time);
    `);
  },
};
