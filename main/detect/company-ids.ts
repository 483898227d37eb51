/** Company identifiers: SIREN, SIRET (Luhn, La Poste exception), French VAT (key from SIREN), EU VAT numbers (stdnum). */
import { hasFrenchLetterKey, isValidVatNumber, VAT_PREFIXES } from "../ids/company-ids.js";
import type { SensitiveFinding } from "../ingest/findings.js";
import { frenchVatKey, isFrenchVatValid, isSirenValid, isSiretValid } from "./checksums.js";
import { forEachIdRun, makeFinding, type IdRun } from "./finding.js";
import { textBefore, wordsInRange, type PageLayout } from "./layout.js";
import { repairDigits, repairToClasses, type CharClass } from "./ocr-repair.js";

/** After SIREN, RCS (a scan's "RGS" too) with its city and register letter, or "Company No.". */
const SIREN_LABEL = /(?:\bSIREN|\bR\.?[CG]\.?S\.?(?:\s+[\p{L}' -]{2,30}?)?(?:\s+[AB])?|Company\s+No\.?(?:\s*\(SIREN\))?)\s*[:n°.]*\s*$/iu;
const SIRET_LABEL = /\bSIRET\s*(?:n°|no\.?)?\s*[:.]?\s*$|N°\s*SIRET\s*[:.]?\s*$/iu;

function runStart(run: IdRun): number {
  const position = run.segment.wordIndexes.indexOf(run.wordIndexes[0] ?? -1);
  return run.segment.starts[position] ?? 0;
}

const groupLengths = (run: IdRun): string => run.pieces.map((piece) => piece.length).join(",");

/** SIRETs next to a SIRET label or printed "123 456 789 01234"; SIRENs next to a SIREN/RCS label. */
export function detectSirenSiret(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  forEachIdRun(layout, 14, (run) => {
    const length = run.compact.length;
    if (length !== 9 && length !== 14) return length > 14;
    const repaired = repairDigits(run.compact);
    if (!repaired || repaired.changes > 2) return length === 14;
    const before = textBefore(layout, run.segment, runStart(run), false);
    const confidence = repaired.changes === 0 ? 0.97 : 0.87;
    if (length === 14) {
      const shaped = groupLengths(run) === "3,3,3,5" || groupLengths(run) === "9,5";
      // The label right before, or at least close by (a text layer may glue it to another word), or glued to
      // the number's first group by a colon ("SIRET:.472 450 29500077").
      const labelled = SIRET_LABEL.test(before) || /SIRET/i.test(before.slice(-40)) || /^SIRET\s*[:.]/i.test(layout.page.words[run.wordIndexes[0] ?? -1]?.text ?? "");
      if ((labelled || shaped) && isSiretValid(repaired.value)) {
        found.push(makeFinding(layout, "siret", run.wordIndexes, run.printed, repaired.value, confidence));
      }
      return true;
    }
    // A scan may close one gap of "511 048 340" ("511048 340").
    const shaped = ["3,3,3", "9", "6,3", "3,6"].includes(groupLengths(run));
    if (shaped && SIREN_LABEL.test(before) && isSirenValid(repaired.value)) {
      found.push(makeFinding(layout, "siren", run.wordIndexes, run.printed, repaired.value, confidence));
    }
    return false;
  });
  return found;
}

const isVatPrefix = (prefix: string): boolean => VAT_PREFIXES.includes(prefix);

/** A VAT number of another country than France, checked as classify checks it (main/ids/company-ids.ts). */
const isForeignVatValid = (compact: string): boolean => !compact.startsWith("FR") && isValidVatNumber(compact);

const FR_VAT_CLASSES: CharClass[] = ["letter", "letter", ...Array<CharClass>(11).fill("digit")];

/** The canonical VAT number if `compact` is one (as printed, or OCR-repaired for the French key). */
function checkedVat(compact: string): { value: string; changes: number } | null {
  const upper = compact.toUpperCase();
  if (upper.startsWith("FR")) {
    const repaired = repairToClasses(compact, FR_VAT_CLASSES);
    const repairedValid = repaired !== null && repaired.changes <= 2 && isFrenchVatValid(repaired.value);
    // An old letter key passes for one digit key in eleven: a key read with a look-alike letter ("S5" for "55")
    // that also passes as the digit key it stands for is that digit key.
    if (repairedValid && hasFrenchLetterKey(upper)) return repaired;
    if (isFrenchVatValid(upper)) return { value: upper, changes: 0 };
    return repairedValid ? repaired : null;
  }
  if (isForeignVatValid(upper)) return { value: upper, changes: 0 };
  // Digits after the prefix misread as letters (CHE and ES numbers keep their letters as printed).
  const prefix = upper.startsWith("CHE") ? 3 : 2;
  const body = repairDigits(compact.slice(prefix).replace(/MWST$|TVA$|IVA$/i, ""));
  const suffix = /MWST$|TVA$|IVA$/i.exec(upper)?.[0] ?? "";
  if (body && body.changes > 0 && body.changes <= 2) {
    const value = upper.slice(0, prefix) + body.value + suffix;
    if (isForeignVatValid(value)) return { value, changes: body.changes };
  }
  return null;
}

/** VAT numbers: FR (key from the SIREN) and the EU / UK / CH formats stdnum knows. */
export function detectVatNumbers(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  forEachIdRun(layout, 18, (run) => {
    // "F R68…": a prefix split from its number by OCR; wait for the second letter.
    if (run.compact.length < 2) return false;
    let prefix = repairToClasses(run.compact.slice(0, 2), ["letter", "letter"])?.value ?? "";
    // OCR reads the F of "FR" as E or P, its R as K: tried as FR, kept only if the French key then passes.
    const misreadFr = !isVatPrefix(prefix) && /^(?:[EP]R|F[KH])$/.test(prefix);
    if (misreadFr) prefix = "FR";
    if (!isVatPrefix(prefix)) return true;
    if (run.compact.length < 8) return false;
    if (misreadFr && run.compact.length !== 13) return run.compact.length > 13;
    const vat = checkedVat(prefix + run.compact.slice(2));
    if (!vat) return false;
    const changes = vat.changes + (misreadFr ? 1 : 0);
    if (changes > 2) return false;
    found.push(makeFinding(layout, "vat", run.wordIndexes, run.printed, vat.value, changes === 0 ? 0.97 : 0.87));
    return true;
  });
  return found;
}

const hamming = (a: string, b: string): number => (a.length !== b.length ? Infinity : [...a].filter((char, i) => char !== b[i]).length);

/**
 * A SIREN is printed several times on a page (in the SIRET, the VAT number, after RCS). When one of them
 * passed its checksum, another that fails it by one character ("RCS Paris B 702 598 336" beside SIRET
 * 792 598 336 00016, "FR 70 792 538 336", "FRO0854437233" whose key is garbled) is that SIREN misread:
 * taken when the corrected value passes its own check too (the VAT key, the SIRET's Luhn).
 */
export function detectCrossCheckedCompanyIds(layout: PageLayout, known: readonly SensitiveFinding[]): SensitiveFinding[] {
  const sirens = new Set<string>();
  for (const finding of known) {
    if (finding.page !== layout.page.page) continue;
    if (finding.type === "siren") sirens.add(finding.normalized);
    if (finding.type === "siret") sirens.add(finding.normalized.slice(0, 9));
    if (finding.type === "vat" && finding.normalized.startsWith("FR")) sirens.add(finding.normalized.slice(4));
  }
  if (sirens.size === 0) return [];
  const taken = new Set(known.flatMap((finding) => finding.wordIndexes));
  const found: SensitiveFinding[] = [];
  const nearest = (digits: string): string | null => {
    const near = [...sirens].filter((siren) => hamming(siren, digits) === 1);
    return near.length === 1 && near[0] ? near[0] : null;
  };
  // Characters as digits where OCR confusions allow, "?" where nothing does ("FR279p3528886").
  const readDigits = (text: string): string => [...text].map((char) => repairDigits(char)?.value ?? "?").join("");
  forEachIdRun(layout, 14, (run) => {
    if (run.wordIndexes.some((index) => taken.has(index))) return true;
    const before = textBefore(layout, run.segment, runStart(run), false);
    const upper = run.compact.toUpperCase();
    if (/^(?:FR|[EP]R|F[KH])/.test(upper)) {
      // FR + key + SIREN: one character off (a digit misread or unreadable, in the key or the SIREN).
      const body = readDigits(run.compact.slice(2));
      if (body.length < 11) return false;
      if (body.length > 11) return true;
      const matches = [...sirens].filter((siren) => hamming(frenchVatKey(siren) + siren, body) === 1);
      const siren = matches.length === 1 ? matches[0] : undefined;
      if (siren) found.push(makeFinding(layout, "vat", run.wordIndexes, run.printed, `FR${frenchVatKey(siren)}${siren}`, 0.8));
      return true;
    }
    // "RCS Lyon B 938 576 832!": a SIREN the page proves, then a speck OCR read as "!" or "|" at its end.
    if (run.compact.length === 10 && /[!|]$/.test(run.compact) && sirens.has(run.compact.slice(0, 9)) && SIREN_LABEL.test(before)) {
      found.push(makeFinding(layout, "siren", run.wordIndexes, run.printed, run.compact.slice(0, 9), 0.8));
      return true;
    }
    const digits = repairDigits(run.compact);
    if (!digits || digits.changes > 1) return run.compact.length >= 14;
    if (digits.value.length === 9 && (groupLengths(run) === "3,3,3" || groupLengths(run) === "9") && SIREN_LABEL.test(before) && !isSirenValid(digits.value)) {
      const siren = nearest(digits.value);
      if (siren) found.push(makeFinding(layout, "siren", run.wordIndexes, run.printed, siren, 0.8));
      return false;
    }
    if (digits.value.length === 14 && (SIRET_LABEL.test(before) || /SIRET/i.test(before.slice(-40))) && !isSiretValid(digits.value)) {
      const siren = nearest(digits.value.slice(0, 9));
      if (siren && isSiretValid(siren + digits.value.slice(9))) found.push(makeFinding(layout, "siret", run.wordIndexes, run.printed, siren + digits.value.slice(9), 0.8));
      return true;
    }
    return false;
  });
  found.push(...siretsWithUnreadableCharacters(layout, sirens, taken));
  return found;
}

/** A SIRET label, then the 14 characters of one word or of its groups ("SIRET: §5443723300p42", "SIRET 854 437 233 00?42"). */
const SIRET_THEN_WORDS = /(?:\bSIRET|N°\s*SIRET)\s*(?:n°|no\.?)?\s*[:.]?\s*((?:[^\s:]{1,14})(?:\s[^\s:]{1,6}){0,4})/giu;
const MAX_UNREADABLE = 2;

/**
 * A SIRET whose characters a scan made unreadable as digits ("§" for an 8, "p" for a 0), after its label:
 * the first nine one character off a SIREN the page proves (checksummed in a SIRET, a VAT number or after
 * RCS), the establishment number with at most one unreadable character, which Luhn then fixes (one digit
 * only passes). Two unreadable or wrong characters at most.
 */
function siretsWithUnreadableCharacters(layout: PageLayout, sirens: ReadonlySet<string>, taken: ReadonlySet<number>): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  for (const segment of layout.segments) {
    for (const match of segment.text.matchAll(SIRET_THEN_WORDS)) {
      const groups = match[1] ?? "";
      const from = match.index + match[0].length - groups.length;
      // Group by group, up to 14 characters (the next value may follow on the line).
      let compact = "";
      let length = 0;
      for (const group of groups.split(" ")) {
        // Separators and marks are no characters of the number ("4011578700008 -" is 13 of them, not 14).
        const cleaned = group.replace(/[^A-Za-z0-9|!§%£€]/g, "");
        // A group without a digit is the next word ("N°" of the VAT label), not part of the number.
        if (!/\d/.test(cleaned)) break;
        if (compact.length + cleaned.length > 14) break;
        compact += cleaned;
        length += (length > 0 ? 1 : 0) + group.length;
        if (compact.length === 14) break;
      }
      if (compact.length !== 14) continue;
      const indexes = wordsInRange(segment, from, from + length);
      if (indexes.some((index) => taken.has(index))) continue;
      const read = [...compact].map((char) => repairDigits(char)?.value ?? "?").join("");
      const unreadable = [...read].filter((char) => char === "?").length;
      if (unreadable === 0 || unreadable > MAX_UNREADABLE) continue;
      const near = [...sirens].filter((siren) => hamming(siren, read.slice(0, 9)) <= 1);
      const siren = near.length === 1 ? near[0] : undefined;
      const nic = read.slice(9);
      if (!siren || (nic.match(/\?/g) ?? []).length > 1 || hamming(siren, read.slice(0, 9)) + (nic.includes("?") ? 1 : 0) > MAX_UNREADABLE) continue;
      const candidates = nic.includes("?") ? [..."0123456789"].map((digit) => siren + nic.replace("?", digit)) : [siren + nic];
      const valid = candidates.filter(isSiretValid);
      if (valid.length !== 1 || !valid[0]) continue;
      found.push(makeFinding(layout, "siret", indexes, segment.text.slice(from, from + length), valid[0], 0.75));
    }
  }
  return found;
}
