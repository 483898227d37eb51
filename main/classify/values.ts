/**
 * Reading one kind of value out of a stretch of line text: the value parsers shared by the generic
 * label rules, the supplier profile hints and the learning of a correction.
 */
import type { FieldName } from "../../shared/invoice.js";
import { findAmounts, formatCents } from "./amounts.js";
import type { DateOrder } from "./dates.js";
import { findDates } from "./dates.js";
import { findIbans, findSirets, findVats, readBic } from "./identifiers.js";
import { squashSpaces } from "./text.js";

export type ValueKind = "id" | "date" | "amount" | "vat" | "siret" | "iban" | "bic" | "name" | "currency";

export const KIND_OF_FIELD: Readonly<Record<FieldName, ValueKind>> = {
  invoiceNumber: "id",
  issueDate: "date",
  dueDate: "date",
  currency: "currency",
  totalNet: "amount",
  totalTax: "amount",
  totalGross: "amount",
  sellerName: "name",
  sellerVat: "vat",
  sellerSiret: "siret",
  iban: "iban",
  bic: "bic",
};

export interface FoundValue {
  /** Normalised value, as it goes into `InvoiceFields`. */
  value: string;
  /** Offsets in the searched text. */
  start: number;
  end: number;
  /** Passes its checksum or format (always true for kinds without one). */
  valid: boolean;
  /** Read after an OCR repair. */
  repaired: boolean;
  /** Amounts only. */
  cents?: number;
  hasDecimals?: boolean;
  currency?: string | null;
  negative?: boolean;
}

export interface ReadContext {
  dateOrder: DateOrder;
  /** Text from OCR: allow the repairs of OCR confusions in amounts. */
  ocr: boolean;
}

