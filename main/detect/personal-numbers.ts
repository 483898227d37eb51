/** Numbers that identify a person and are never stored: payment card numbers and the French NIR. */
import type { SensitiveFinding } from "../ingest/findings.js";
import { cardBrand, isLuhnValid, isNirValid } from "./checksums.js";
import { forEachIdRun, makeFinding, type IdRun } from "./finding.js";
import { textBefore, type PageLayout } from "./layout.js";
import { repairDigits, repairToClasses, type CharClass } from "./ocr-repair.js";

const CARD_LABEL = /\b(?:carte|card|CB|visa|master\s?card|amex|american\s+express|PAN|cr[ée]dit|d[ée]bit|payment|paiement|pay[ée])\b/i;
const CARD_GROUPS = new Set(["4,4,4,4", "4,6,5", "4,4,4,4,3", "4,4,4,1", "4,6,4", "4,4,4,3"]);

function runStart(run: IdRun): number {
  const position = run.segment.wordIndexes.indexOf(run.wordIndexes[0] ?? -1);
  return run.segment.starts[position] ?? 0;
}

/** Card numbers: IIN range and length of a known network, Luhn, and grouped like a card or near a card word. */
export function detectCardNumbers(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  forEachIdRun(layout, 19, (run) => {
    const length = run.compact.length;
    if (length < 13) return false;
    const repaired = repairDigits(run.compact);
    if (!repaired || repaired.changes > 2) return true;
    if (!cardBrand(repaired.value) || !isLuhnValid(repaired.value)) return false;
    const grouped = CARD_GROUPS.has(run.pieces.map((piece) => piece.length).join(","));
    const labelled = CARD_LABEL.test(textBefore(layout, run.segment, runStart(run)));
    if (!labelled && !(grouped && repaired.changes === 0)) return false;
    found.push(makeFinding(layout, "card", run.wordIndexes, run.printed, repaired.value, repaired.changes === 0 ? 0.97 : 0.87));
    return true;
  });
  return found;
}

const NIR_CLASSES: CharClass[] = [...Array<CharClass>(5).fill("digit"), "digit", "either", ...Array<CharClass>(8).fill("digit")];

/** The NIR as printed or OCR-repaired; Corsica's department keeps its letter (2A, 2B). */
function checkedNir(compact: string): { value: string; changes: number } | null {
  const upper = compact.toUpperCase();
  if (isNirValid(upper)) return { value: upper, changes: 0 };
  const candidates = [repairDigits(compact), repairToClasses(compact, NIR_CLASSES)];
  for (const candidate of candidates) {
    if (!candidate || candidate.changes > 2) continue;
    if (isNirValid(candidate.value)) return candidate;
    // "28" read for Corsica's "2B" (the B/8 confusion).
    const corsican = candidate.value.slice(0, 5) + "2B" + candidate.value.slice(7);
    if (candidate.value.slice(5, 7) === "28" && candidate.changes < 2 && isNirValid(corsican)) return { value: corsican, changes: candidate.changes + 1 };
  }
  return null;
}

/** NIRs: 13 characters + 2-digit key, spaced "2 95 10 2A 123 456 78" or compact. */
export function detectNirs(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  forEachIdRun(layout, 15, (run) => {
    if (run.compact.length < 15) return false;
    if (run.compact.length > 15) return true;
    const nir = checkedNir(run.compact);
    if (nir) found.push(makeFinding(layout, "nir", run.wordIndexes, run.printed, nir.value, nir.changes === 0 ? 0.97 : 0.87));
    return true;
  });
  return found;
}
