/**
 * Dates in the usual French and English forms: 05/03/2024, 5/3/24, 05.03.2024, 05-03-2024, 2024-03-05,
 * 5 mars 2024, 1er mars 2024, 5 March 2024, March 5, 2024, 5th March 2024. Numeric dates are read
 * day-first unless the document says otherwise (see `inferDateOrder`). Works on folded text.
 */
import { foldText } from "./text.js";

export type DateOrder = "DMY" | "MDY";

export interface DateMatch {
  iso: string;
  start: number;
  end: number;
  /** A numeric date whose day and month could be swapped (both <= 12 and different). */
  ambiguous: boolean;
}

const MONTHS: Readonly<Record<string, number>> = {
  janvier: 1, janv: 1, jan: 1, january: 1,
  fevrier: 2, fevr: 2, fev: 2, february: 2, feb: 2,
  mars: 3, march: 3, mar: 3,
  avril: 4, avr: 4, april: 4, apr: 4,
  mai: 5, may: 5,
  juin: 6, june: 6, jun: 6,
  juillet: 7, juil: 7, july: 7, jul: 7,
  aout: 8, august: 8, aug: 8,
  septembre: 9, sept: 9, sep: 9, september: 9,
  octobre: 10, oct: 10, october: 10,
  novembre: 11, nov: 11, november: 11,
  decembre: 12, dec: 12, december: 12,
};
const MONTH_SOURCE = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join("|");

const NUMERIC = /(?<![\d.,/-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d])/g;
const ISO = /(?<![\d.,/-])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])/g;
// A scan may glue the year to the month by a quote ("15 août'2024").
const DAY_MONTH_YEAR = new RegExp(String.raw`(?<![a-z0-9])(\d{1,2})(?:er|st|nd|rd|th)?(?:\s*|\s*-\s*)(?:of\s+)?(${MONTH_SOURCE})\.?,?(?:\s*|\s*-\s*|['’]\s*)(\d{4})(?!\d)`, "g");
const MONTH_DAY_YEAR = new RegExp(String.raw`(?<![a-z])(${MONTH_SOURCE})\.?(?:\s*|\s*-\s*)(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})(?!\d)`, "g");

/** `YYYY-MM-DD` when the date exists on the calendar and the year is plausible for an invoice. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function fullYear(text: string): number {
  const value = Number(text);
  if (text.length === 4) return value;
  return value < 70 ? 2000 + value : 1900 + value;
}

/** Repairs OCR letters inside date-like tokens: `O5/O3/2O24` → `05/03/2024`. */
function repairDateLetters(text: string): string {
  const repair = (token: string): string => (/\d/.test(token) ? token.replace(/[oO]/g, "0").replace(/[lIi|]/g, "1").replace(/[sS]/g, "5") : token);
  return text
    .replace(/[0-9OoIil|Ss]{1,4}[/.-][0-9OoIil|Ss]{1,2}[/.-][0-9OoIil|Ss]{2,4}/g, repair)
    .replace(/(?<![a-z0-9])[0-9oOlIi]{1,4}(?![a-z0-9])/gi, repair);
}

/** Month names of five letters or more, which OCR may misread by one letter ("Aprit", "oclobre"). */
const LONG_MONTHS = Object.keys(MONTHS).filter((name) => name.length >= 5);

/**
 * A word next to a day or a year that is a long month name with one letter misread becomes that month
 * (same length, so offsets stay valid); only when exactly one month is that near. An "m" a scan read as
 * "rn" ("29 rnars 2023") is put back too, padded with a space after the month to keep the offsets.
 */
function repairMonthNames(folded: string): string {
  return folded.replace(/(?<![a-z])[a-z]{4,10}(?![a-z])/g, (word, offset: number) => {
    if (MONTHS[word] !== undefined) return word;
    const around = folded.slice(Math.max(0, offset - 3), offset) + folded.slice(offset + word.length, offset + word.length + 3);
    if (!/\d/.test(around)) return word;
    const unsplit = word.replace(/rn/g, "m");
    if (unsplit !== word && MONTHS[unsplit] !== undefined) return unsplit.padEnd(word.length, " ");
    if (word.length < 5 || word.length > 9) return word;
    const near = LONG_MONTHS.filter((month) => month.length === word.length && [...month].filter((char, index) => char !== word.charAt(index)).length === 1);
    return near.length === 1 && near[0] ? near[0] : word;
  });
}

