import type { VaultDb } from "../database.js";

export type MetaKey = "vault_id" | "sensitive_public_key" | "created_at" | "mfa_required" | "format" | "retention_fiscal_year_end" | "backup_last_good" | "backup_last_file" | "backup_last_error" | "backup_schedule";

export function getMeta(db: VaultDb, key: MetaKey): string | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: VaultDb, key: MetaKey, value: string): void {
  db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
}
