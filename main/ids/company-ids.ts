/**
 * Company identifiers both readings of a page check alike: the SIRET (with La Poste's exception), the French
 * VAT number and the EU / UK / Swiss / Norwegian VAT numbers, validated by stdnum. Classify reads them as
 * invoice fields, detect as sensitive findings; before this file each had its own rule and they disagreed
 * (docs/architecture.md). Pure, npm packages only.
 */
import { euVat, stdnum, type Validator } from "stdnum";

function passes(validator: Validator | undefined, value: string): boolean {
  if (!validator) return false;
  try {
    return validator.validate(value).isValid;
  } catch {
    return false;
  }
}

/**
 * SIRET: 14 digits, Luhn; La Poste's establishments (SIREN 356000000) do not follow Luhn, their digit sum is
 * a multiple of 5 instead, except the head office 35600000000048, which passes Luhn (stdnum's rule, INSEE's).
 * An establishment number that passes Luhn but not the digit sum is refused.
 */
export function isValidSiret(value: string): boolean {
  return /^\d{14}$/.test(value) && passes(stdnum.FR?.siret, value);
}

/** The two-digit key of the French VAT number of a SIREN: (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatKey(siren: string): string {
  let remainder = 0;
  for (const char of siren) remainder = (remainder * 10 + Number(char)) % 97;
  return String((12 + 3 * remainder) % 97).padStart(2, "0");
}

/**
 * A compact French VAT number (`FR` + key + SIREN): the digit key of the SIREN, or one of the old letter keys
 * stdnum knows, or a Monaco number (`FR..000…`, no SIREN behind it).
 */
export function isValidFrenchVat(compact: string): boolean {
  return /^FR[0-9A-HJ-NP-Z]{2}\d{9}$/.test(compact) && passes(stdnum.FR?.tva, compact.slice(2));
}

/** A French VAT number whose key holds a letter (old numbers): OCR also reads a digit key this way. */
export const hasFrenchLetterKey = (compact: string): boolean => /^FR(?:[A-Z].|.[A-Z])\d{9}$/.test(compact);

/** The VAT prefixes we validate: the EU's (Greece writes EL), Northern Ireland (XI), the UK, Switzerland, Norway. */
export const VAT_PREFIXES: readonly string[] = [
  "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GB", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
  "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
];

function validatorsOf(prefix: string): readonly Validator[] {
  if (prefix === "GB" || prefix === "XI") return stdnum.GB?.vat ? [stdnum.GB.vat] : [];
  if (prefix === "NO") return stdnum.NO?.mva ? [stdnum.NO.mva] : [];
  return euVat[prefix === "EL" ? "GR" : prefix] ?? [];
}

/**
 * A compact VAT number with its country prefix (`DE136695976`, `CHE116281710MWST`): passes its country's check
 * as stdnum has it, written with the prefix or, for validators that expect the bare number, without it.
 */
export function isValidVatNumber(compact: string): boolean {
  const prefix = compact.slice(0, 2);
  if (!VAT_PREFIXES.includes(prefix)) return false;
  if (prefix === "FR") return isValidFrenchVat(compact);
  return validatorsOf(prefix).some((validator) => passes(validator, compact) || passes(validator, compact.slice(2)));
}
