/**
 * Text normalisation shared by the classifier. `foldText` is length-preserving (one output character per
 * input character), so offsets found in folded text are valid in the original text.
 */

const SPACE_LIKE = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;

/** NFC, and every exotic space (no-break U+00A0, narrow no-break U+202F, thin...) made a plain space. */
export function cleanWordText(text: string): string {
  return text.normalize("NFC").replace(SPACE_LIKE, " ");
}

const FOLD_CACHE = new Map<string, string>();

function foldChar(char: string): string {
  const cached = FOLD_CACHE.get(char);
  if (cached !== undefined) return cached;
  let folded = char.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  if (char === "’" || char === "‘" || char === "`" || char === "´") folded = "'";
  else if (char === "º") folded = "°";
  else if (/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/.test(char)) folded = " ";
  if (folded.length !== 1) folded = char.length === 1 ? char.toLowerCase().charAt(0) || char : char;
  FOLD_CACHE.set(char, folded);
  return folded;
}

/** Lower case, accents removed, curly apostrophes and exotic spaces made plain; same length as `text`. */
export function foldText(text: string): string {
  let out = "";
  for (let index = 0; index < text.length; index += 1) out += foldChar(text.charAt(index));
  return out;
}

/** Collapses runs of whitespace to one space and trims. */
export function squashSpaces(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Characters OCR engines confuse with digits, and the digit each one most likely was. */
export const LETTER_TO_DIGIT: Readonly<Record<string, string>> = {
  O: "0", o: "0", D: "0", Q: "0", C: "0", I: "1", l: "1", i: "1", "|": "1", L: "1", Z: "2", z: "2", S: "5", s: "5", B: "8", G: "6", b: "6", T: "7",
};

/** Digits OCR engines confuse with capital letters, and the letter each one most likely was. */
export const DIGIT_TO_LETTER: Readonly<Record<string, string>> = { "0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G", "7": "T" };

/** Letters OCR reads for more than one digit: every reading, the likeliest first. */
const OTHER_DIGIT_READINGS: Readonly<Record<string, readonly string[]>> = { T: ["7", "1"], Z: ["2", "7"], B: ["8", "3"], G: ["6", "9"], g: ["9"], q: ["9"], A: ["4"] };

/**
 * Every way to read `text` as digits, the likeliest first: a confusable letter becomes the digit it most
 * likely was, or another it may have been (`T` is a `7` or a `1`). Capped at `limit` readings (then only
 * the likeliest); the caller keeps a reading only when a checksum confirms it.
 */
export function digitReadings(text: string, limit = 16): string[] {
  let readings = [""];
  for (const char of text) {
    const options = OTHER_DIGIT_READINGS[char] ?? [LETTER_TO_DIGIT[char] ?? char];
    const first = LETTER_TO_DIGIT[char];
    const ordered = first && !options.includes(first) ? [first, ...options] : options;
    readings = readings.flatMap((reading) => ordered.map((option) => reading + option));
    if (readings.length > limit) return [lettersToDigits(text)];
  }
  return readings;
}

/** Replaces confusable letters with digits (`O`→`0`, `l`→`1`, `S`→`5`...); other characters are kept. */
export function lettersToDigits(text: string): string {
  let out = "";
  for (const char of text) out += LETTER_TO_DIGIT[char] ?? char;
  return out;
}

/** Replaces confusable digits with capital letters (`0`→`O`, `1`→`I`...); other characters are kept. */
export function digitsToLetters(text: string): string {
  let out = "";
  for (const char of text) out += DIGIT_TO_LETTER[char] ?? char;
  return out;
}

/** Letter characters that a regular expression may treat as word characters once folded. */
export const WORD_CHAR = "[a-z0-9]";

/** Edit distance (insertions, deletions, substitutions) between two short strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
