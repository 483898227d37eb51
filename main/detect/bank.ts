/** Bank identifiers: IBAN (every country, mod 97), French RIB (RIB key), BIC (format, next to a label or an IBAN). */
import { countrySpecs, isValidBIC, isValidIBAN } from "ibantools";
import { ibanOfNearRib, isKeyCheckedRib } from "../ids/iban-of-rib.js";
import type { SensitiveFinding } from "../ingest/findings.js";
import { isRibValid } from "./checksums.js";
import { forEachIdRun, makeFinding, UNREADABLE } from "./finding.js";
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

/** Second readings of a character in a digit position: S is a 5 or an 8 ("BESS" for "BE85"). */
const SECOND_DIGIT: Readonly<Record<string, string>> = { S: "8", s: "8" };
const MAX_AMBIGUOUS = 2;

/**
 * The one IBAN the scanned characters can be read as: OCR confusions undone (letters allowed in an account
 * tried as printed first, then as the digits they resemble), an unreadable mark ("BE§6", "287% 313") tried
 * as every digit, an S as a 5 or an 8. Several characters in doubt give several readings; mod 97 must leave
 * exactly one, within MAX_IBAN_REPAIRS changes.
 */
function repairedIban(compact: string, classes: readonly CharClass[]): { value: string; changes: number } | null {
  const doubtful = [...compact].flatMap((char, i) => (UNREADABLE.test(char) || (SECOND_DIGIT[char] && classes[i] === "digit") ? [i] : []));
  if (doubtful.length > MAX_AMBIGUOUS) return null;
  let readings: { text: string; changes: number }[] = [{ text: compact, changes: 0 }];
  for (const position of doubtful) {
    const char = compact[position] ?? "";
    const options = UNREADABLE.test(char) ? [..."0123456789"].map((digit) => ({ digit, changes: 1 })) : [{ digit: char, changes: 0 }, { digit: SECOND_DIGIT[char] ?? char, changes: 1 }];
    readings = readings.flatMap((reading) => options.map(({ digit, changes }) => ({ text: reading.text.slice(0, position) + digit + reading.text.slice(position + 1), changes: reading.changes + changes })));
  }
  const digitsWherever = classes.map((kind): CharClass => (kind === "either" ? "digit" : kind));
  const valid = new Map<string, number>();
  for (const reading of readings) {
    for (const variant of [classes, digitsWherever]) {
      const repaired = repairToClasses(reading.text, variant);
      const changes = (repaired?.changes ?? 0) + reading.changes;
      if (repaired && changes <= MAX_IBAN_REPAIRS && isValidIBAN(repaired.value)) {
        valid.set(repaired.value, Math.min(changes, valid.get(repaired.value) ?? Infinity));
        break;
      }
    }
  }
  const [only] = valid.size === 1 ? [...valid] : [];
  return only ? { value: only[0], changes: only[1] } : null;
}

/** IBANs, spaced or not, split over words or continued on the next line; OCR-repaired when mod 97 then passes. */
export function detectIbans(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  forEachIdRun(layout, 34, (run) => {
    if (run.compact.length < 4) return false;
    let country = repairToClasses(run.compact.slice(0, 2), ["letter", "letter"])?.value ?? "";
    // OCR reads the F of "FR" as E or P ("ER76 1010…"): tried as FR, kept only if mod 97 then passes.
    const misreadFr = /^[EP]R$/.test(country) && !ibanClasses(country);
    if (misreadFr) country = "FR";
    const classes = ibanClasses(country);
    if (!classes || !repairDigits(run.compact.slice(2, 4).replace(new RegExp(UNREADABLE.source, "g"), "0"))) return true;
    if (run.compact.length < classes.length) return false;
    if (run.compact.length > classes.length) return true;
    const compact = misreadFr ? `FR${run.compact.slice(2)}` : run.compact;
    const upper = compact.toUpperCase();
    if (isValidIBAN(upper) && !misreadFr) {
      found.push(makeFinding(layout, "iban", run.wordIndexes, run.printed, upper, 0.99));
      return true;
    }
    const repaired = isValidIBAN(upper) ? { value: upper, changes: 1 } : repairedIban(compact, classes);
    if (repaired) found.push(makeFinding(layout, "iban", run.wordIndexes, run.printed, repaired.value, 0.9 - 0.05 * repaired.changes));
    return true;
  });
  return found;
}

/**
 * A French IBAN that fails mod 97 and that no repair reads, on a page whose RIB (its key checked) is its BBAN
 * but for one or two characters: that IBAN misread, the account's IBAN computed from the RIB (main/ids/iban-of-rib.ts,
 * the rule the invoice field is read by too). Its printed words are masked like any IBAN's.
 */
export function detectIbansOfRibs(layout: PageLayout, ribs: readonly SensitiveFinding[], ibans: readonly SensitiveFinding[]): SensitiveFinding[] {
  const checked = [...new Set(ribs.map((rib) => rib.normalized).filter(isKeyCheckedRib))];
  if (checked.length === 0) return [];
  const taken = new Set(ibans.flatMap((iban) => iban.wordIndexes));
  const found: SensitiveFinding[] = [];
  forEachIdRun(layout, 34, (run) => {
    if (run.compact.length < 4) return false;
    const upper = run.compact.toUpperCase();
    if (!/^(?:FR|MC)\d{2}/.test(upper)) return true;
    if (upper.length < 27) return false;
    if (upper.length > 27 || isValidIBAN(upper) || run.wordIndexes.some((index) => taken.has(index))) return true;
    const iban = ibanOfNearRib(upper, checked);
    if (iban) found.push(makeFinding(layout, "iban", run.wordIndexes, run.printed, iban, 0.8));
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
  found.push(...ribsOfTheIban(layout, bbans, new Set(found.flatMap((finding) => finding.wordIndexes))));
  return found;
}

/** Bank, branch and account after their labels (the last label maybe garbled), then the key's label and whatever the scan made of the key. */
const KEYLESS_RIB = /Banque\s*:?\s*([A-Za-z0-9|!]{5})\s+Guichet\s*:?\s*([A-Za-z0-9|!]{5})\s+\S{1,8}\s*:?\s*([A-Za-z0-9|!]{11})(?:\s+(?:Cl[ée]|cl[ée]|CL[ÉE]|Key)(?:\s*RIB)?\s*:?(?:\s*[^\s]{1,3})?)?(?![A-Za-z0-9])/gu;

/**
 * A French IBAN holds its RIB: the BBAN is bank, branch, account and RIB key. A RIB printed with its labels
 * whose key the scan made unreadable ("Banque 10107 Guichet 60603 Compte 99469713904 clé J") is the page's
 * checked IBAN's when its 21 characters are that BBAN's (one misread at most): the key is the IBAN's, and 21
 * characters of a mod-97-checked number are no chance match.
 */
function ribsOfTheIban(layout: PageLayout, bbans: readonly string[], taken: ReadonlySet<number>): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  if (bbans.length === 0) return found;
  for (const segment of layout.segments) {
    for (const match of segment.text.matchAll(KEYLESS_RIB)) {
      const compact = [match[1], match[2], match[3]].map((part) => (part ?? "").toUpperCase()).join("");
      const near = [...new Set(bbans)].filter((bban) => [...bban.slice(0, 21)].filter((char, i) => char !== compact[i]).length <= 1);
      const indexes = wordsInRange(segment, match.index, match.index + match[0].length);
      if (near.length !== 1 || !near[0] || indexes.some((index) => taken.has(index))) continue;
      found.push(makeFinding(layout, "rib", indexes, match[0], near[0], 0.8));
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
