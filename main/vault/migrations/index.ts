import { CoffreError } from "../../errors.js";
import type { VaultDb } from "../database.js";
import { migration0001 } from "./0001-initial.js";
import { migration0002 } from "./0002-audit-log.js";
import { migration0003 } from "./0003-mfa-and-sessions.js";
import { migration0004 } from "./0004-documents.js";
import { migration0005 } from "./0005-sensitive-policy.js";
import { migration0006 } from "./0006-erasure-retention.js";
import { migration0007 } from "./0007-search-indexes.js";
import { migration0008 } from "./0008-search-map-by-document.js";
import type { Migration } from "./types.js";

/** Every schema version, in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: VaultDb): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Brings the schema up to `target` (default: latest), one transaction per version. */
export function migrate(db: VaultDb, target: number = LATEST_SCHEMA_VERSION): number {
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new CoffreError("SCHEMA_TOO_NEW", `this vault was written by a newer Coffre (schema ${current}); update Coffre`);
  }
  MIGRATIONS.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration ${migration.name} is out of order`);
  });
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      // user_version takes no bound parameter; the value is an integer from our own table, not input.
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
    })();
  }
  return schemaVersion(db);
}
