/** Numbers that identify a person and are never stored: payment card numbers and the French NIR. */
import type { SensitiveFinding } from "../ingest/findings.js";
import { cardBrand, isLuhnValid, isNirValid } from "./checksums.js";
import { forEachIdRun, makeFinding, UNREADABLE, type IdRun } from "./finding.js";
import { textBefore, type PageLayout } from "./layout.js";
import { repairDigits, repairToClasses, type CharClass } from "./ocr-repair.js";

const CARD_LABEL = /\b(?:carte|card|CB|visa|master\s?card|amex|american\s+express|PAN|cr[ée]dit|d[ée]bit|payment|paiement|pay[ée])\b/i;
/** A card word ending the text right before a number (brand names included: "carte bancaire VISA"). */
const CARD_WORD_RIGHT_BEFORE = /\b(?:carte(?:\s+bancaire)?|card|CB|visa|master\s?card|amex|american\s+express|PAN)\b(?:\s+(?:n°|no\.?|number|num[ée]ro|bancaire|visa|mastercard|amex|cb))*\s*[:.°n]*\s*$/i;
const CARD_GROUPS = new Set(["4,4,4,4", "4,6,5", "4,4,4,4,3", "4,4,4,1", "4,6,4", "4,4,4,3"]);

function runStart(run: IdRun): number {
  const position = run.segment.wordIndexes.indexOf(run.wordIndexes[0] ?? -1);
  return run.segment.starts[position] ?? 0;
}

/**
 * A suspected card printed in four groups where one group slipped by a digit: a digit too many in a group of
 * five ("5555 45608 5217 7411"), or a group of three whose last digit, a 1, was read as a bracket or a bar
 * ("4970 375) 5538°0011"). Each reading tried; kept when exactly one is a 16-digit number of a known network
 * that passes Luhn (each wrong reading passes one time in ten, so two passing readings leave the number as read).
 */
function cardFromGroupSlip(layout: PageLayout, run: IdRun): string | null {
  const pieces = run.pieces.map((piece) => repairDigits(piece)?.value ?? "");
  if (pieces.length !== 4 || pieces.some((piece) => piece === "")) return null;
  const raw = run.wordIndexes.map((index) => layout.page.words[index]?.text ?? "").join(" ");
  const readings: string[] = [];
  pieces.forEach((piece, k) => {
    const others = (replacement: string): string => pieces.map((other, j) => (j === k ? replacement : other)).join("");
    if (piece.length === 5) for (let drop = 0; drop < 5; drop += 1) readings.push(others(piece.slice(0, drop) + piece.slice(drop + 1)));
    if (piece.length === 3 && [")", "]", "|", "!"].some((mark) => raw.includes(`${run.pieces[k] ?? ""}${mark}`))) readings.push(others(`${piece}1`));
  });
  const valid = new Set(readings.filter((reading) => reading.length === 16 && cardBrand(reading) && isLuhnValid(reading)));
  const [only] = valid.size === 1 ? [...valid] : [];
  return only ?? null;
}

/**
 * Card numbers: IIN range and length of a known network, Luhn, and grouped like a card or near a card word.
 * A card number is redacted, so a miss costs more than a false alarm: 13 to 19 digits printed right after
 * a card word ("Paiement carte bancaire VISA 4074 2241…") that OCR garbled past the checksum are reported
 * too, as suspected, with a low confidence.
 */
