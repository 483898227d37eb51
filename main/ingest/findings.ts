import type { FieldName } from "../../shared/invoice.js";
import type { SensitiveType } from "../detect/policy.js";
import type { PageText, Word } from "./types.js";

/** A sensitive value found on a document, with where it is. Detectors (main/detect) produce these too. */
export interface SensitiveFinding {
  type: SensitiveType;
  /** As printed (for the sealed copy a manager can reveal). */
  value: string;
  /** Canonical form (for the blind index). */
  normalized: string;
  /** The invoice field it fills, if any. */
  field: FieldName | null;
  page: number | null;
  /** Indexes of the words of that page that make up the value. */
  wordIndexes: number[];
  bbox: [number, number, number, number] | null;
  confidence: number;
}

const squeeze = (text: string) => text.normalize("NFKC").replace(/[\s.\-/]/g, "").toUpperCase();

export function unionBox(words: Word[]): [number, number, number, number] | null {
  if (words.length === 0) return null;
  return [
    Math.min(...words.map((word) => word.bbox[0])),
    Math.min(...words.map((word) => word.bbox[1])),
    Math.max(...words.map((word) => word.bbox[2])),
    Math.max(...words.map((word) => word.bbox[3])),
  ];
}

/**
 * Finds the run of consecutive words whose letters and digits spell `value` (ignoring spaces, dots and
 * dashes), e.g. an IBAN printed in groups of four. Returns every occurrence.
 */
export function locateValue(pages: PageText[], value: string): { page: number; wordIndexes: number[]; bbox: [number, number, number, number] }[] {
  const target = squeeze(value);
  if (target.length < 4) return [];
  const found: { page: number; wordIndexes: number[]; bbox: [number, number, number, number] }[] = [];
  for (const page of pages) {
    const words = page.words;
    for (let start = 0; start < words.length; start += 1) {
      let spelled = "";
      for (let end = start; end < words.length && end < start + 12; end += 1) {
        const piece = squeeze(words[end]?.text ?? "");
        spelled += piece;
        // A value may be glued to a label ("IBAN:FR76...") or to punctuation.
        const at = spelled.indexOf(target);
        if (at >= 0) {
          const indexes = Array.from({ length: end - start + 1 }, (_, offset) => start + offset);
          const box = unionBox(indexes.map((index) => words[index]).filter((word): word is Word => word !== undefined));
          if (box) found.push({ page: page.page, wordIndexes: indexes, bbox: box });
          break;
        }
        if (spelled.length > target.length + 32) break;
      }
    }
  }
  // Keep the shortest, non-overlapping runs.
  return found.filter(
    (entry, index) =>
      !found.some(
        (other, otherIndex) =>
          otherIndex !== index && other.page === entry.page && other.wordIndexes.length < entry.wordIndexes.length && other.wordIndexes.every((word) => entry.wordIndexes.includes(word)),
      ),
  );
}
