/** Contact details: email addresses and phone numbers (libphonenumber-js, max metadata, valid numbers only). */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import type { SensitiveFinding } from "../ingest/findings.js";
import { foldAccents, markedDomainLetters, repairEmails } from "./email-repair.js";
import { makeFinding } from "./finding.js";
import { textBefore, wordsInRange, type PageLayout } from "./layout.js";

/** The top-level domain all lower or all upper case, so a word glued after it ("x.frTel") is left out. */
const EMAIL = /[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:[a-z]{2,24}|[A-Z]{2,24})(?![A-Za-z0-9])|[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,24}(?=[A-Z])/g;
/** A label glued in front of the address by a text layer ("SIRETinvoices@…", "E-mail:x@…"). */
const GLUED_LABEL = /^(?:.*:|SIRET|SIREN|TVA|VAT|E-?mail|Email|EMAIL|Mail|Courriel|M[ée]l|Tel|T[ée]l)(?=[a-z0-9])/;

/**
 * An address that OCR cut into words: a space before or after the "@" ("facturation @azur-telecom.fr"),
 * after a dot of the local part ("oliver. hughes@…"), after the dot of the top-level domain
 * ("…@papeterie-dufresne. fr"), or that dot read as a colon or lost ("…@gentconsult:be", "…-dufresne fr");
 * a space before a dot of the local part ("sophie .walker@…") or after a hyphen of the domain ("roux- -plomberie"),
 * a comma for a local dot ("emily, garcia@…"), a quote for the top-level domain's dot ("…-cadet’ fr").
 * Groups: local part, the part after a split local dot, space before / after "@", domain, separator, TLD.
 */
