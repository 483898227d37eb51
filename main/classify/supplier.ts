/**
 * Matching an invoice to a known supplier: by VAT number, then SIRET, then IBAN (compared through the
 * vault's blind index, `keyOf`, so no clear identifier is needed on the supplier side), then by name
 * (case, accents, punctuation and legal form ignored).
 */
import type { InvoiceFields } from "../../shared/invoice.js";
import { compactIdentifier } from "./identifiers.js";
import { LEGAL_FORMS } from "./labels.js";
import { foldText, squashSpaces } from "./text.js";

export interface KnownSupplier {
  id: string;
  name: string;
  vatIndexKey?: string | null;
  siretIndexKey?: string | null;
  ibanIndexKey?: string | null;
}

export type IndexedKind = "vat" | "siret" | "iban";

export interface SupplierMatch {
  id: string;
  by: IndexedKind | "name";
}

const LEGAL_FORM_WORDS = new Set(LEGAL_FORMS.map((form) => form.replace(/[.-]/g, "")));

/** "Société ACME S.A.R.L." → "acme"; "Müller GmbH & Co. KG" → "muller"; used to compare names. */
export function normaliseCompanyName(name: string): string {
  const words = squashSpaces(
    foldText(name)
      .replace(/(?<![a-z])(?:[a-z]\.)+[a-z](?![a-z])\.?/g, (initials) => initials.replace(/\./g, ""))
      .replace(/&/g, " and ")
      .replace(/[^a-z0-9]+/g, " "),
  ).split(" ");
  const kept = words.filter((word) => word !== "" && !LEGAL_FORM_WORDS.has(word) && !["societe", "ste", "ets", "etablissements", "the", "and", "et", "cie"].includes(word));
  return kept.join(" ");
}

/** The value the blind index is computed over, per kind: VAT/IBAN upper case without spaces, SIRET digits. */
export function indexValueOf(kind: IndexedKind, value: string): string {
  return kind === "siret" ? value.replace(/\D/g, "") : compactIdentifier(value);
}

/**
 * The known supplier of these fields, or null. Identifiers beat names; among identifiers VAT beats
 * SIRET beats IBAN (an IBAN can be a factoring company's, shared by several suppliers).
 */
export function matchSupplier(
  fields: Pick<InvoiceFields, "sellerName" | "sellerVat" | "sellerSiret" | "iban">,
  known: readonly KnownSupplier[],
  keyOf: (kind: IndexedKind, value: string) => string,
): SupplierMatch | null {
  const byIndex: [IndexedKind, string | null, (supplier: KnownSupplier) => string | null | undefined][] = [
    ["vat", fields.sellerVat, (supplier) => supplier.vatIndexKey],
    ["siret", fields.sellerSiret, (supplier) => supplier.siretIndexKey],
    ["iban", fields.iban, (supplier) => supplier.ibanIndexKey],
  ];
  for (const [kind, value, keyOfSupplier] of byIndex) {
    if (!value) continue;
    const key = keyOf(kind, indexValueOf(kind, value));
    const found = known.find((supplier) => keyOfSupplier(supplier) === key);
    if (found) return { id: found.id, by: kind };
  }
  if (fields.sellerName) {
    const name = normaliseCompanyName(fields.sellerName);
    if (name.length >= 2) {
      const found = known.find((supplier) => normaliseCompanyName(supplier.name) === name);
      if (found) return { id: found.id, by: "name" };
    }
  }
  return null;
}
