/**
 * Bank and company identifiers: IBAN (ibantools, mod 97 + national keys), BIC (format + country), VAT
 * numbers, SIRET/SIREN (the rules in main/ids/, shared with detect: stdnum, Luhn, La Poste exception).
 *
 * OCR repair: typical confusions (O/0, I/l/1, S/5, B/8, Z/2, spaces inside the id) are repaired only
 * when the repaired value passes its checksum, and only along the id's structure (a letter in a position
 * that must be a digit), so that one printed id yields very few candidates and a wrong id is not
 * "repaired" into a different valid one by brute force.
 */
import * as ibantools from "ibantools";
import { hasFrenchLetterKey, isValidSiret, isValidVatNumber } from "../ids/company-ids.js";
import { ibanOfNearRib } from "../ids/iban-of-rib.js";
import { isValidSiren } from "../ids/luhn.js";
import { digitReadings, digitsToLetters, lettersToDigits } from "./text.js";

export type IdentifierKind = "iban" | "bic" | "vat" | "siret";

export interface IdentifierReading {
  /** Normalised value (IBAN/VAT/BIC upper case without spaces, SIRET 14 digits). */
  value: string;
  valid: boolean;
  /** The value differs from the printed characters because of an OCR repair. */
  repaired: boolean;
}

/** Upper case, without spaces, dots, dashes. */
export function compactIdentifier(text: string): string {
  return text.replace(/[\s.\-/]/g, "").toUpperCase();
}

// ---------- SIREN / SIRET ----------

export { isValidSiren, isValidSiret };

// ---------- VAT ----------

/** Validates an EU (or UK, Swiss, Norwegian) VAT number with its country prefix (main/ids/company-ids.ts). */
export function isValidVat(value: string): boolean {
  return isValidVatNumber(compactIdentifier(value));
}

/** The SIREN inside a French VAT number (`FR40303265045` → `303265045`). */
export function sirenOfFrenchVat(vat: string): string | null {
  const compact = compactIdentifier(vat);
  return /^FR[0-9A-Z]{2}\d{9}$/.test(compact) ? compact.slice(4) : null;
}

