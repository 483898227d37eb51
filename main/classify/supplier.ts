/**
 * Matching an invoice to a known supplier: by VAT number, then SIRET, then IBAN (compared through the
 * vault's blind index, `keyOf`, so no clear identifier is needed on the supplier side), then by name
 * (case, accents, punctuation and legal form ignored).
 */
import type { InvoiceFields } from "../../shared/invoice.js";
import { checksumReadings, compactIdentifier } from "./identifiers.js";
import { LEGAL_FORMS } from "./labels.js";
import { editDistance, foldText, squashSpaces } from "./text.js";

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

/** Similarity of two normalised names, 0..1: one minus their edit distance over the longer length. */
export function nameSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - editDistance(a, b) / longer;
}

/**
 * How alike an OCR-read name must be to a known supplier's (normalised, accent- and punctuation-blind):
 * "bayside cloud services le" for "Bayside Cloud Services LLC" (0.88) passes, "eh freight logistics"
 * for "Harbour Freight Logistics" (0.76) does not; names under 6 letters must match exactly.
 */
export const NAME_SIMILARITY_THRESHOLD = 0.85;
const FUZZY_MIN_LENGTH = 6;

/**
 * The known supplier of these fields, or null. Identifiers beat names; among identifiers VAT beats
 * SIRET beats IBAN (an IBAN can be a factoring company's, shared by several suppliers). An identifier
 * that fails its checksum (misread) matches through the readings that pass it, when exactly one known
 * supplier has one of them. A name matches exactly after normalisation, else by similarity above
 * NAME_SIMILARITY_THRESHOLD when one known supplier is clearly the nearest.
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
  for (const [kind, value, keyOfSupplier] of byIndex) {
    if (!value) continue;
    const keys = new Set(checksumReadings(kind, value).map((reading) => keyOf(kind, indexValueOf(kind, reading))));
    const found = known.filter((supplier) => {
      const key = keyOfSupplier(supplier);
      return typeof key === "string" && keys.has(key);
    });
    if (found.length === 1 && found[0]) return { id: found[0].id, by: kind };
  }
  if (fields.sellerName) {
    const name = normaliseCompanyName(fields.sellerName);
    if (name.length >= 2) {
      const found = known.find((supplier) => normaliseCompanyName(supplier.name) === name);
      if (found) return { id: found.id, by: "name" };
    }
    if (name.length >= FUZZY_MIN_LENGTH) {
      const ranked = known
        .map((supplier) => ({ supplier, similarity: nameSimilarity(name, normaliseCompanyName(supplier.name)) }))
        .sort((a, b) => b.similarity - a.similarity);
      const [first, second] = ranked;
      if (first && first.similarity >= NAME_SIMILARITY_THRESHOLD && (!second || second.similarity < first.similarity - 0.05)) {
        return { id: first.supplier.id, by: "name" };
      }
    }
  }
  return null;
}
