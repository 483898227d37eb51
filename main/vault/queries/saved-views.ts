import type { VaultDb } from "../database.js";

/**
 * Saved views of the archive list, per user: one JSON document per user in the meta table (key
 * `saved_views/<user id>`), so no schema change is needed. The JSON is validated by the caller on read.
 */
function keyOf(userId: string): string {
  return `saved_views/${userId}`;
}

export function readSavedViews(db: VaultDb, userId: string): string | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(keyOf(userId)) as { value: string } | undefined;
  return row?.value;
}

export function writeSavedViews(db: VaultDb, userId: string, json: string): void {
  db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(keyOf(userId), json);
}
