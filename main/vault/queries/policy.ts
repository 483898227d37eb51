import type { VaultDb } from "../database.js";

/** The admin's choices of the sensitive-data policy, one row per type (main/detect/policy-store.ts). */
export interface SensitivePolicyRow {
  type: string;
  action: string;
  changedBy: string | null;
  changedAt: string;
}

export function listSensitivePolicyRows(db: VaultDb): SensitivePolicyRow[] {
  return db.prepare("SELECT type, action, changed_by AS changedBy, changed_at AS changedAt FROM sensitive_policy ORDER BY type").all() as SensitivePolicyRow[];
}

export function upsertSensitivePolicyRow(db: VaultDb, row: SensitivePolicyRow): void {
  db.prepare(
    "INSERT INTO sensitive_policy (type, action, changed_by, changed_at) VALUES (?, ?, ?, ?) ON CONFLICT (type) DO UPDATE SET action = excluded.action, changed_by = excluded.changed_by, changed_at = excluded.changed_at",
  ).run(row.type, row.action, row.changedBy, row.changedAt);
}
