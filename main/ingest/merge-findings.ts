import { unionBox, type SensitiveFinding } from "./findings.js";
import type { PageText, Word } from "./types.js";

/**
 * The invoice-field findings (what the classifier read as the IBAN, VAT number, SIRET, BIC) merged with
 * what the detectors found on the pages, so each printed occurrence is reported and protected once:
 * - a detector finding of the same type that shares words with a field finding is the same occurrence:
 *   one finding, with the field's name, the words of both and their union box, the higher confidence
 *   (findings of different types on the same words are both kept: each is protected by its own policy);
 * - a field value that is not located on any page (read from an embedded Factur-X XML, say) stays as it
 *   is, unless a detector found the same value on a page: then that occurrence carries the field;
 * - detector findings of the same type on the same words are reported once.
 */
const squeeze = (text: string): string => text.normalize("NFKC").replace(/[^\p{L}\p{N}@+]/gu, "").toUpperCase();

function sharesWords(a: SensitiveFinding, b: SensitiveFinding): boolean {
  return a.page !== null && a.page === b.page && a.wordIndexes.some((index) => b.wordIndexes.includes(index));
}

function boxOf(pages: readonly PageText[], page: number | null, wordIndexes: readonly number[]): SensitiveFinding["bbox"] {
  const words = pages.find((candidate) => candidate.page === page)?.words ?? [];
  return unionBox(wordIndexes.map((index) => words[index]).filter((word): word is Word => word !== undefined));
}

export function mergeFindings(pages: readonly PageText[], fieldFindings: readonly SensitiveFinding[], detected: readonly SensitiveFinding[]): SensitiveFinding[] {
  const merged: SensitiveFinding[] = fieldFindings.map((finding) => ({ ...finding, wordIndexes: [...finding.wordIndexes] }));
  for (const finding of detected) {
    const same = merged.find((other) => other.type === finding.type && sharesWords(other, finding));
    if (same) {
      const words = [...new Set([...same.wordIndexes, ...finding.wordIndexes])].sort((a, b) => a - b);
      same.wordIndexes = words;
      same.bbox = boxOf(pages, same.page, words) ?? same.bbox;
      same.confidence = Math.max(same.confidence, finding.confidence);
      continue;
    }
    merged.push({ ...finding, wordIndexes: [...finding.wordIndexes] });
  }
  // An unlocated field value found on a page by a detector: that occurrence carries the field.
  return merged.filter((finding) => {
    if (finding.page !== null || !finding.field) return true;
    const located = merged.find((other) => other !== finding && other.page !== null && other.type === finding.type && squeeze(other.normalized) === squeeze(finding.normalized));
    if (!located) return true;
    if (located.field === null) located.field = finding.field;
    return false;
  });
}
