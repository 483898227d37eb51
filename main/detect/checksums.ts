/** Check digits of the identifiers the detectors accept. Pure functions on compact strings. */
import { isLuhnValid, isValidSiren } from "../ids/luhn.js";

/** Remainder of a long decimal string modulo `divisor`, without losing precision. */
export function decimalMod(digits: string, divisor: number): number {
  let remainder = 0;
  for (const char of digits) remainder = (remainder * 10 + Number(char)) % divisor;
  return remainder;
}

export { isLuhnValid, isValidSiren as isSirenValid };

/** La Poste's establishments (SIREN 356000000) do not follow Luhn: the sum of the digits is a multiple of 5. */
export function isSiretValid(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith("356000000")) {
    const sum = [...siret].reduce((total, digit) => total + Number(digit), 0);
    return sum % 5 === 0 || isLuhnValid(siret);
  }
  return isLuhnValid(siret);
}

/** FR VAT key: (12 + 3 * (SIREN mod 97)) mod 97, two digits. */
export function frenchVatKey(siren: string): string {
  return String((12 + 3 * decimalMod(siren, 97)) % 97).padStart(2, "0");
}

export function isFrenchVatValid(compact: string): boolean {
  const match = /^FR(\d{2})(\d{9})$/.exec(compact);
  if (!match?.[1] || !match[2]) return false;
  return isValidSiren(match[2]) && frenchVatKey(match[2]) === match[1];
}

/** RIB rule for letters in an account number: A,J -> 1; B,K,S -> 2; ... I,R,Z -> 9. */
export function ribLettersToDigits(account: string): string {
  return account.toUpperCase().replace(/[A-Z]/g, (letter) => {
    const code = letter.charCodeAt(0) - 65; // A = 0
    const shifted = code >= 18 ? code - 18 + 2 : code >= 9 ? code - 9 + 1 : code + 1; // S starts at 2
    return String(shifted);
  });
}

/** RIB key: 97 - ((89 * bank + 15 * branch + 3 * account) mod 97). */
export function isRibValid(bank: string, branch: string, account: string, key: string): boolean {
  if (!/^\d{5}$/.test(bank) || !/^\d{5}$/.test(branch) || !/^[A-Z0-9]{11}$/.test(account) || !/^\d{2}$/.test(key)) return false;
  const value = 89 * Number(bank) + 15 * Number(branch) + 3 * Number(ribLettersToDigits(account));
  return 97 - (value % 97) === Number(key);
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
