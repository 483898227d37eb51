/**
 * Names of natural persons: after a contact / attention / customer label, or in front of a sole trader's "EI";
 * then the same name wherever else the document prints it (a sole trader's trading name, a page header).
 */
import type { SensitiveFinding } from "../ingest/findings.js";
import { cleanAddressLine, isCityLine, isStreetLine } from "./addresses.js";
import { makeFinding } from "./finding.js";
import { wordsInRange, type PageLayout, type Segment } from "./layout.js";

const CAPITALISED = String.raw`[A-ZÀ-ÖØ-Þ][\p{Ll}'’]*(?:[-'’][A-ZÀ-ÖØ-Þ]?[\p{Ll}]+)*`;
const PARTICLE = String.raw`(?:de|du|des|van|von|der|da|di|Le|La|De|Van|Mac|Mc)`;
/**
 * 2 or 3 capitalised words, with particles allowed between them ("Maël Le Goff", "Marie-Claire Vasseur");
 * OCR may leave a stray colon or dot after a word ("Sandrine: Marchand", "Benoit. Garnier"), a quote before
 * one ("Thomas ‘Smith") or read the space as an apostrophe ("Sandrine'Fontaine").
 */
const PERSON = String.raw`${CAPITALISED}(?:(?:[:.]?\s+[‘’'“]?|['’](?=[A-ZÀ-ÖØ-Þ]\p{Ll}))(?:${PARTICLE}\s+)?${CAPITALISED}){1,2}`;

const INLINE_LABEL = String.raw`(?:Votre\s+contact|Your\s+contact|[Cc]ontact|[Ii]nterlo[cçë]uteur(?:\s+commercial)?|Suivi\s+par|Account\s+manager|Attn\.?|Att[eéè]ntio(?:n|ri)|(?:[ÀA]\s+)?l['’]?att[eéè]ntio(?:n|ri)\s+de|Client|Customer)`;
/**
 * Labels as a scan spells them too: a letter of "Interlocuteur" or an accent of "attention" misread
 * ("Interloëuteur", "l'atténtion"), the n of "attention" read "ri", the apostrophe of "l'attention" lost, "interlocuteur" in lower case.
 * The label may follow a stray quote, bar, dot, dash or "=" of a scan ("‘Account manager:", ".Contact :", "--Interlocuteur"), the name be
 * followed by one or by a star ("Aurélie Garnier*- 02.20…"), or by a quote ending the line ("Attn: Elodie Chevalier ‘").
 * A scan may put a dash, "=", "!", a quote or a bar between label and name ("Suivi par-: Benoît Barbier", "contact ! Thomas",
 * "Votre contact ‘ François Marchand"), a spaced star or an ellipsis after it ("François Rousseau *", "Jérôme Mercier …")
 * and lose the "À" of "À l'attention de".
 */
const NAME_END = String.raw`(?=\s*[‘’'"“”]*\s*$|\s*[,;:.·(|…]|\s*\*|\s+[-–—|](?:\s|$)|\s+(?:\S+\s)?\S+@|\s+\+?\d)`;
const AFTER_LABEL = new RegExp(String.raw`(?:^|[\s‘’'"“”|*(.=-])${INLINE_LABEL}\s*(?:[:.;]|[-–=!|‘’'"“”]{1,2}[:.;]?)?\s+(${PERSON})${NAME_END}`, "gu");
/** A label ending its segment, the name in the next segment of the same line (a wide gap, the colon lost). */
const LABEL_AT_END = new RegExp(String.raw`(?:^|[\s‘’'"“”|*(])${INLINE_LABEL}\s*[:.;]?\s*$`, "u");
const STARTS_WITH_LABEL = new RegExp(String.raw`^${INLINE_LABEL}(?![\p{L}])`, "iu");
const NAME_AT_START = new RegExp(String.raw`^\s*[:.;]?\s*(${PERSON})${NAME_END}`, "u");
const SOLE_TRADER = new RegExp(String.raw`(?:^|[\s‘’'"“”|*(])(${PERSON})\s*[,.]?\s*(?:[-–]\s*)?(?:Entrepreneur[\s|]+\p{L}?ndividuel|(?:\S+\s+){1,2}individuel\s*\(E\p{Lu}\)|\(EI\)|EI\b|EIRL\b|auto-?entrepreneur|micro-?entrepreneur)`, "gu");
const HEADING = /^(?:Factur[ée]\s*à|Client|Adresse\s+de\s+facturation|Destinataire|Bill(?:ed)?[\s-]*to|Invoice\s*to|Customer|Sold\s+to|Ship\s+to|Livr[ée]\s+à)\s*:?$/iu;
/** Cheap pre-check: the label words the patterns above need. */
const MAY_HOLD_NAME = /contact|interlo[cçë]uteur|suivi|manager|att|client|customer|entrepreneur|individuel|\bEI|EIRL|\(EI\)|auto-?entrepreneur|micro-?entrepreneur/i;
const WHOLE_PERSON = new RegExp(String.raw`^(${PERSON})$`, "u");

