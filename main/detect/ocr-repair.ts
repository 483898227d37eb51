/**
 * OCR confusions (O/0, C/0, I/l/L/1, S/5, B/8, B/3 for a letter, Z/2, G/6, A/4) undone position by position, given what each position must
 * hold. Detectors keep a repaired value only when its checksum then passes.
 */

/** What a position accepts: a digit, a letter, or either. */
export type CharClass = "digit" | "letter" | "either";

const TO_DIGIT: Readonly<Record<string, string>> = { O: "0", o: "0", Q: "0", D: "0", C: "0", I: "1", l: "1", L: "1", i: "1", "|": "1", "!": "1", S: "5", s: "5", B: "8", Z: "2", z: "2", G: "6", A: "4" };
const TO_LETTER: Readonly<Record<string, string>> = { "0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "3": "B" };

export interface Repaired {
  value: string;
  /** How many characters were changed. */
  changes: number;
}

/** Fits `text` to the classes (one per character); null when a character cannot be made to fit. */
export function repairToClasses(text: string, classes: readonly CharClass[]): Repaired | null {
  if (text.length !== classes.length) return null;
  let value = "";
  let changes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? "";
    const wanted = classes[i];
    const upper = char.toUpperCase();
    if (/\d/.test(char)) {
      if (wanted !== "letter") value += char;
      else if (TO_LETTER[char]) {
        value += TO_LETTER[char];
        changes += 1;
      } else return null;
    } else if (/[A-Za-z]/.test(char) && wanted !== "digit") {
      value += upper;
      if (upper !== char && wanted === "letter" && !/[A-Z]/.test(char)) changes += 1;
    } else if (wanted !== "letter" && TO_DIGIT[char]) {
      value += TO_DIGIT[char];
      changes += 1;
    } else return null;
  }
  return { value, changes };
}

/** Every position a digit. */
export function repairDigits(text: string): Repaired | null {
  return repairToClasses(text, Array.from({ length: text.length }, (): CharClass => "digit"));
}

/** Classes from a simple pattern such as "^[0-9]{10}[A-Z0-9]{11}[0-9]{2}$" (ibantools' BBAN formats). */
export function classesFromPattern(pattern: string): CharClass[] | null {
  const classes: CharClass[] = [];
  for (const match of pattern.matchAll(/\[([^\]]+)\]\{(\d+)\}/g)) {
    const set = match[1] ?? "";
    const count = Number(match[2]);
    const kind: CharClass = set.includes("A-Z") && set.includes("0-9") ? "either" : set.includes("0-9") ? "digit" : set.includes("A-Z") ? "letter" : "either";
    for (let i = 0; i < count; i += 1) classes.push(kind);
  }
  return classes.length > 0 ? classes : null;
}

/** Letters and digits only, upper case ("FR76 3000-4" -> "FR7630004"). */
export const compactId = (text: string): string => text.normalize("NFKC").replace(/[^A-Za-z0-9|!]/g, "");
