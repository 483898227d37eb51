/** Bank identifiers: IBAN (every country, mod 97), French RIB (RIB key), BIC (format, next to a label or an IBAN). */
import { countrySpecs, isValidBIC, isValidIBAN } from "ibantools";
import type { SensitiveFinding } from "../ingest/findings.js";
import { isRibValid } from "./checksums.js";
import { forEachIdRun, makeFinding } from "./finding.js";
import { textBefore, wordsInRange, type PageLayout } from "./layout.js";
import { classesFromPattern, repairDigits, repairToClasses, type CharClass } from "./ocr-repair.js";

const MAX_IBAN_REPAIRS = 3;
const ibanClassCache = new Map<string, CharClass[] | null>();

function ibanClasses(country: string): CharClass[] | null {
  if (ibanClassCache.has(country)) return ibanClassCache.get(country) ?? null;
  const spec = countrySpecs[country];
  const bban = spec?.bban_regexp ? classesFromPattern(spec.bban_regexp) : null;
  const classes = bban && spec?.chars === bban.length + 4 ? (["letter", "letter", "digit", "digit", ...bban] as CharClass[]) : null;
  ibanClassCache.set(country, classes);
  return classes;
}

/** IBANs, spaced or not, split over words or continued on the next line; OCR-repaired when mod 97 then passes. */
export function detectIbans(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  forEachIdRun(layout, 34, (run) => {
    if (run.compact.length < 4) return false;
    const country = repairToClasses(run.compact.slice(0, 2), ["letter", "letter"])?.value ?? "";
    const classes = ibanClasses(country);
    if (!classes || !repairDigits(run.compact.slice(2, 4))) return true;
    if (run.compact.length < classes.length) return false;
    if (run.compact.length > classes.length) return true;
    const upper = run.compact.toUpperCase();
    if (isValidIBAN(upper)) {
      found.push(makeFinding(layout, "iban", run.wordIndexes, run.printed, upper, 0.99));
      return true;
    }
    // Letters allowed in an account are tried as printed first, then as the digits they resemble.
    const digitsWherever = classes.map((kind): CharClass => (kind === "either" ? "digit" : kind));
    for (const variant of [classes, digitsWherever]) {
      const repaired = repairToClasses(run.compact, variant);
      if (repaired && repaired.changes <= MAX_IBAN_REPAIRS && isValidIBAN(repaired.value)) {
        found.push(makeFinding(layout, "iban", run.wordIndexes, run.printed, repaired.value, 0.9 - 0.05 * repaired.changes));
        break;
      }
    }
    return true;
  });
  return found;
}

const RIB_CLASSES: CharClass[] = [...Array<CharClass>(10).fill("digit"), ...Array<CharClass>(11).fill("either"), "digit", "digit"];

/** A 23-character RIB, checked with its key; the account's letters count per the RIB rule. */
function checkedRib(compact: string): { value: string; changes: number } | null {
  const direct = compact.toUpperCase();
  const valid = (value: string): boolean => isRibValid(value.slice(0, 5), value.slice(5, 10), value.slice(10, 21), value.slice(21));
  if (valid(direct)) return { value: direct, changes: 0 };
  for (const repaired of [repairToClasses(compact, RIB_CLASSES), repairDigits(compact)]) {
    if (repaired && repaired.changes <= 2 && valid(repaired.value)) return repaired;
  }
  return null;
}

const LABELLED_RIB = /Banque\s*:?\s*(\S+)\s+Guichet\s*:?\s*(\S+)\s+(?:Compte|N°\s*(?:de\s*)?compte)\s*:?\s*(\S+)\s+Cl[ée]\s*(?:RIB\s*)?:?\s*(\S{2})\b/giu;
/**
 * The same with the last two labels garbled by a scan ("Compte" read "cope", "Clé" read "ci"): any short
 * word in their place. The 23 characters must then pass the RIB key (one chance in 97 for random digits).
 */
const GARBLED_RIB = /Banque\s*:?\s*([A-Za-z0-9|!]{5})\s+Guichet\s*:?\s*([A-Za-z0-9|!]{5})\s+\S{1,8}\s*:?\s*([A-Za-z0-9|!]{11})\s+\S{1,4}\s*:?\s*([A-Za-z0-9|!]{2})(?![A-Za-z0-9])/gu;

/**
 * French RIBs: "30004 01234 12345678901 23" (or one block after a RIB label) and "Banque … Guichet … Compte … Clé …".
 * A RIB whose key fails by one character that the page's IBAN (mod 97 checked) holds as its BBAN is that
 * RIB misread ("69246554809" under IBAN …2465 9480 9…).
 */
