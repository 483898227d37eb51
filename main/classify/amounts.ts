/**
 * Money amounts: `1 234,56 €` (also U+00A0 / U+202F group separators), `1.234,56 EUR`, `1,234.56`,
 * `£1,234.56`, `1234.56`, `CHF 1'234.50`, `-120,00`, `(120.00)`. Values are kept as integer cents.
 * Credit notes: amounts are reported positive (the document type says "credit-note"); `negative` tells
 * the caller the sign printed on the page.
 */

export interface AmountMatch {
  cents: number;
  negative: boolean;
  currency: string | null;
  /** Whether the number had a decimal part (`12,50`) rather than being an integer (`12`). */
  hasDecimals: boolean;
  /** The number was read after an OCR repair (`O` → `0`). */
  repaired: boolean;
  start: number;
  end: number;
}

const CURRENCY_TOKENS: readonly [RegExp, string][] = [
  [/^(?:€|eur|euros?)$/i, "EUR"],
  [/^(?:us\$|usd|\$)$/i, "USD"],
  [/^(?:£|gbp)$/i, "GBP"],
  [/^(?:chf|fr\.|sfr)$/i, "CHF"],
  [/^(?:ca\$|cad)$/i, "CAD"],
  [/^(?:a\$|aud)$/i, "AUD"],
  [/^jpy|¥$/i, "JPY"],
  [/^(?:sek)$/i, "SEK"],
  [/^(?:nok)$/i, "NOK"],
  [/^(?:dkk)$/i, "DKK"],
  [/^(?:pln|zł)$/i, "PLN"],
  [/^(?:mad|dh)$/i, "MAD"],
  [/^(?:tnd|dt)$/i, "TND"],
];

/** ISO 4217 code for a currency token (`€`, `EUR`, `euros`, `$`, `£`, `CHF`...), or null. */
export function currencyOf(token: string): string | null {
  for (const [pattern, code] of CURRENCY_TOKENS) if (pattern.test(token.trim())) return code;
  return null;
}

