/** Check digits of the identifiers the detectors accept. Pure functions on compact strings. */
import { isKeyCheckedRib } from "../ids/iban-of-rib.js";
import { isLuhnValid, isValidSiren } from "../ids/luhn.js";

/** Remainder of a long decimal string modulo `divisor`, without losing precision. */
export function decimalMod(digits: string, divisor: number): number {
  let remainder = 0;
  for (const char of digits) remainder = (remainder * 10 + Number(char)) % divisor;
  return remainder;
}

export { isLuhnValid, isValidSiren as isSirenValid };

export { frenchVatKey, isValidFrenchVat as isFrenchVatValid, isValidSiret as isSiretValid } from "../ids/company-ids.js";

/** RIB key check on the four printed parts (main/ids/iban-of-rib.ts, the rule classify applies too). */
export function isRibValid(bank: string, branch: string, account: string, key: string): boolean {
  if (!/^\d{5}$/.test(bank) || !/^\d{5}$/.test(branch) || !/^[A-Z0-9]{11}$/.test(account) || !/^\d{2}$/.test(key)) return false;
  return isKeyCheckedRib(`${bank}${branch}${account}${key}`);
}

/**
 * NIR (French social security number): sex, year, month, department (2A/2B for Corsica, counted as 19/18
 * for the key), commune, order, then key = 97 - (first 13 digits mod 97).
 */
export function isNirValid(compact: string): boolean {
  const match = /^([1-478])(\d{2})(\d{2})(\d{2}|2A|2B)(\d{3})(\d{3})(\d{2})$/.exec(compact);
  if (!match) return false;
  const [, sex = "", year = "", month = "", department = "", commune = "", order = "", key = ""] = match;
  const monthNumber = Number(month);
  const monthOk = (monthNumber >= 1 && monthNumber <= 12) || monthNumber === 20 || (monthNumber >= 30 && monthNumber <= 42) || monthNumber >= 50;
  if (!monthOk) return false;
  const numericDepartment = department === "2A" ? "19" : department === "2B" ? "18" : department;
  const body = sex + year + month + numericDepartment + commune + order;
  const expected = 97 - decimalMod(body, 97);
  return expected === Number(key);
}

export type CardBrand = "visa" | "mastercard" | "amex" | "discover" | "jcb" | "diners" | "unionpay";

/** The card network by IIN range and length, or null when the number fits none. */
export function cardBrand(digits: string): CardBrand | null {
  const length = digits.length;
  const prefix = (size: number): number => Number(digits.slice(0, size));
  if (digits.startsWith("4") && (length === 13 || length === 16 || length === 19)) return "visa";
  if (length === 16 && ((prefix(2) >= 51 && prefix(2) <= 55) || (prefix(4) >= 2221 && prefix(4) <= 2720))) return "mastercard";
  if (length === 15 && (prefix(2) === 34 || prefix(2) === 37)) return "amex";
  if (length >= 16 && length <= 19 && (digits.startsWith("6011") || digits.startsWith("65") || (prefix(3) >= 644 && prefix(3) <= 649))) return "discover";
  if (length >= 16 && length <= 19 && prefix(4) >= 3528 && prefix(4) <= 3589) return "jcb";
  if (length === 14 && ((prefix(3) >= 300 && prefix(3) <= 305) || prefix(2) === 36 || prefix(2) === 38)) return "diners";
  if (length >= 16 && length <= 19 && digits.startsWith("62")) return "unionpay";
  return null;
}

export const isCardNumberValid = (digits: string): boolean => cardBrand(digits) !== null && isLuhnValid(digits);
