import type { FieldName, InvoiceFields } from "../../shared/invoice.js";
import type { SensitiveType } from "../detect/policy.js";
import { locateValue, type SensitiveFinding } from "./findings.js";
import type { PageText } from "./types.js";

/** The sensitive invoice fields (IBAN, VAT, SIRET, BIC) as findings, located on the pages when printed there. */
const FIELD_TYPES: Partial<Record<FieldName, SensitiveType>> = { iban: "iban", sellerVat: "vat", sellerSiret: "siret", bic: "bic" };

export function fieldFindings(pages: PageText[], fields: InvoiceFields): SensitiveFinding[] {
  const findings: SensitiveFinding[] = [];
  for (const [field, type] of Object.entries(FIELD_TYPES) as [FieldName, SensitiveType][]) {
    const value = fields[field];
    if (!value) continue;
    const places = locateValue(pages, value);
    if (places.length === 0) {
      findings.push({ type, value, normalized: value, field, page: null, wordIndexes: [], bbox: null, confidence: 1 });
      continue;
    }
    places.forEach((place, index) =>
      findings.push({ type, value, normalized: value, field: index === 0 ? field : null, page: place.page, wordIndexes: place.wordIndexes, bbox: place.bbox, confidence: 1 }),
    );
  }
  return findings;
}
