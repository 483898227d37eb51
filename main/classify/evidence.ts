/**
 * What else on a page says who the seller is, besides its name and its registry / bank identifiers: the
 * seller's phone numbers, email addresses, web or email domain and postcode. A bad scan often loses the
 * name or an identifier but keeps one of these; supplier matching (supplier.ts) uses them to recognise a
 * supplier already in the vault, always with a second clue, never to tell two suppliers apart on its own.
 *
 * Only values outside the customer's block (and not on a line that says it is the customer's) are kept.
 * Values are normalised so that two printings of one value compare equal: a phone by its last nine digits
 * ("+33 (0)4 11 16 48 41" and "04 11 16 48 41"), an email lower case without the spaces OCR puts around
 * its dots, a domain without "www.", a postcode with the first word of its town, folded.
 */
import type { PageText } from "../ingest/types.js";
import type { Layout, Line } from "./layout.js";
import { boxOfRange, buildLayout, relativeTop } from "./layout.js";
import { customerZones, inCustomerZone, mentionsCustomer, type CustomerZone } from "./seller.js";
import { isFrenchWord } from "./accents.js";
import { foldText, lettersToDigits } from "./text.js";

export interface SellerEvidence {
  /** Last nine digits of each phone or fax number. */
  phones: string[];
  /** Email addresses, lower case. */
  emails: string[];
  /** Domains of the seller's own email and web addresses (free mail providers left out). */
  domains: string[];
  /** "59000 lille": a postcode and the first word of its town, folded. */
  postcodes: string[];
}

export type EvidenceKind = keyof SellerEvidence;

export const EVIDENCE_KINDS: readonly EvidenceKind[] = ["phones", "emails", "domains", "postcodes"];

/**
 * Mail providers whose domain is shared by many unrelated senders: a domain of theirs says nothing of who
 * sent the invoice (the address itself still does).
 */
const SHARED_MAIL_DOMAINS = new Set([
  "gmail.com", "googlemail.com", "outlook.com", "outlook.fr", "hotmail.com", "hotmail.fr", "hotmail.co.uk", "live.com", "live.fr", "msn.com",
  "yahoo.com", "yahoo.fr", "yahoo.co.uk", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.fr", "gmx.net", "web.de", "t-online.de",
  "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr", "numericable.fr", "protonmail.com", "proton.me",
  "libero.it", "tiscali.it", "telefonica.net", "skynet.be", "bluewin.ch", "btinternet.com", "mail.com", "zoho.com",
]);

/** Labels of a phone or fax number; a number with a "+" country code needs none. */
const PHONE_LABEL = /(?<![a-z])(?:t[eé]l(?:[eé]phone)?|phone|fax|mobile|portable|gsm|standard|t)\s*[.:]?\s*$/;
/** Words before a number that make it the customer's ("Votre téléphone", "Customer phone"). */
const CUSTOMER_WORD = /(?<![a-z])(?:client|customer|acheteur|buyer|votre|your|destinataire)(?![a-z])/;
// A number: "+33 (0)4 11 16 48 41", "0411164841", "04.11.16.48.41", "+44 20 7946 0958"; OCR may read a
// digit as a look-alike letter (S for 5, O for 0).
const PHONE = /(?<![\p{L}\d+])(\+|00)?[ ]?(\(?\d[0-9OSlIB]{0,3}\)?(?:[ .\-/]{0,2}(?:\(0\))?[ .\-/]{0,2}[0-9OSlIB]{1,4}){2,7})(?![\p{L}\d])/gu;

function phonesOf(line: Line, zones: readonly CustomerZone[]): string[] {
  const found: string[] = [];
  for (const match of line.text.matchAll(PHONE)) {
    const international = Boolean(match[1]);
    const before = line.folded.slice(Math.max(0, match.index - 24), match.index);
    if (!international && !PHONE_LABEL.test(before)) continue;
    if (CUSTOMER_WORD.test(before)) continue;
    if (!outsideCustomer(line, zones, match.index, match.index + match[0].length)) continue;
    const digits = lettersToDigits((match[2] ?? "").replace(/\(0\)/g, "")).replace(/\D/g, "");
    if (digits.length < 9 || digits.length > 15) continue;
    // Mostly digits as printed: a run of letters read as digits is a word, not a number.
    if (((match[2] ?? "").match(/[A-Za-z]/g) ?? []).length > 2) continue;
    found.push(digits.slice(-9));
  }
  return found;
}

const EMAIL = /([a-z0-9][a-z0-9._%+-]*)\s?@\s?([a-z0-9-]+(?:\s?\.\s?[a-z0-9-]+)*\s?\.\s?[a-z]{2,6})(?![a-z0-9])/g;
const WEB = /(?<![a-z0-9@.])(?:https?:\/\/)?www\s?\.\s?([a-z0-9-]+(?:\s?\.\s?[a-z0-9-]+)*\s?\.\s?[a-z]{2,6})(?![a-z0-9])/g;

function domainOf(host: string): string {
  return host.replace(/\s+/g, "").replace(/^www\./, "");
}

