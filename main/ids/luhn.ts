/**
 * The Luhn check (ISO/IEC 7812-1) and the SIREN that relies on it: one copy for classify (invoice fields) and
 * detect (sensitive findings), so both accept the same numbers. Pure, imports nothing of ours
 * (docs/architecture.md).
 */

/** Luhn over a string of two or more decimal digits; anything else fails. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits.charAt(digits.length - 1 - index));
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** SIREN: 9 digits, Luhn. */
export function isValidSiren(value: string): boolean {
  return /^\d{9}$/.test(value) && isLuhnValid(value);
}