const CURRENCY_SOURCE = String.raw`(?:€|EUR|[Ee]uros?|US\$|CA\$|A\$|USD|\$|£|GBP|CHF|CAD|AUD|SEK|NOK|DKK|PLN|MAD|TND)`;
const NUMBER_SOURCE = String.raw`\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const AMOUNT_PATTERN = new RegExp(
  String.raw`(?<open>\()?(?<minus>[-−–]\s?)?(?<before>${CURRENCY_SOURCE})?\s?(?<minus2>[-−–]\s?)?(?<number>${NUMBER_SOURCE})(?![\d])(?:\s?(?<after>${CURRENCY_SOURCE})(?![A-Za-z]))?(?<close>\))?`,
  "g",
);

/** Interprets the digits and separators of one number as cents. */
export function centsOfNumber(number: string): { cents: number; hasDecimals: boolean } | null {
  const compact = number.replace(/[ \u00a0\u202f'’]/g, "");
  const lastDot = compact.lastIndexOf(".");
  const lastComma = compact.lastIndexOf(",");
  const lastSeparator = Math.max(lastDot, lastComma);
  let integerPart = compact;
  let decimals = "";
  if (lastSeparator >= 0) {
    const tail = compact.slice(lastSeparator + 1);
    if (tail.length <= 2) {
      integerPart = compact.slice(0, lastSeparator);
      decimals = tail;
    }
  }
  integerPart = integerPart.replace(/[.,]/g, "");
  if (!/^\d+$/.test(integerPart) || integerPart.length > 12) return null;
  const cents = Number(integerPart) * 100 + (decimals === "" ? 0 : Number(decimals.padEnd(2, "0")));
  return { cents, hasDecimals: decimals !== "" };
}

/**
 * A group separator a scan read as a colon or a semicolon ("1:832,43", "3;213.87"): only between a first group
 * of 1-3 digits and a group of three that ends in decimals, so times ("10:30") and ratios are left alone.
 */
const COLON_GROUP = /(?<![\d.,:;])(\d{1,3})[:;](?=\d{3}(?:[.,]\d{3})*[.,]\d{2}(?![\d.,]))/g;

/**
 * Repairs OCR letters inside numbers: `1 2O4,5O` → `1 204,50`, `l2,00` → `12,00`, `11i08,69` → `11108,69`;
 * and a group separator read as a colon or semicolon: `1:832,43` → `1.832,43`.
 */
export function repairNumberLetters(text: string): string {
  return text.replace(COLON_GROUP, "$1.").replace(/[^\s\t]+/g, (token) => {
    const core = /^([(\-−–]?(?:€|\$|£)?)([0-9OoIil|S.,'’]+)((?:€|\$|£|\))?[:;]?)$/.exec(token);
    if (!core) return token;
    const body = core[2] ?? "";
    if (!/\d/.test(body) || !/[OoIil|S]/.test(body)) return token;
    return `${core[1] ?? ""}${body.replace(/[Oo]/g, "0").replace(/[Iil|]/g, "1").replace(/S/g, "5")}${core[3] ?? ""}`;
  });
}

function isPartOfOtherToken(text: string, start: number, end: number): boolean {
  const before = text.charAt(start - 1);
  const after = text.charAt(end);
  const afterNext = text.charAt(end + 1);
  if (/[A-Za-z0-9_/#°]/.test(before)) return true;
  if (/[A-Za-z_]/.test(after) && !/[€$£]/.test(after)) return true;
  if ((after === "/" || after === "-" || after === ":" || after === "." || after === ",") && /\d/.test(afterNext)) return true;
  if (before === "-" && /[A-Za-z0-9]/.test(text.charAt(start - 2))) return true;
  return /^\s?%/.test(text.slice(end, end + 2));
}

/**
 * Every amount in `text`, left to right. Percentages, parts of dates, references and ids are skipped.
 * With `repair`, OCR letters inside numbers are first read as digits.
 */
export function findAmounts(text: string, options: { repair?: boolean } = {}): AmountMatch[] {
  const source = options.repair ? repairNumberLetters(text) : text;
  const repaired = source !== text;
  const found: AmountMatch[] = [];
  for (const match of source.matchAll(AMOUNT_PATTERN)) {
    const groups = match.groups ?? {};
    const number = groups.number ?? "";
    const numberStart = match.index + match[0].indexOf(number);
    if (isPartOfOtherToken(source, numberStart, numberStart + number.length) && !groups.after && !groups.before) continue;
    if (/^\s?%/.test(source.slice(numberStart + number.length, numberStart + number.length + 2))) continue;
    const value = centsOfNumber(number);
    if (!value) continue;
    const currencyToken = groups.before ?? groups.after ?? null;
    found.push({
      cents: value.cents,
      hasDecimals: value.hasDecimals,
      negative: Boolean(groups.minus ?? groups.minus2) || (Boolean(groups.open) && Boolean(groups.close)),
      currency: currencyToken ? currencyOf(currencyToken) : null,
      repaired: repaired && source.slice(match.index, match.index + match[0].length) !== text.slice(match.index, match.index + match[0].length),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return found;
}

/** `123456` → `"1234.56"`. */
export function formatCents(cents: number): string {
  const absolute = Math.abs(Math.round(cents));
  const units = Math.floor(absolute / 100);
  const rest = String(absolute % 100).padStart(2, "0");
  return `${cents < 0 ? "-" : ""}${units}.${rest}`;
}

/** `"1234.56"` (or any printed form) → cents, or null. */
export function parseAmountText(text: string): number | null {
  const match = findAmounts(text.trim())[0];
  return match ? match.cents : null;
}

/** Currency codes named anywhere in `text`, with how often each appears. */
export function countCurrencies(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const pattern = /(?<![A-Za-z])(?:€|EUR|euros?|US\$|CA\$|USD|\$|£|GBP|CHF|CAD|AUD|SEK|NOK|DKK|PLN|MAD|TND)(?![A-Za-z])/gi;
  for (const match of text.matchAll(pattern)) {
    const code = currencyOf(match[0]);
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return counts;
}