const EMAIL_SPLIT =
  /([A-Za-z0-9][A-Za-z0-9_%+'-]*(?:\.[A-Za-z0-9_%+'-]+)*)(?:(\.\s|\s\.|,\s?)([a-z0-9][a-z0-9._%+'-]*))?(\s?)@(\s?)([A-Za-z0-9-]+(?:(?:\.|-\s+-?)[A-Za-z0-9-]+)*?)(\.\s|:|\.|\s|['’]\s?)(fr|com|net|org|eu|be|ch|uk|lu|nl|de|it|es|io)(?![A-Za-z0-9@])/g;
/** A top-level domain that is also a word ("de", "it", "es") is not joined across a bare space. */
const SPACED_TLD = new Set(["fr", "com", "net", "org", "eu", "be", "ch", "uk", "lu", "nl", "io"]);

export function detectEmails(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  const takenBySegment = new Map<number, [number, number][]>();
  for (const segment of layout.segments) {
    if (!segment.text.includes("@")) continue;
    // OCR puts accents on letters of an address ("fâcturation@…"): read without them, same offsets.
    const text = markedDomainLetters(foldAccents(segment.text), layout);
    // Split addresses first: the whole of "oliver. hughes@…" wins over its tail "hughes@…".
    const taken: [number, number][] = [];
    takenBySegment.set(segment.id, taken);
    for (const match of text.matchAll(EMAIL_SPLIT)) {
      const [whole, local = "", localSplitter, splitLocal, beforeAt = "", afterAt = "", spacedDomain = "", separator = "", tld = ""] = match;
      // A comma for a local dot ("emily, garcia@…") only between lower-case words (not "Paul, paul@…").
      if (localSplitter?.startsWith(",") && (local !== local.toLowerCase() || /[^a-z0-9._-]/.test(local))) continue;
      const domain = spacedDomain.replace(/-\s+-?/g, "-");
      const split = splitLocal !== undefined || beforeAt !== "" || afterAt !== "" || separator !== "." || domain !== spacedDomain;
      if (!split || (separator === " " && !SPACED_TLD.has(tld)) || (separator === " " && domain.includes("."))) continue;
      const cleanLocal = local.replace(GLUED_LABEL, "");
      const start = match.index + (local.length - cleanLocal.length);
      const end = match.index + whole.length;
      if (taken.some(([from, to]) => from < end && to > start)) continue;
      const value = `${cleanLocal}${splitLocal !== undefined ? `.${splitLocal}` : ""}@${domain}.${tld}`;
      if (!/^[A-Za-z0-9]/.test(value)) continue;
      taken.push([start, end]);
      found.push(makeFinding(layout, "email", wordsInRange(segment, start, end), value, value.toLowerCase(), 0.85));
    }
    for (const match of text.matchAll(EMAIL)) {
      const value = match[0].replace(GLUED_LABEL, "");
      const from = match.index + (match[0].length - value.length);
      if (taken.some(([start, end]) => start < from + value.length && end > from)) continue;
      taken.push([from, from + value.length]);
      found.push(makeFinding(layout, "email", wordsInRange(segment, from, from + value.length), value, value.toLowerCase(), 0.98));
    }
  }
  repairEmails(layout, found, takenBySegment);
  return found;
}

/**
 * Phone shapes: international (+33 1 42 …, +44 (0)20 …), French national in pairs (01 42 68 53 00,
 * 01.42.68.53.00), North American national ((212) 555-0142); any digits right after a phone label.
 */
const PHONE_SHAPES: readonly { pattern: RegExp; country: CountryCode | undefined }[] = [
  { pattern: /\+\s?\d{1,3}(?:\s?\(0\))?(?:[\s.\-/]?\(?\d{1,4}\)?|,\d{2}){2,7}/g, country: undefined },
  // Not glued to letters: "FRO0854437233" is a VAT number the scan misread, not a phone.
  { pattern: /(?<![\d,.A-Za-z])0\d(?:[\s.-]?\d{2}){4}(?![\d,])/g, country: "FR" },
  { pattern: /\(\d{3}\)\s?\d{3}[\s.-]\d{4}(?!\d)/g, country: "US" },
];
/** A French number in pairs parted by dots, one of which may be a colon (checked by the caller: exactly one). */
const COLON_FOR_DOT = /(?<![\d,.:A-Za-z])0\d[.:]\d{2}[.:]\d{2}[.:]\d{2}[.:]\d{2}(?![\d,:])/g;
const PHONE_LABEL = /(?:T[ée]l(?:[ée]phone)?|Phone|Mobile|Portable|Fax|Standard|\bT|Tel|Ph|Mob|Gsm)\s*\.?\s*(?:\/\s*Fax\s*)?[:.]?\s*$/i;
/** The number may start with a letter a scan read for its 0 ("OL 11 07 21 63"). */
const LABELLED_DIGITS = /[+(]?[\dOo][\d\s.()\-/OoBSlILZ]{6,20}\d/g;
/** After a phone label, letters a scan reads for digits ("+33 4 B0 33 70 31", "OL 11 07 21 63"). */
const PHONE_LETTER_DIGITS: Readonly<Record<string, string>> = { O: "0", o: "0", B: "8", S: "5", l: "1", I: "1", L: "1", Z: "2" };

/**
 * A French number printed in pairs where one group holds a third character, a letter a scan put there
 * ("02 54 52 97 B88"): read with that letter dropped, when the pairs are then whole and the number valid.
 */
function strayLetterDropped(text: string): string | null {
  const groups = text.split(/[\s.]+/);
  const odd = groups.filter((group) => group.length !== 2);
  if (groups.length !== 5 || odd.length !== 1 || !/^(?:[OoBSlIZ]\d{2}|\d{2}[OoBSlIZ])$/.test(odd[0] ?? "")) return null;
  const digits = groups.map((group) => group.replace(/[OoBSlIZ]/, "")).join(" ");
  return /^0\d(?: \d{2}){4}$/.test(digits) ? validPhone(digits, "FR") : null;
}

/** "Tel: 434962169922": the "+" of an international number read as a 4, when the number is then valid. */
function plusReadAsFour(digits: string): string | null {
  const compact = digits.replace(/[\s.()\-/]/g, "");
  return /^4\d{10,13}$/.test(compact) ? validPhone(`+${compact.slice(1)}`, undefined) : null;
}

function validPhone(text: string, country: CountryCode | undefined): string | null {
  const parsed = parsePhoneNumberFromString(text, country ? { defaultCountry: country } : undefined);
  return parsed?.isValid() ? parsed.number : null;
}

export function detectPhones(layout: PageLayout, documentCountry: CountryCode = "FR"): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  const taken = new Set<string>();
  const add = (segmentId: number, from: number, text: string, e164: string, confidence: number): void => {
    const key = `${segmentId}:${from}`;
    const segment = layout.segments[segmentId];
    if (!segment || taken.has(key)) return;
    taken.add(key);
    found.push(makeFinding(layout, "phone", wordsInRange(segment, from, from + text.length), segment.text.slice(from, from + text.length), e164, confidence));
  };
  for (const segment of layout.segments) {
    // A scan reads a space between digit groups as a quote or a degree sign ("+32 9 283'51 88"): read it
    // as the space it is (same offsets).
    // A dot between the pairs of a French number read as a colon ("01:23.45.67.89", "01.42:68.53.00"): read
    // as the dot it is when the other separators are dots (same offsets).
    const spaced = segment.text.replace(/(?<=\d)['’‘`°](?=\d)/g, " ").replace(COLON_FOR_DOT, (number: string) => ((number.match(/:/g) ?? []).length === 1 ? number.replace(":", ".") : number));
    for (const { pattern, country } of PHONE_SHAPES) {
      for (const match of spaced.matchAll(pattern)) {
        // A greedy match may have swallowed a following number: drop trailing groups until it parses.
        let text = match[0].trim();
        for (let attempt = 0; attempt < 3 && text.length >= 8; attempt += 1) {
          // "+33 2,21 43 10 31": a comma the scan put between groups of an international number.
          const e164 = validPhone(country ? text : text.replace(/,/g, " "), country);
          if (e164) {
            add(segment.id, match.index, text, e164, 0.9);
            break;
          }
          text = text.replace(/[\s.\-/]*\(?\d+\)?$/, "");
        }
      }
    }
    // After a phone label, other national formats ("030 1234567", "0161 496 0000").
    for (const match of spaced.matchAll(LABELLED_DIGITS)) {
      if (!PHONE_LABEL.test(textBefore(layout, segment, match.index, false))) continue;
      const text = match[0].trim();
      const digits = text.replace(/[OoBSlILZ]/g, (letter) => PHONE_LETTER_DIGITS[letter] ?? letter);
      if ((text.match(/[OoBSlILZ]/g) ?? []).length > 2) continue;
      const e164 = validPhone(digits, documentCountry) ?? validPhone(digits, "FR") ?? strayLetterDropped(text) ?? plusReadAsFour(digits);
      if (e164) add(segment.id, match.index, text, e164, 0.85);
    }
  }
  return found;
}