const LEGAL_FORM = /\b(?:SAS|SASU|SARL|EURL|SA|SNC|SCI|SCOP|SELARL|Ltd|Limited|plc|PLC|LLP|GmbH|AG|KG|Inc|LLC|Corp|NV|BV|SPRL|SRL|S\.?L\.?|S\.?A\.?|S\.?r\.?l\.?|S\.?p\.?A\.?|EI)\b\.?/u;
/** Whole words, an accented first or last letter included ("Électricité": JavaScript's \b is ASCII-only). */
const ORGANISATION_WORD =
  /(?<![\p{L}\d])(?:Groupe|Group|Atelier|Association|Mairie|Clinique|Boulangerie|P[âa]tisserie|Soci[ée]t[ée]|Cabinet|H[ôo]tel|Transports?|Services?|Entreprises?|Agence|Bureau|Studio|Distribution|Conseil|Consulting|Solutions|Architectes?|Imprimerie|Papeterie|Plomberie|Menuiserie|[ÉE]lectricit[ée]|Logiciels|Informatique|Laboratoire|Pharmacie|Garage|Restaurant|Caf[ée]|Syndic|Commune|Ville|R[ée]gion|D[ée]partement|Minist[èe]re|Universit[ée]|[ÉE]cole|Coll[èe]ge|Lyc[ée]e|Centre|Institut|Fondation|Banque|Bank|Office|Supplies|Software|Logistics|Systems|Systeme|Partners|Associ[ée]s|Fils|Fr[èe]res|Total|Montant|Date|Facture|Invoice|Page|Conditions|Paiement|Payment)(?![\p{L}\d])/iu;

/** A scanned line without the quotes, bars and stars OCR scatters, nor a leading or trailing speck of punctuation ("Vasseur ="). */
const scanClean = (text: string): string =>
  text
    .replace(/[‘’"“”|*«»]/gu, "")
    .replace(/^[\s.,:;'_-]+|[\s.,;'_=-]+$/gu, "")
    .replace(/\s{2,}/g, " ");

/**
 * A line that may be a name alone, scan-cleaned, its spaced hyphen closed ("Marie- Claire Vasseur"), and a speck
 * read as one lower-case letter after the last word dropped ("-Didier Morel i": no name ends with such a word).
 */
const nameLine = (text: string): string =>
  scanClean(text)
    .replace(/(\p{L})-\s+(?=\p{Lu})/gu, "$1-")
    .replace(/(?<=\p{L}{2})\s+\p{Ll}$/u, "");

function isPersonLike(name: string): boolean {
  return !LEGAL_FORM.test(name) && !ORGANISATION_WORD.test(name);
}

/**
 * A person's name alone on the line right above a street line and its postcode + city line, in the same
 * font size (a letterhead's name is bigger) and under another line: the customer block of a private
 * customer whose heading the scan garbled ("| OR" for "Client").
 */
function nameOverAddress(layout: PageLayout, segment: Segment): SensitiveFinding | null {
  const street = layout.segments[layout.below[segment.id] ?? -1];
  const city = street ? layout.segments[layout.below[street.id] ?? -1] : undefined;
  // Under something (the customer heading, even garbled): a letterhead's name starts its column.
  if (!street || !city || segment.height > 1.3 * street.height || layout.above[segment.id] === null) return null;
  if (!isStreetLine(cleanAddressLine(street.text)) || !isCityLine(cleanAddressLine(city.text))) return null;
  const name = nameLine(segment.text);
  const match = WHOLE_PERSON.exec(name);
  // A label in front ("Attn: …") is the label rules' business, with the name's own words.
  if (!match?.[1] || !isPersonLike(match[1]) || STARTS_WITH_LABEL.test(match[1])) return null;
  return makeFinding(layout, "person", [...segment.wordIndexes], segment.text.trim(), match[1], 0.65);
}

/** A name, a dash, then what follows it on the line (a contact's mailbox, "Olivier N'Diaye - olivier.ndiaye@…"). */
const NAME_THEN_MAILBOX = new RegExp(String.raw`(?:^|[\s‘’'"“”|*(.=-])(${PERSON})\s+(?:[-–—]\s*){1,2}([\p{L}][\p{L}.'’\s-]{5,60})`, "gu");
const letters = (text: string): string => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z]/g, "");

/**
 * The mailbox after a name spells it ("olivier. ndïaÿe…" after "Olivier N'Diaye"): its first letters are the
 * first name then the surname, or their initial then the surname. A person's own address is evidence of a
 * person's name where a scan garbled the label before it ("= Troe Cel Olivier N'Diaye - - olivier. ndïaÿeOhote…").
 */
function mailboxSpellsName(name: string, after: string): boolean {
  const tokens = name.split(/\s+/).map(letters);
  const first = tokens[0] ?? "";
  const last = tokens.at(-1) ?? "";
  if (tokens.length < 2 || first.length < 2 || last.length < 3) return false;
  const mailbox = letters(after);
  return mailbox.startsWith(first + last) || mailbox.startsWith(first.slice(0, 1) + last);
}