// Before the number: separators, and on a scan the specks read as quotes, commas or a lone "+".
const ID_TOKEN = /^(?:[\s:.#°№\-–=‘’“”"'`*,;|_~»«\\]|\+(?=\s))*(?:(?:n\s?[°o®]|no|nr|num)\.?\s*:?\s*)?([A-Za-z0-9][A-Za-z0-9\-/_.]*[A-Za-z0-9]|[0-9])/i;
const NOT_A_NUMBER_WORD = /^(?:du|de|des|le|la|of|the|date|dated|from|client|customer|page|tva|vat|order|commande)$/i;

/** An invoice-number-looking token at the start of `text`: letters, digits, `-/_.`, at least one digit. */
export function readInvoiceNumber(text: string, order: DateOrder, ocr = false): FoundValue | null {
  const match = ID_TOKEN.exec(text);
  const token = match?.[1];
  if (!match || !token) return null;
  if (ocr && /^\d$/.test(token)) {
    // A speck read as a lone digit before the number ("Invoice No. 1 04946"): the number after it, when
    // it has three digits or more. (A short letter word there is text: see the blot rule of layout.ts.)
    const next = /^[\s|'’‘"“”.,]{1,6}([A-Za-z]*[-/_.]?\d[A-Za-z0-9\-/_.]*[A-Za-z0-9])/.exec(text.slice(match[0].length));
    if (next?.[1] && (next[1].match(/\d/g) ?? []).length >= 3) {
      const found = readInvoiceNumber(text.slice(match[0].length), order, ocr);
      if (found) return { ...found, start: found.start + match[0].length, end: found.end + match[0].length, repaired: true };
    }
  }
  let cleaned = token.replace(/[.\-/_]+$/, "");
  // On a scan, a hyphen between digit groups read as a colon ("DEV-2023:821"), in an id that has hyphens.
  const colon = ocr && cleaned === token && /-\d+$/.test(token) ? /^:(\d{2,})(?![A-Za-z0-9:/-])/.exec(text.slice(match[0].length)) : null;
  if (colon?.[1]) {
    const joined = `${token}-${colon[1]}`;
    const start = match[0].length - token.length;
    return { value: joined, start, end: start + joined.length, valid: true, repaired: true };
  }
  // On a scan, a space after an id's hyphen ("INV- 009470"): the digits after it are the number's.
  const spaced = ocr && cleaned === token && /^[A-Za-z]{1,5}$/.test(token) ? /^[-–]\s{1,2}(\d{3,}(?:[-/]\d+)*)(?![A-Za-z0-9\-/])/.exec(text.slice(match[0].length)) : null;
  if (spaced?.[1]) {
    const joined = `${token}-${spaced[1]}`;
    const start = match[0].length - token.length;
    return { value: joined, start, end: match[0].length + spaced[0].length, valid: true, repaired: true };
  }
  // On a scan, a final "1" read as a bracket or a bar glued to the digits ("DN-195]").
  const glued = ocr ? /^[\]|)]/.exec(text.slice(match[0].length)) : null;
  if (glued && /\d$/.test(cleaned) && cleaned === token && !/^[A-Za-z0-9]/.test(text.slice(match[0].length + 1))) cleaned += "1";
  if (!/\d/.test(cleaned) || NOT_A_NUMBER_WORD.test(cleaned) || cleaned.length > 32) return null;
  // On a scan, a lone digit is a speck ("Avoir n° | 5. | Émis le" over the number in the cell below).
  if (ocr && cleaned.length === 1) return null;
  if (findDates(cleaned, order).some((date) => date.start === 0 && date.end >= cleaned.length - 1)) return null;
  if (/^\d{1,3}(?:[.,]\d{2})$/.test(cleaned) || /^\+?\d{2}[ .]?\d{2}[ .]?\d{2}[ .]?\d{2}[ .]?\d{2}$/.test(cleaned)) return null;
  const start = match[0].length - token.length;
  return { value: cleaned, start, end: start + cleaned.length, valid: true, repaired: false };
}

/** A name: the text up to the end of its cell, trimmed of separators. */
function readName(text: string): FoundValue | null {
  const cellEnd = text.indexOf("\t", text.search(/\S/));
  const cell = cellEnd >= 0 ? text.slice(0, cellEnd) : text;
  const leading = /^[\s:.\-–]*/.exec(cell)?.[0].length ?? 0;
  const value = squashSpaces(cell.slice(leading)).replace(/[\s,;:\-–]+$/, "").replace(/(?<![A-Z.][a-z]{0,3}|\b[A-Z]{1,4})\.$/, "");
  if (!/[A-Za-zÀ-ÿ]{2}/.test(value) || value.length > 80) return null;
  return { value, start: leading, end: leading + value.length, valid: true, repaired: false };
}

/** Every value of `kind` in `text`, left to right. */
export function readValues(kind: ValueKind, text: string, context: ReadContext): FoundValue[] {
  switch (kind) {
    case "id": {
      const found = readInvoiceNumber(text, context.dateOrder, context.ocr);
      return found ? [found] : [];
    }
    case "name": {
      const found = readName(text);
      return found ? [found] : [];
    }
    case "date":
      return findDates(text, context.dateOrder).map((date) => ({ value: date.iso, start: date.start, end: date.end, valid: true, repaired: false }));
    case "amount":
      return findAmounts(text, { repair: context.ocr }).map((amount) => ({
        value: formatCents(amount.cents),
        start: amount.start,
        end: amount.end,
        valid: true,
        repaired: amount.repaired,
        cents: amount.cents,
        hasDecimals: amount.hasDecimals,
        currency: amount.currency,
        negative: amount.negative,
      }));
    case "vat":
      return findVats(text).map((vat) => ({ ...vat }));
    case "siret":
      return findSirets(text).map((siret) => ({ ...siret }));
    case "iban":
      return findIbans(text).map((iban) => ({ ...iban }));
    case "bic": {
      const match = /^[\s:.\-–]*([A-Z0-9]{4}\s?[A-Z0-9]{2}\s?[A-Z0-9]{2}(?:\s?[A-Z0-9]{3})?)(?![A-Za-z0-9])/.exec(text);
      const token = match?.[1];
      if (!match || !token) return [];
      const reading = readBic(token);
      if (!reading) return [];
      const start = match[0].length - token.length;
      return [{ ...reading, start, end: start + token.length }];
    }
    case "currency":
      return [];
  }
}
