import type { VaultDb } from "../database.js";

export interface SupplierRow {
  id: string;
  name: string;
  nameKey: string;
  vatIndex: string | null;
  siretIndex: string | null;
  ibanIndex: string | null;
  /** Learned layout hints (JSON, see main/classify). */
  profile: string;
  createdAt: string;
}

interface Row {
  id: string;
  name: string;
  name_key: string;
  vat_index: string | null;
  siret_index: string | null;
  iban_index: string | null;
  profile: string;
  created_at: string;
}

const toSupplier = (row: Row): SupplierRow => ({
  id: row.id,
  name: row.name,
  nameKey: row.name_key,
  vatIndex: row.vat_index,
  siretIndex: row.siret_index,
  ibanIndex: row.iban_index,
  profile: row.profile,
  createdAt: row.created_at,
});

export function listSuppliers(db: VaultDb): SupplierRow[] {
  return (db.prepare("SELECT * FROM suppliers ORDER BY name").all() as Row[]).map(toSupplier);
}

export function findSupplierById(db: VaultDb, id: string): SupplierRow | undefined {
  const row = db.prepare("SELECT * FROM suppliers WHERE id = ?").get(id) as Row | undefined;
  return row && toSupplier(row);
}

export function insertSupplier(db: VaultDb, supplier: SupplierRow): void {
  db.prepare(
    `INSERT INTO suppliers (id, name, name_key, vat_index, siret_index, iban_index, profile, created_at)
     VALUES (@id, @name, @nameKey, @vatIndex, @siretIndex, @ibanIndex, @profile, @createdAt)`,
  ).run(supplier);
}

/** Fills identifiers the supplier did not have yet (a later invoice showed its SIRET, say). */
export function completeSupplierIndexes(db: VaultDb, id: string, indexes: { vatIndex: string | null; siretIndex: string | null; ibanIndex: string | null }): void {
  db.prepare(
    `UPDATE suppliers SET vat_index = coalesce(vat_index, @vatIndex), siret_index = coalesce(siret_index, @siretIndex),
       iban_index = coalesce(iban_index, @ibanIndex) WHERE id = @id`,
  ).run({ ...indexes, id });
}

export function updateSupplierProfile(db: VaultDb, id: string, profile: string): void {
  db.prepare("UPDATE suppliers SET profile = ? WHERE id = ?").run(profile, id);
}
