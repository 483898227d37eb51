import type { VaultDb } from "../database.js";

/** Queries of the GDPR data-subject search (main/gdpr/subject.ts): exact matches on blind indexes only. */
export interface IndexedValue {
  type: string;
  blindIndex: string;
}

/** Documents holding a sealed value with one of these (type, blind index) pairs, and which types matched. */
export function findDocumentsByBlindIndexes(db: VaultDb, values: readonly IndexedValue[]): Map<string, Set<string>> {
  const statement = db.prepare("SELECT DISTINCT document_id FROM document_secrets WHERE type = ? AND blind_index = ?").pluck();
  const found = new Map<string, Set<string>>();
  for (const value of values) {
    for (const id of statement.all(value.type, value.blindIndex) as string[]) {
      const types = found.get(id) ?? new Set<string>();
      types.add(value.type);
      found.set(id, types);
    }
  }
  return found;
}

/** Documents of suppliers whose recorded VAT, SIRET or IBAN index is one of these (a sole trader's own ids). */
export function findDocumentsOfSuppliersByIndex(db: VaultDb, values: readonly IndexedValue[]): Map<string, Set<string>> {
  const statements = {
    vat: "SELECT d.id FROM documents d JOIN suppliers s ON s.id = d.supplier_id WHERE s.vat_index = ?",
    siret: "SELECT d.id FROM documents d JOIN suppliers s ON s.id = d.supplier_id WHERE s.siret_index = ?",
    iban: "SELECT d.id FROM documents d JOIN suppliers s ON s.id = d.supplier_id WHERE s.iban_index = ?",
  } as const;
  const found = new Map<string, Set<string>>();
  for (const value of values) {
    if (!Object.hasOwn(statements, value.type)) continue;
    const ids = db.prepare(statements[value.type as keyof typeof statements]).pluck().all(value.blindIndex) as string[];
    for (const id of ids) {
      const types = found.get(id) ?? new Set<string>();
      types.add(`supplier-${value.type}`);
      found.set(id, types);
    }
  }
  return found;
}