export function detectCardNumbers(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  const suspected = new Map<number, SensitiveFinding>();
  forEachIdRun(layout, 19, (run) => {
    const length = run.compact.length;
    if (length < 13) return false;
    const repaired = repairDigits(run.compact);
    if (!repaired || repaired.changes > 2) return true;
    if (!cardBrand(repaired.value) || !isLuhnValid(repaired.value)) {
      const first = run.wordIndexes[0] ?? -1;
      if (CARD_WORD_RIGHT_BEFORE.test(textBefore(layout, run.segment, runStart(run), false).slice(-48))) {
        const reread = cardFromGroupSlip(layout, run);
        suspected.set(first, makeFinding(layout, "card", run.wordIndexes, run.printed, reread ?? repaired.value, reread ? 0.6 : 0.5));
      }
      return false;
    }
    const grouped = CARD_GROUPS.has(run.pieces.map((piece) => piece.length).join(","));
    const labelled = CARD_LABEL.test(textBefore(layout, run.segment, runStart(run)));
    if (!labelled && !(grouped && repaired.changes === 0)) return false;
    found.push(makeFinding(layout, "card", run.wordIndexes, run.printed, repaired.value, repaired.changes === 0 ? 0.97 : 0.87));
    return true;
  });
  // The longest suspected run per start (kept last), none inside a checked card or another suspect.
  const taken = new Set(found.flatMap((finding) => finding.wordIndexes));
  for (const suspect of [...suspected.values()].sort((a, b) => b.wordIndexes.length - a.wordIndexes.length)) {
    if (suspect.wordIndexes.some((index) => taken.has(index))) continue;
    suspect.wordIndexes.forEach((index) => taken.add(index));
    found.push(suspect);
  }
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

/** A NIR's label ending the text before the number (a scan's marks after it allowed). */
const NIR_LABEL = /(?:s[ée]curit[ée]\s+sociale|\bN°\s*SS\b|\bNIR\b|assur[ée]\s+social|social\s+security(?:\s+(?:no\.?|number))?)(?:\s+(?:du|de\s+la|de\s+l['’]|des?)\s*\p{L}+)?[^\p{L}\d]{0,6}$/iu;

/**
 * A NIR with one character a scan made unreadable ("1 85 07 75 1§3 456 08"): each digit tried in its place,
 * kept when exactly one reading passes the key. About one random 15-character run in ten passes a key of 97
 * with some digit there, so only right after a NIR label.
 */
function nirWithUnreadable(compact: string): { value: string; changes: number } | null {
  const unreadable = [...compact].flatMap((char, i) => (UNREADABLE.test(char) ? [i] : []));
  if (unreadable.length !== 1) return null;
  const position = unreadable[0] ?? 0;
  const valid = new Set<string>();
  for (const digit of "0123456789") {
    const nir = checkedNir(compact.slice(0, position) + digit + compact.slice(position + 1));
    if (nir && nir.changes <= 1) valid.add(nir.value);
  }
  const [only] = valid.size === 1 ? [...valid] : [];
  return only ? { value: only, changes: 1 } : null;
}

/**
 * A NIR whose first digit (the sex, 1 or 2) the scan lost or read as a speck ("NIR du stagiaire Fd 61 04 31 021 853 87"):
 * the other 14 characters in the NIR's own groups (2 2 2 3 3 2), right after a NIR label and at most one short
 * speck word; 1 and 2 tried in front, kept when exactly one passes the key (about one run in fifty would by chance,
 * hence the label and the groups).
 */
function nirWithoutFirstDigit(layout: PageLayout, run: IdRun): string | null {
  if (run.compact.length !== 14 || run.pieces.map((piece) => piece.length).join(",") !== "2,2,2,3,3,2") return null;
  const before = textBefore(layout, run.segment, runStart(run), false).slice(-80);
  const speck = /\s[^\s\d]{1,2}\s*$/u.exec(before);
  if (!NIR_LABEL.test(before) && !(speck && NIR_LABEL.test(before.slice(0, speck.index)))) return null;
  const valid = ["1", "2"].filter((digit) => checkedNir(digit + run.compact)?.changes === 0);
  return valid.length === 1 && valid[0] ? checkedNir(valid[0] + run.compact)?.value ?? null : null;
}

/** NIRs: 13 characters + 2-digit key, spaced "2 95 10 2A 123 456 78" or compact. */
export function detectNirs(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  forEachIdRun(layout, 15, (run) => {
    const withoutFirst = nirWithoutFirstDigit(layout, run);
    if (withoutFirst) {
      found.push(makeFinding(layout, "nir", run.wordIndexes, run.printed, withoutFirst, 0.7));
      return true;
    }
    if (run.compact.length < 15) return false;
    if (run.compact.length > 15) return true;
    const nir = checkedNir(run.compact);
    if (nir) found.push(makeFinding(layout, "nir", run.wordIndexes, run.printed, nir.value, nir.changes === 0 ? 0.97 : 0.87));
    else if (NIR_LABEL.test(textBefore(layout, run.segment, runStart(run), false).slice(-80))) {
      const guessed = nirWithUnreadable(run.compact);
      if (guessed) found.push(makeFinding(layout, "nir", run.wordIndexes, run.printed, guessed.value, 0.75));
    }
    return true;
  });
  return found;
}
