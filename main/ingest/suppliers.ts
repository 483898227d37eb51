import { randomUUID } from "node:crypto";
import type { InvoiceFields } from "../../shared/invoice.js";
import type { VaultSession } from "../auth/session.js";
import { indexValueOf, normaliseCompanyName } from "../classify/index.js";
import { blindIndex } from "../crypto/blind-index.js";
import { completeSupplierIndexes, findSupplierById, insertSupplier, type SupplierRow } from "../vault/queries/suppliers.js";

/**
 * The supplier of a document: the matched one (its missing identifiers completed), or a new one when the
 * document names its seller. Identifiers are kept only as blind indexes.
 */
export function resolveSupplier(session: VaultSession, fields: InvoiceFields, matchedId: string | null): SupplierRow | null {
  const index = (kind: "vat" | "siret" | "iban", value: string | null) => (value ? blindIndex(session.keys.indexKey, kind, indexValueOf(kind, value)) : null);
  const indexes = { vatIndex: index("vat", fields.sellerVat), siretIndex: index("siret", fields.sellerSiret), ibanIndex: index("iban", fields.iban) };
  if (matchedId) {
    completeSupplierIndexes(session.db, matchedId, indexes);
    return findSupplierById(session.db, matchedId) ?? null;
  }
  const name = fields.sellerName?.trim();
  if (!name && !indexes.vatIndex && !indexes.siretIndex) return null;
  const supplier: SupplierRow = {
    id: randomUUID(),
    name: name || "Unknown supplier",
    nameKey: normaliseCompanyName(name ?? ""),
    ...indexes,
    profile: "{}",
    createdAt: session.clock().toISOString(),
  };
  insertSupplier(session.db, supplier);
  return supplier;
}