// The prefixes looked for in text: not Norway's, whose "NO" is also the "No." of "INVOICE NO. 2024…".
const VAT_PREFIXES = ["AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GB", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI"];

/** Candidates for the VAT number `compact` was meant to be: letters in digit positions read as digits. */
function vatRepairs(compact: string): string[] {
  const prefix = compact.slice(0, 2);
  const body = compact.slice(2);
  const candidates = new Set<string>();
  const fixedPrefix = digitsToLetters(prefix);
  switch (fixedPrefix) {
    case "FR": // two key characters (digits, or letters for old numbers) then the SIREN
      for (const reading of digitReadings(body)) candidates.add(`FR${reading}`);
      for (const reading of digitReadings(body.slice(2))) candidates.add(`FR${body.slice(0, 2)}${reading}`);
      break;
    case "AT":
      candidates.add(`ATU${lettersToDigits(body.slice(1))}`);
      break;
    case "NL":
      candidates.add(`NL${lettersToDigits(body.slice(0, 9))}B${lettersToDigits(body.slice(10))}`);
      break;
    case "ES":
    case "IE":
    case "CY":
      candidates.add(`${fixedPrefix}${body.charAt(0)}${lettersToDigits(body.slice(1, -1))}${body.slice(-1)}`);
      candidates.add(`${fixedPrefix}${lettersToDigits(body)}`);
      break;
    case "CH":
      candidates.add(`CHE${lettersToDigits(body.replace(/^E/, ""))}`);
      break;
    default:
      for (const reading of digitReadings(body)) candidates.add(`${fixedPrefix}${reading}`);
  }
  candidates.delete(compact);
  return [...candidates];
}

/** Reads a printed VAT number: valid as printed, repaired (checksum passes), or invalid as printed. */
export function readVat(printed: string): IdentifierReading | null {
  const compact = compactIdentifier(printed).replace(/^CHE(\d{9})(?:MWST|TVA|IVA)$/, "CHE$1");
  if (!VAT_PREFIXES.includes(digitsToLetters(compact.slice(0, 2)))) return null;
  if (compact.length < 8 || compact.length > 16) return null;
  const repaired = vatRepairs(compact).filter(isValidVat);
  // An old French letter key passes for one digit key in eleven: a key read with a look-alike letter ("S5" for
  // "55") that also passes as the digit key it stands for is that digit key (main/ids/company-ids.ts).
  const digitKey = hasFrenchLetterKey(compact) ? repaired.filter((value) => !hasFrenchLetterKey(value)) : [];
  if (digitKey.length === 1 && digitKey[0]) return { value: digitKey[0], valid: true, repaired: true };
  if (isValidVat(compact)) return { value: compact, valid: true, repaired: false };
  if (repaired.length === 1 && repaired[0]) return { value: repaired[0], valid: true, repaired: true };
  return { value: compact, valid: false, repaired: false };
}

// On a scan the prefix may be spaced ("F R91...") and specks sit between the groups ("5: 39", "490. 969").
const VAT_IN_TEXT = new RegExp(
  String.raw`(?<![A-Za-z0-9])(?:${VAT_PREFIXES.map((prefix) => `${prefix.charAt(0)} ?${prefix.charAt(1)}`).join("|")}|FK|PR)[ .:,'’-]{0,2}(?:[0-9A-Zl][ .:,'’-]{0,2}){8,13}(?![A-Za-z0-9])`,
  "g",
);

/** A symbol OCR reads for a digit at the end of a number (a 6 read as €, a 5 as §, a 0 as ©...). */
const SYMBOL_FOR_DIGIT = /^[€£$§©®¢¥°øØ]$/u;
const DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** Every VAT-looking token in `text` (raw, not folded), read and validated. */
export function findVats(text: string): (IdentifierReading & { start: number; end: number })[] {
  const found: (IdentifierReading & { start: number; end: number })[] = [];
  for (const match of text.matchAll(VAT_IN_TEXT)) {
    const token = match[0].replace(/[ .:,'’-]+$/, "");
    if (!/\d.*\d.*\d/.test(token)) continue;
    const compactToken = token.replace(/[:,'’]/g, "").replace(/^(?:FK|PR)/, "FR");
    let reading = readVat(compactToken);
    let end = match.index + token.length;
    // The last digit read as a symbol glued to the number ("FR 40 881 460 02€"): the one digit, if exactly
    // one, that makes the number pass its checksum.
    if (reading && !reading.valid && SYMBOL_FOR_DIGIT.test(text.charAt(end))) {
      const passing = DIGITS.map((digit) => readVat(`${compactToken}${digit}`)).filter((candidate) => candidate?.valid && !candidate.repaired);
      if (passing.length === 1 && passing[0]) {
        reading = { ...passing[0], repaired: true };
        end += 1;
      }
    }
    if (reading) found.push({ ...reading, start: match.index, end });
  }
  return found;
}

/** Digits and letters OCR reads for each capital letter of a VAT country prefix ("11" for "IT"). */
const PREFIX_LOOKALIKES: Readonly<Record<string, string>> = { I: "1l|", T: "17", S: "5", B: "8", O: "0", E: "3", Z: "2", G: "6", L: "1", A: "4" };

/**
 * A VAT number whose two-letter country prefix OCR read as look-alike digits ("1161179850393" for
 * "IT61179850393"): the one prefix, if exactly one, whose letters the printed characters may stand for
 * and with which the number passes its checksum as printed after it. For text right after a VAT label only.
 */
export function readVatWithMisreadPrefix(printed: string): IdentifierReading | null {
  const compact = compactIdentifier(printed);
  if (compact.length < 10 || compact.length > 16 || /^[A-Z]{2}/.test(compact)) return null;
  const lookalike = (char: string, letter: string): boolean => char === letter || (PREFIX_LOOKALIKES[letter] ?? "").includes(char);
  const passing = VAT_PREFIXES.filter((prefix) => lookalike(compact.charAt(0), prefix.charAt(0)) && lookalike(compact.charAt(1), prefix.charAt(1)))
    .map((prefix) => `${prefix}${compact.slice(2)}`)
    .filter(isValidVat);
  return passing.length === 1 && passing[0] ? { value: passing[0], valid: true, repaired: true } : null;
}

// ---------- SIRET ----------

/** Reads a printed SIRET (spaces allowed): valid, repaired (Luhn passes), or invalid as printed. */
export function readSiret(printed: string): IdentifierReading | null {
  const compact = printed.replace(/[\s.'’-]/g, "");
  if (compact.length !== 14) return null;
  if (/^\d{14}$/.test(compact)) return { value: compact, valid: isValidSiret(compact), repaired: false };
  const digits = lettersToDigits(compact);
  if (!/^\d{14}$/.test(digits)) return null;
  if ([...compact].filter((char) => !/\d/.test(char)).length > 5) return null;
  return isValidSiret(digits) ? { value: digits, valid: true, repaired: true } : { value: digits, valid: false, repaired: false };
}

const SIRET_IN_TEXT = /(?<![A-Za-z0-9])[0-9OIlSB]{3}[ .'’]?[0-9OIlSB]{3}[ .'’]?[0-9OIlSB]{3}[ .'’]?[0-9OIlSB]{5}(?![A-Za-z0-9])/g;

/** Every SIRET-looking token (14 digits, grouped 3-3-3-5 or not) in `text`. */
export function findSirets(text: string): (IdentifierReading & { start: number; end: number })[] {
  const found: (IdentifierReading & { start: number; end: number })[] = [];
  for (const match of text.matchAll(SIRET_IN_TEXT)) {
    if ((match[0].match(/\d/g) ?? []).length < 9) continue;
    const reading = readSiret(match[0]);
    if (reading) found.push({ ...reading, start: match.index, end: match.index + match[0].length });
  }
  return found;
}

// ---------- IBAN ----------

type CharClass = "digit" | "letter" | "any";

/** Per-position character classes of a country's BBAN, from ibantools' specification regexp. */
function bbanClasses(country: string): CharClass[] | null {
  const spec = ibantools.countrySpecs[country];
  const pattern = spec?.bban_regexp;
  if (!pattern) return null;
  const classes: CharClass[] = [];
  for (const part of pattern.matchAll(/\[([^\]]+)\]\{(\d+)\}/g)) {
    const set = part[1] ?? "";
    const kind: CharClass = set === "0-9" ? "digit" : set === "A-Z" ? "letter" : "any";
    for (let index = 0; index < Number(part[2]); index += 1) classes.push(kind);
  }
  return classes;
}

/** Expected IBAN length for a country, or null. */
export function ibanLength(country: string): number | null {
  return ibantools.countrySpecs[country]?.chars ?? null;
}

function ibanRepairs(compact: string): string[] {
  const country = digitsToLetters(compact.slice(0, 2));
  const classes = bbanClasses(country);
  if (!classes || compact.length !== classes.length + 4) return [];
  const checkDigits = lettersToDigits(compact.slice(2, 4));
  let structured = `${country}${checkDigits}`;
  const ambiguous: number[] = [];
  [...compact.slice(4)].forEach((char, index) => {
    const kind = classes[index];
    if (kind === "digit") structured += lettersToDigits(char);
    else if (kind === "letter") structured += digitsToLetters(char);
    else {
      structured += char;
      if (/[OIlSBZ]/.test(char)) ambiguous.push(4 + index);
    }
  });
  const candidates = new Set<string>([structured.toUpperCase()]);
  if (ambiguous.length > 0 && ambiguous.length <= 3) {
    for (let mask = 1; mask < 1 << ambiguous.length; mask += 1) {
      const chars = [...structured];
      ambiguous.forEach((position, bit) => {
        if (mask & (1 << bit)) chars[position] = lettersToDigits(chars[position] ?? "");
      });
      candidates.add(chars.join("").toUpperCase());
    }
  }
  candidates.delete(compact);
  return [...candidates];
}

/** Reads a printed IBAN: valid as printed, repaired (mod 97 and national checks pass), or invalid. */
export function readIban(printed: string): IdentifierReading | null {
  const compact = printed.replace(/[\s.-]/g, "");
  const upper = compact.toUpperCase();
  if (!/^[A-Z0-9]{2}[0-9A-Z]{2}[A-Z0-9]{8,32}$/i.test(compact)) return null;
  if (ibantools.isValidIBAN(upper)) return { value: upper, valid: true, repaired: false };
  const repaired = ibanRepairs(compact).filter((candidate) => ibantools.isValidIBAN(candidate));
  if (repaired.length === 1 && repaired[0]) return { value: repaired[0], valid: true, repaired: true };
  return { value: upper, valid: false, repaired: false };
}

/** A French RIB as printed: bank (5), branch (5), account (11), key (2), grouped by spaces or specks or not at all. */
const PRINTED_RIB = /(?<![0-9A-Za-z])(\d{5})[ .]{0,2}(\d{5})[ .]{0,2}([0-9A-Z]{11})[ .]{0,2}(\d{2})(?![0-9A-Za-z])/g;

/**
 * A French IBAN whose mod 97 fails, read again from the RIBs printed on the page (main/ids/iban-of-rib.ts: the
 * one key-checked RIB one or two characters from its BBAN; detect masks its words by the same rule).
 */
export function frenchIbanFromRib(misread: string, text: string): string | null {
  const ribs = [...text.matchAll(PRINTED_RIB)].map((match) => `${match[1] ?? ""}${match[2] ?? ""}${match[3] ?? ""}${match[4] ?? ""}`);
  return ibanOfNearRib(misread, ribs);
}

/**
 * Every IBAN in `text`: a country code and two check characters, then characters (spaces allowed) up to
 * the country's IBAN length.
 */
export function findIbans(text: string): (IdentifierReading & { start: number; end: number })[] {
  const found: (IdentifierReading & { start: number; end: number })[] = [];
  const starts = /(?:(?<![A-Za-z0-9])|(?<=IBAN|iban|Iban))([A-Z0-9]{2})\s?([0-9OIlSBZ]{2})/g;
  for (const match of text.matchAll(starts)) {
    const country = digitsToLetters(match[1] ?? "");
    const length = ibanLength(country);
    if (!length) continue;
    let compact = "";
    let end = match.index;
    for (let index = match.index; index < text.length && compact.length < length; index += 1) {
      const char = text.charAt(index);
      if (/[A-Za-z0-9|]/.test(char)) {
        compact += char === "|" ? "1" : char;
        end = index + 1;
        continue;
      }
      // Between groups: a space, or on a scan a speck with it ("8874. 6183", "9818,9246"); no more.
      const gap = /^[ \u00a0.,'’-]{1,2}/.exec(text.slice(index))?.[0] ?? "";
      if (gap === "" || /[A-Za-z0-9|]/.test(text.charAt(index + gap.length)) === false) break;
      index += gap.length - 1;
    }
    if (compact.length !== length || /[A-Za-z0-9]/.test(text.charAt(end))) continue;
    const reading = readIban(compact);
    if (reading) found.push({ ...reading, start: match.index, end });
  }
  return found;
}

// ---------- BIC ----------

/** BIC: 4 bank letters, a valid country, 2 location characters, optional 3-character branch. */
export function isValidBic(value: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(value) && ibantools.isValidBIC(value);
}

/** Reads a printed BIC; the six leading letters are repaired (`0`→`O`...) only if the format then holds. */
export function readBic(printed: string): IdentifierReading | null {
  const compact = compactIdentifier(printed);
  if (compact.length !== 8 && compact.length !== 11) return null;
  if (isValidBic(compact)) return { value: compact, valid: true, repaired: false };
  const repaired = `${digitsToLetters(compact.slice(0, 6))}${compact.slice(6)}`;
  if (isValidBic(repaired)) return { value: repaired, valid: true, repaired: true };
  if (!/^[A-Z0-9]{8}(?:[A-Z0-9]{3})?$/.test(compact) || !/^[A-Z]{4}/.test(compact)) return null;
  return { value: compact, valid: false, repaired: false };
}

// ---------- Readings for matching ----------

/** Every reading of `text` with one digit changed (the digits OCR misreads most are not known in advance). */
function oneDigitChanged(text: string, from = 0): string[] {
  const readings: string[] = [];
  for (let index = from; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (!/\d/.test(char)) continue;
    for (let digit = 0; digit <= 9; digit += 1) {
      if (String(digit) !== char) readings.push(`${text.slice(0, index)}${digit}${text.slice(index + 1)}`);
    }
  }
  return readings;
}

/**
 * The values a printed identifier that fails its checksum may have been, each passing it: its look-alike
 * letter repairs, and every reading with one digit changed. Several readings usually pass; a caller keeps
 * one only when something else (a known supplier's identifier) singles it out. A valid value reads as itself.
 */
export function checksumReadings(kind: "vat" | "siret" | "iban", printed: string): string[] {
  if (kind === "siret") {
    const digits = lettersToDigits(printed.replace(/[\s.'’-]/g, ""));
    if (!/^\d{14}$/.test(digits)) return [];
    return isValidSiret(digits) ? [digits] : oneDigitChanged(digits).filter(isValidSiret);
  }
  const compact = compactIdentifier(printed);
  if (kind === "vat") {
    if (isValidVat(compact)) return [compact];
    return [...new Set([...vatRepairs(compact), ...oneDigitChanged(compact, 2)])].filter(isValidVat);
  }
  if (ibantools.isValidIBAN(compact)) return [compact];
  return [...new Set([...ibanRepairs(compact), ...oneDigitChanged(compact, 2)])].filter((candidate) => ibantools.isValidIBAN(candidate));
}
