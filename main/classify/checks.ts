/**
 * Checks on extracted (or user-edited) fields, producing warnings that are shown to users, never hidden:
 * arithmetic (net + tax = gross ±0.01; due date not before issue date), checksums (IBAN, VAT, SIRET,
 * BIC format), missing required fields, OCR repairs and an unsure document type. Messages never contain
 * a sensitive value.
 */
import type { DocType, FieldName, FieldWarning, InvoiceFields } from "../../shared/invoice.js";
import { parseAmountText } from "./amounts.js";
import { isValidBic, isValidSiret, isValidVat, readIban } from "./identifiers.js";

export interface ExtractionNotes {
  /** Identifiers printed but failing their checksum (kept as printed). */
  invalid: FieldName[];
  /** Values read after an OCR repair that the checksum or arithmetic confirmed. */
  repaired: FieldName[];
  /** Totals computed from the two others (and found printed on the page). */
  derived: FieldName[];
  typeConfidence: number;
}

const REQUIRED: readonly FieldName[] = ["invoiceNumber", "issueDate", "totalGross", "sellerName", "currency"];

const LABELS: Readonly<Record<FieldName, string>> = {
  invoiceNumber: "invoice number",
  issueDate: "issue date",
  dueDate: "due date",
  currency: "currency",
  totalNet: "net total",
  totalTax: "tax total",
  totalGross: "gross total",
  sellerName: "seller name",
  sellerVat: "seller VAT number",
  sellerSiret: "seller SIRET",
  iban: "IBAN",
  bic: "BIC",
};

function checksumWarnings(fields: InvoiceFields): FieldWarning[] {
  const warnings: FieldWarning[] = [];
  if (fields.iban && !readIban(fields.iban)?.valid) {
    warnings.push({ field: "iban", code: "checksum", message: "The IBAN fails its check digits (mod 97): check it against the document." });
  }
  if (fields.sellerVat && !isValidVat(fields.sellerVat)) {
    warnings.push({ field: "sellerVat", code: "checksum", message: "The seller's VAT number fails its checksum or format." });
  }
  if (fields.sellerSiret && !isValidSiret(fields.sellerSiret)) {
    warnings.push({ field: "sellerSiret", code: "checksum", message: "The seller's SIRET fails its Luhn checksum." });
  }
  if (fields.bic && !isValidBic(fields.bic)) {
    warnings.push({ field: "bic", code: "checksum", message: "The BIC does not have a valid format (bank, country, location, branch)." });
  }
  if (fields.iban && fields.bic && isValidBic(fields.bic) && fields.iban.slice(0, 2) !== fields.bic.slice(4, 6)) {
    const ibanCountry = fields.iban.slice(0, 2);
    const sepaTerritories: Readonly<Record<string, string>> = { MC: "FR", GP: "FR", MQ: "FR", RE: "FR", GF: "FR" };
    if (sepaTerritories[ibanCountry] !== fields.bic.slice(4, 6)) {
      warnings.push({ field: "bic", code: "low-confidence", message: "The BIC's country differs from the IBAN's country." });
    }
  }
  return warnings;
}

function arithmeticWarnings(fields: InvoiceFields): FieldWarning[] {
  const warnings: FieldWarning[] = [];
  const net = fields.totalNet === null ? null : parseAmountText(fields.totalNet);
  const tax = fields.totalTax === null ? null : parseAmountText(fields.totalTax);
  const gross = fields.totalGross === null ? null : parseAmountText(fields.totalGross);
  if (net !== null && tax !== null && gross !== null && Math.abs(net + tax - gross) > 1) {
    warnings.push({
      field: "totals",
      code: "arithmetic",
      message: `Net + tax (${fields.totalNet} + ${fields.totalTax}) does not equal the gross total ${fields.totalGross}.`,
    });
  }
  if (net !== null && gross !== null && tax === null && net > gross) {
    warnings.push({ field: "totals", code: "arithmetic", message: `The net total ${fields.totalNet} is larger than the gross total ${fields.totalGross}.` });
  }
  if (fields.issueDate && fields.dueDate && fields.dueDate < fields.issueDate) {
    warnings.push({ field: "dueDate", code: "arithmetic", message: `The due date ${fields.dueDate} is before the issue date ${fields.issueDate}.` });
  }
  return warnings;
}

/**
 * Warnings for a set of fields. `notes` carries what only the extraction knows (OCR repairs, values
 * derived from the totals, the type's confidence); it is optional so the checks can rerun after a user's
 * edit.
 */
export function checkInvoiceFields(fields: InvoiceFields, docType: DocType, notes?: ExtractionNotes): FieldWarning[] {
  const warnings: FieldWarning[] = [...arithmeticWarnings(fields), ...checksumWarnings(fields)];
  if (docType !== "other") {
    for (const field of REQUIRED) {
      if (fields[field] === null) warnings.push({ field, code: "missing", message: `The ${LABELS[field]} was not found.` });
    }
  }
  if (notes) {
    for (const field of notes.repaired) {
      warnings.push({ field, code: "low-confidence", message: `The ${LABELS[field]} was repaired from OCR misreadings; its checksum or the totals confirm it.` });
    }
    for (const field of notes.derived) {
      warnings.push({ field, code: "low-confidence", message: `The ${LABELS[field]} was computed from the other totals.` });
    }
    if (notes.typeConfidence < 0.5) {
      warnings.push({ field: "document", code: "low-confidence", message: `The document type (${docType}) is uncertain.` });
    }
  }
  return warnings;
}