/** Every date in `text` (raw or folded), left to right. */
export function findDates(text: string, order: DateOrder = "DMY"): DateMatch[] {
  const folded = repairMonthNames(repairDateLetters(foldText(text)));
  const found: DateMatch[] = [];
  for (const match of folded.matchAll(NUMERIC)) {
    const first = Number(match[1]);
    const second = Number(match[3]);
    const year = fullYear(match[4] ?? "");
    if ((match[4] ?? "").length === 2 && match[2] === ".") {
      // "12.50.24" style: more likely an amount or a version than a date; require a 4-digit year with dots.
      continue;
    }
    const dayFirst = isoDate(year, second, first);
    const monthFirst = isoDate(year, first, second);
    const preferred = order === "DMY" ? dayFirst ?? monthFirst : monthFirst ?? dayFirst;
    if (!preferred) continue;
    found.push({ iso: preferred, start: match.index, end: match.index + match[0].length, ambiguous: Boolean(dayFirst && monthFirst && first !== second) });
  }
  for (const match of folded.matchAll(ISO)) {
    const iso = isoDate(Number(match[1]), Number(match[3]), Number(match[4]));
    if (iso) found.push({ iso, start: match.index, end: match.index + match[0].length, ambiguous: false });
  }
  for (const match of folded.matchAll(DAY_MONTH_YEAR)) {
    const iso = isoDate(Number(match[3]), MONTHS[match[2] ?? ""] ?? 0, Number(match[1]));
    if (iso) found.push({ iso, start: match.index, end: match.index + match[0].length, ambiguous: false });
  }
  for (const match of folded.matchAll(MONTH_DAY_YEAR)) {
    const iso = isoDate(Number(match[3]), MONTHS[match[1] ?? ""] ?? 0, Number(match[2]));
    if (iso) found.push({ iso, start: match.index, end: match.index + match[0].length, ambiguous: false });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  return found.filter((date, index) => !found.slice(0, index).some((other) => other.start < date.end && date.start < other.end));
}

/** Parses a whole value that is one date (e.g. a user's correction), or null. */
export function parseDateText(text: string, order: DateOrder = "DMY"): string | null {
  return findDates(text, order)[0]?.iso ?? null;
}

const US_CUES = [
  /\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\s+\d{5}(?:-\d{4})?\b/,
  /\bsales tax\b/i,
  /\b(?:USA|U\.S\.A\.|United States)\b/,
  /\bEIN\b|\bTax ID\b/,
  /\bUS\$|\bUSD\b/,
];

/**
 * Day-first unless the document proves otherwise: a numeric date whose first part exceeds 12 proves
 * day-first; one whose second part exceeds 12 proves month-first; with no proof, month-first only for an
 * English document with US cues (state + ZIP, "sales tax", USD...).
 */
export function inferDateOrder(fullText: string): DateOrder {
  let dayFirstProofs = 0;
  let monthFirstProofs = 0;
  for (const match of repairDateLetters(foldText(fullText)).matchAll(NUMERIC)) {
    const first = Number(match[1]);
    const second = Number(match[3]);
    const yearText = match[4] ?? "";
    // Only what findDates would read as a date: not "06.35.06" out of a phone number "06.35.06.53.21".
    if (yearText.length === 2 && match[2] === ".") continue;
    if (!isoDate(fullYear(yearText), second, first) && !isoDate(fullYear(yearText), first, second)) continue;
    if (first > 12 && second <= 12) dayFirstProofs += 1;
    if (second > 12 && first <= 12) monthFirstProofs += 1;
  }
  if (dayFirstProofs !== monthFirstProofs) return dayFirstProofs > monthFirstProofs ? "DMY" : "MDY";
  const folded = foldText(fullText);
  const french = (folded.match(/\b(?:facture|tva|echeance|montant|total ht|ttc|reglement|le|du|des)\b/g) ?? []).length;
  const english = (folded.match(/\b(?:invoice|due|amount|the|bill|payment|total|tax)\b/g) ?? []).length;
  if (french >= english) return "DMY";
  const usCues = US_CUES.filter((cue) => cue.test(fullText)).length;
  const dollars = /\$\s?\d/.test(fullText);
  return usCues >= 2 || (usCues >= 1 && dollars) ? "MDY" : "DMY";
}