export function detectPersonNames(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  const push = (segmentIndex: number, from: number, name: string, confidence: number): void => {
    const segment = layout.segments[segmentIndex];
    if (!segment || !isPersonLike(name)) return;
    found.push(makeFinding(layout, "person", wordsInRange(segment, from, from + name.length), name, name.replace(/[:.](?=\s)/g, "").replace(/(?<=\s)[‘’'“]/g, ""), confidence));
  };
  for (const segment of layout.segments) {
    const block = nameOverAddress(layout, segment);
    if (block) found.push(block);
    const mayHoldName = MAY_HOLD_NAME.test(segment.text);
    for (const pattern of mayHoldName ? [AFTER_LABEL, SOLE_TRADER] : []) {
      for (const match of segment.text.matchAll(pattern)) {
        const name = match[1] ?? "";
        push(segment.id, match.index + match[0].indexOf(name), name, pattern === AFTER_LABEL ? 0.85 : 0.8);
      }
    }
    for (const match of segment.text.matchAll(NAME_THEN_MAILBOX)) {
      // The pattern may have taken a garbled label's word in front ("Cel Olivier N'Diaye"): the name is the
      // longest tail of it the mailbox spells.
      const words = (match[1] ?? "").split(/\s+/);
      const name = [0, 1].map((drop) => words.slice(drop).join(" ")).find((tail) => tail.split(/\s+/).length >= 2 && mailboxSpellsName(tail, match[2] ?? ""));
      if (name) push(segment.id, match.index + match[0].indexOf(name), name, 0.75);
    }
    const right = layout.segments[layout.right[segment.id] ?? -1];
    if (mayHoldName && right && LABEL_AT_END.test(segment.text)) {
      const match = NAME_AT_START.exec(right.text);
      if (match?.[1]) push(right.id, right.text.indexOf(match[1]), match[1], 0.8);
    }
    // A customer heading ("Facturé à", "Bill to") with a person's name alone on the next line; a scan's
    // quotes and bars around them ('"INVOICE TO', "ADRESSE DE ‘FACTURATION:") and a hyphen it spaced
    // ("Marie- Claire Vasseur") do not count.
    if (HEADING.test(scanClean(segment.text))) {
      const next = layout.segments[layout.below[segment.id] ?? -1];
      const name = next ? nameLine(next.text) : "";
      const match = WHOLE_PERSON.exec(name);
      if (next && match?.[1]) {
        if (next.text.trim() === match[1]) push(next.id, next.text.indexOf(match[1]), match[1], 0.75);
        else if (isPersonLike(match[1])) found.push(makeFinding(layout, "person", [...next.wordIndexes], next.text.trim(), match[1], 0.7));
      }
    }
  }
  return found;
}

/** A word as a name's token: accents, case and the punctuation a page or a scan puts around it dropped ("Roux," -> "roux"). */
const nameToken = (word: string): string =>
  word
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z'’-]/g, "")
    .replace(/^['’-]+|['’-]+$/g, "");

/**
 * The other printed occurrences of the names found (`found`, all pages): the same words in the same order,
 * each starting with a capital, anywhere in the document. A sole trader's name found before "Entrepreneur
 * individuel (EI)" in the footer is also the start of the trading name in the letterhead ("Thierry Roux
 * Plomberie"): left there, the redacted export would still print it. Only the name's own words are taken.
 */
export function otherOccurrencesOfNames(layouts: readonly PageLayout[], found: readonly SensitiveFinding[]): SensitiveFinding[] {
  const names = new Map<string, string[]>();
  for (const finding of found) {
    if (finding.type !== "person") continue;
    const tokens = finding.normalized.split(/\s+/).map(nameToken);
    if (tokens.length >= 2 && tokens.every((token) => token.length >= 2)) names.set(tokens.join(" "), tokens);
  }
  const occurrences: SensitiveFinding[] = [];
  for (const layout of layouts) {
    const taken = new Set(found.filter((finding) => finding.page === layout.page.page && finding.type === "person").flatMap((finding) => finding.wordIndexes));
    const words = layout.page.words;
    for (const segment of layout.segments) {
      const tokens = segment.wordIndexes.map((index) => nameToken(words[index]?.text ?? ""));
      const capitalised = segment.wordIndexes.map((index) => /^[^\p{L}]*\p{Lu}/u.test(words[index]?.text ?? ""));
      for (const [key, name] of names) {
        for (let start = 0; start + name.length <= tokens.length; start += 1) {
          if (!name.every((token, k) => tokens[start + k] === token && capitalised[start + k])) continue;
          const indexes = segment.wordIndexes.slice(start, start + name.length);
          if (indexes.some((index) => taken.has(index))) continue;
          indexes.forEach((index) => taken.add(index));
          const printed = indexes.map((index) => words[index]?.text ?? "").join(" ");
          const value = found.find((finding) => finding.type === "person" && finding.normalized.split(/\s+/).map(nameToken).join(" ") === key)?.normalized ?? printed;
          occurrences.push(makeFinding(layout, "person", indexes, printed, value, 0.7));
        }
      }
    }
  }
  return occurrences;
}
