/**
 * Whether a page's text layer is worth using instead of OCR. Kept simple and explainable:
 *  - at least `minChars` letters or digits (a scan with a stray page number is not "text"),
 *  - at most 10 % of the visible characters are U+FFFD, private-use or control characters (a font without
 *    a usable ToUnicode map extracts as such glyph soup),
 *  - at least half of the visible characters are letters or digits (not a page of dots and rules).
 * An invisible OCR layer left by another tool passes when it meets these; it is then trusted like any text
 * layer (confidence 100). Re-OCRing every scanned PDF would cost ~1 s a page for a rarely better result.
 */
export interface TextQuality {
  visibleChars: number;
  letterOrDigitChars: number;
  garbageChars: number;
  usable: boolean;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const GARBAGE = /[\uFFFD\u{E000}-\u{F8FF}\p{Cc}]/u;

export function judgeTextQuality(text: string, minChars = 16): TextQuality {
  let visibleChars = 0;
  let letterOrDigitChars = 0;
  let garbageChars = 0;
  for (const char of text) {
    if (/\s/u.test(char)) continue;
    visibleChars += 1;
    if (GARBAGE.test(char)) garbageChars += 1;
    else if (LETTER_OR_DIGIT.test(char)) letterOrDigitChars += 1;
  }
  const usable =
    letterOrDigitChars >= minChars && garbageChars <= 0.1 * visibleChars && letterOrDigitChars >= 0.5 * visibleChars;
  return { visibleChars, letterOrDigitChars, garbageChars, usable };
}