/** Postcodes with their town: "59000 Lille", "CH-1003 Lausanne", "1000 Bruxelles"; UK "EC1A 1BB". */
const POSTCODE = /(?<![\p{L}\d-])(?:[A-Z]{1,2}-)?(\d{4,5})\s+(\p{Lu}[\p{L}'’-]{2,})/gu;
const UK_POSTCODE = /(?<![A-Za-z0-9])([A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})(?![A-Za-z0-9])/g;

function postcodesOf(line: Line): string[] {
  const found: string[] = [];
  for (const match of line.text.matchAll(POSTCODE)) found.push(`${match[1] ?? ""} ${foldText(match[2] ?? "")}`);
  for (const match of line.text.matchAll(UK_POSTCODE)) found.push((match[1] ?? "").replace(/\s+/g, " "));
  return found;
}

function outsideCustomer(line: Line, zones: readonly CustomerZone[], start: number, end: number): boolean {
  return !inCustomerZone(zones, line.page, boxOfRange(line, start, end)) && !mentionsCustomer(line, start);
}

/** The seller's evidence on an already built layout. */
export function evidenceFromLayout(layout: Layout): SellerEvidence {
  const zones = customerZones(layout);
  const phones = new Set<string>();
  const emails = new Set<string>();
  const domains = new Set<string>();
  const postcodes = new Set<string>();
  for (const line of layout.lines) {
    for (const phone of phonesOf(line, zones)) phones.add(phone);
    for (const match of line.folded.matchAll(EMAIL)) {
      if (!outsideCustomer(line, zones, match.index, match.index + match[0].length)) continue;
      const domain = domainOf(match[2] ?? "");
      emails.add(`${match[1] ?? ""}@${domain}`);
      if (!SHARED_MAIL_DOMAINS.has(domain)) domains.add(domain);
    }
    for (const match of line.folded.matchAll(WEB)) {
      if (outsideCustomer(line, zones, match.index, match.index + match[0].length)) domains.add(domainOf(match[1] ?? ""));
    }
    // The seller's address: in the letterhead (top of page one) or the legal footer, not the customer's block.
    const top = relativeTop(line);
    if (line.page === 1 && (top < 0.3 || top > 0.85)) {
      for (const cell of line.cells) {
        const text = line.text.slice(cell.start, cell.end);
        if (!outsideCustomer(line, zones, cell.start, cell.end)) continue;
        for (const postcode of postcodesOf({ ...line, text, folded: line.folded.slice(cell.start, cell.end) })) postcodes.add(postcode);
      }
    }
  }
  return { phones: [...phones], emails: [...emails], domains: [...domains], postcodes: [...postcodes] };
}

/** The seller's phone numbers, emails, domains and postcodes read on the pages. */
export function sellerEvidence(pages: readonly PageText[]): SellerEvidence {
  return evidenceFromLayout(buildLayout(pages));
}

export function emptyEvidence(): SellerEvidence {
  return { phones: [], emails: [], domains: [], postcodes: [] };
}

/** The name part of a domain, letters and digits only: "rivage-formation.fr" → "rivageformation". */
function domainLabel(domain: string): string {
  const labels = domain.split(".");
  return (labels[0] ?? "").replace(/[^a-z0-9]/g, "");
}

/**
 * The seller's name with one letter OCR misread put right by the seller's own web or email domain, when
 * consecutive words of the name spell that domain but for that one letter ("Rivage Formatioh SAS" and
 * rivage-formation.fr). Eight letters or more must line up, so a chance likeness does not rename anyone,
 * and the domain, read by OCR too, wins only when its letter makes a French word of a word that was none;
 * the letter is written in the printed case.
 */
export function repairNameByDomain(name: string, domains: readonly string[]): string {
  const words = [...name.matchAll(/\p{L}+/gu)].map((match) => ({ text: match[0], start: match.index }));
  for (const domain of domains) {
    const label = domainLabel(domain);
    if (label.length < 8 || /\d/.test(label)) continue;
    for (let first = 0; first < words.length; first += 1) {
      let spelled = "";
      for (let last = first; last < words.length && spelled.length < label.length; last += 1) {
        spelled += foldText(words[last]?.text ?? "");
        if (spelled.length !== label.length || spelled === label) continue;
        const differ = [...spelled].flatMap((char, index) => (char === label.charAt(index) ? [] : [index]));
        const [at] = differ;
        if (differ.length !== 1 || at === undefined) continue;
        // Back from the spelled offset to the name's own character.
        let offset = at;
        for (let index = first; index <= last; index += 1) {
          const word = words[index];
          if (!word) break;
          if (offset < word.text.length) {
            const printed = word.text.charAt(offset);
            const letter = label.charAt(at);
            const fixed = printed === printed.toUpperCase() && printed !== printed.toLowerCase() ? letter.toUpperCase() : letter;
            // The domain is OCR's reading too: the letter is taken only when it makes a French word of one
            // that was none ("Formatioh" -> "Formation"; "Dufresne" is not made "Dyfresne").
            const repaired = `${word.text.slice(0, offset)}${fixed}${word.text.slice(offset + 1)}`;
            if (isFrenchWord(word.text) || !isFrenchWord(repaired)) return name;
            const position = word.start + offset;
            return `${name.slice(0, position)}${fixed}${name.slice(position + 1)}`;
          }
          offset -= word.text.length;
        }
      }
    }
  }
  return name;
}