export function detectRibs(layout: PageLayout, ibans: readonly SensitiveFinding[] = []): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  const bbans = ibans.filter((iban) => /^(?:FR|MC)\d{2}/.test(iban.normalized) && iban.normalized.length === 27).map((iban) => iban.normalized.slice(4)).filter((bban) => checkedRib(bban)?.changes === 0);
  const fromIban = (compact: string): string | null => {
    const near = bbans.filter((bban) => bban.length === compact.length && [...bban].filter((char, i) => char !== compact[i]?.toUpperCase()).length === 1);
    return near.length === 1 && near[0] ? near[0] : null;
  };
  forEachIdRun(layout, 23, (run) => {
    if (run.compact.length < 23) return false;
    const lengths = run.pieces.map((piece) => piece.length).join(",");
    const labelled = /\bR\.?I\.?B\.?\b[^A-Za-z]*$/i.test(textBefore(layout, run.segment, run.segment.starts[run.segment.wordIndexes.indexOf(run.wordIndexes[0] ?? -1)] ?? 0));
    if (lengths !== "5,5,11,2" && !(labelled && run.pieces.length <= 4)) return true;
    const rib = checkedRib(run.compact);
    if (rib) found.push(makeFinding(layout, "rib", run.wordIndexes, run.printed, rib.value, rib.changes === 0 ? 0.97 : 0.88));
    const bban = rib ? null : fromIban(run.compact);
    if (bban) found.push(makeFinding(layout, "rib", run.wordIndexes, run.printed, bban, 0.8));
    return true;
  });
  for (const segment of layout.segments) {
    const matches = [...segment.text.matchAll(LABELLED_RIB)];
    if (matches.length === 0) matches.push(...segment.text.matchAll(GARBLED_RIB));
    for (const match of matches) {
      const compact = [match[1], match[2], match[3], match[4]].map((part) => (part ?? "").replace(/[^A-Za-z0-9|!]/g, "")).join("");
      if (compact.length !== 23) continue;
      const rib = checkedRib(compact);
      if (!rib) continue;
      const from = match.index;
      const to = from + match[0].length;
      found.push(makeFinding(layout, "rib", wordsInRange(segment, from, to), match[0], rib.value, rib.changes === 0 ? 0.98 : 0.9));
    }
  }
  return found;
}

const BIC_SHAPE = /^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;
const BIC_LABEL_BEFORE = /(?:\bBIC|\bSWIFT|B\.I\.C\.?)(?:\s*(?:\/|-|ou|or)\s*(?:BIC|SWIFT))?(?:\s*code)?\s*[:.]?\s*$/i;

/** BICs: the right shape and a known country, right after a BIC/SWIFT label or on / below an IBAN's line. */
export function detectBics(layout: PageLayout, ibans: readonly SensitiveFinding[]): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  const ibanWords = new Set(ibans.flatMap((finding) => finding.wordIndexes));
  const ibanCountries = new Map<number, string>();
  for (const segment of layout.segments) {
    const iban = ibans.find((finding) => finding.wordIndexes.some((index) => segment.wordIndexes.includes(index)));
    if (iban) ibanCountries.set(segment.id, iban.normalized.slice(0, 2));
  }
  for (const segment of layout.segments) {
    const ibanCountry = ibanCountries.get(segment.id) ?? ibanCountries.get(layout.above[segment.id] ?? -1);
    segment.wordIndexes.forEach((index, position) => {
      const text = layout.page.words[index]?.text ?? "";
      // A scan's quotes and bars around the code are not part of it ("‘BREDFRPPXXX.").
      const candidate = text.replace(/^.*:/, "").replace(/^[‘’'"“”|*«»_(]+/u, "").replace(/[,;.)‘’'"“”|*«»_°-]+$/u, "");
      if (ibanWords.has(index) || candidate.length < 8) return;
      const start = (segment.starts[position] ?? 0) + (text.length - text.replace(/^.*:/, "").length);
      const before = textBefore(layout, segment, start, false);
      const labelled = BIC_LABEL_BEFORE.test(before) || (text.includes(":") && /BIC|SWIFT/i.test(text));
      let bic = BIC_SHAPE.test(candidate) && isValidBIC(candidate) ? candidate : null;
      // After a BIC label, digits OCR read in the bank and country letters ("B0FAUS3N", "BNPAFRPPXXX" with
      // a 5 for the S...) are tried as the letters they resemble, kept only for a known country.
      if (!bic && labelled && (candidate.length === 8 || candidate.length === 11)) {
        const classes: CharClass[] = [...Array<CharClass>(6).fill("letter"), ...Array<CharClass>(candidate.length - 6).fill("either")];
        const repaired = repairToClasses(candidate, classes);
        if (repaired && repaired.changes > 0 && repaired.changes <= 2 && BIC_SHAPE.test(repaired.value) && isValidBIC(repaired.value)) bic = repaired.value;
      }
      if (!bic) return;
      // Unlabelled, only a BIC of the IBAN's country next to it (an ordinary word rarely fits that).
      if (!labelled && bic.slice(4, 6) !== ibanCountry) return;
      found.push(makeFinding(layout, "bic", [index], candidate, bic, labelled ? (bic === candidate ? 0.95 : 0.85) : 0.8));
    });
  }
  return found;
}
