/** Invoice domain types shared by main and renderer (design.md, CLI contract of `import --json`). */
export const DOC_TYPES = ["invoice", "credit-note", "other"] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const FIELD_NAMES = [
  "invoiceNumber",
  "issueDate",
  "dueDate",
  "currency",
  "totalNet",
  "totalTax",
  "totalGross",
  "sellerName",
  "sellerVat",
  "sellerSiret",
  "iban",
  "bic",
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/**
 * Extracted fields, normalised: dates ISO `YYYY-MM-DD`, amounts decimal strings with two decimals
 * (`"1234.56"`), currency ISO 4217 (`"EUR"`), VAT upper case without spaces, IBAN without spaces,
 * SIRET 14 digits. A field not found is null.
 */
export type InvoiceFields = Record<FieldName, string | null>;

/** Fields that are sensitive under design.md's policy (sealed, blind-indexed, shown masked). */
export const SENSITIVE_FIELDS: readonly FieldName[] = ["sellerVat", "sellerSiret", "iban", "bic"];

export type ExtractionSource = "facturx" | "text" | "ocr";

export interface FieldWarning {
  field: FieldName | "totals" | "document";
  code: "arithmetic" | "checksum" | "missing" | "duplicate" | "low-confidence";
  message: string;
}
