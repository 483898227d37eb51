/**
 * Email addresses a scan damaged, repaired only with evidence from the same page:
 * - a domain that differs by a letter or two (or by its dots) from another address's domain on the page,
 *   or whose parts are one or two letters away from words printed on the page (the supplier's name:
 *   "leman-preeision.ch" under "Léman Précision SA");
 * - a role mailbox with a letter lost ("biling@", "nvoices@");
 * - an "@" read as "©" or "(a)", or lost between two words, and a "." read as ",": only right after an
 *   email label, or when the domain is one the page already shows.
 */
import type { SensitiveFinding } from "../ingest/findings.js";
import { makeFinding } from "./finding.js";
import { textBefore, wordsInRange, type PageLayout, type Segment } from "./layout.js";

/** Accents dropped letter by letter, so offsets in the text stay the same ("fâcturation" -> "facturation"). */
export function foldAccents(text: string): string {
  return [...text]
    .map((char) => {
      const base = char.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      return base.length === char.length ? base : char;
    })
    .join("");
}

/** Levenshtein distance, stopping early past `limit`. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

const ROLE_MAILBOXES = ["billing", "invoices", "invoice", "accounts", "accounting", "compta", "comptabilite", "facturation", "factures", "contact", "devis", "ventes", "sales", "commandes", "orders", "support", "office", "bonjour", "hello", "admin", "info"];

/**
 * A role mailbox with one letter lost (OCR drops thin letters: "biling", "nvoices"), 5 letters or more, or
 * one letter misread in a role word of 8 letters or more ("atcounts");
 * otherwise the local part as it is (a longer or changed word, "salles", may be a name).
 */
export function repairLocalPart(local: string): string {
  const lower = local.toLowerCase();
  if (lower.length < 5 || lower.includes(".") || ROLE_MAILBOXES.includes(lower)) return local;
  const near = ROLE_MAILBOXES.filter((role) => role.length === lower.length + 1 && editDistance(lower, role, 1) === 1);
  // One letter misread in a long role word ("atcounts" for "accounts"): 8 letters or more ("cantact" may be a name).
  const misread = lower.length >= 8 ? ROLE_MAILBOXES.filter((role) => role.length === lower.length && editDistance(lower, role, 1) === 1) : [];
  const [only] = near.length === 1 ? near : near.length === 0 && misread.length === 1 ? misread : [];
  return only ?? local;
}

/**
 * A "first.last" local part printed beside the person's name ("Attn: Oliver Müller - otiver.muller@…"):
 * a part one letter off a word of the name is read as that word, when another part is the name's word exactly.
 */
export function localFromNameBeside(local: string, finding: SensitiveFinding, layout: PageLayout): string {
  const parts = local.toLowerCase().split(".");
  if (parts.length < 2 || parts.some((part) => !/^[a-z-]+$/.test(part))) return local;
  const segment = layout.segments.find((candidate) => finding.wordIndexes.some((index) => candidate.wordIndexes.includes(index)));
  if (!segment) return local;
  const own = new Set(finding.wordIndexes);
  const words = segment.wordIndexes.filter((index) => !own.has(index)).map((index) => foldAccents(layout.page.words[index]?.text ?? "").toLowerCase().replace(/[^a-z-]/g, ""));
  const names = new Set(words.filter((word) => word.length >= 3));
  if (!parts.some((part) => names.has(part))) return local;
  const repaired = parts.map((part) => {
    if (names.has(part) || part.length < 4) return part;
    const near = [...names].filter((name) => name.length >= 4 && editDistance(part, name, 1) === 1);
    return near.length === 1 && near[0] ? near[0] : part;
  });
  return repaired.join(".");
}

/**
 * The page's words and every join of 2 or 3 neighbours ("Repro Nord" -> "repronord"), each with how sure the
 * OCR was of it: the lowest confidence of its words, the surest of its readings kept.
 */
type Terms = ReadonlyMap<string, number>;
function pageTerms(layout: PageLayout): Terms {
  const terms = new Map<string, number>();
  const add = (term: string, confidence: number): void => {
    terms.set(term, Math.max(confidence, terms.get(term) ?? -Infinity));
  };
  for (const segment of layout.segments) {
    const run = segment.wordIndexes
      .map((index) => layout.page.words[index])
      .flatMap((word) => (word ? [{ text: foldAccents(word.text).toLowerCase().replace(/[^a-z0-9]/g, ""), confidence: word.confidence }] : []))
      .filter((word) => word.text.length > 0);
    run.forEach((word, i) => {
      const next = run[i + 1];
      const third = run[i + 2];
      add(word.text, word.confidence);
      if (next) add(word.text + next.text, Math.min(word.confidence, next.confidence));
      if (next && third) add(word.text + next.text + third.text, Math.min(word.confidence, next.confidence, third.confidence));
    });
  }
  return terms;
}

/**
 * A domain's "l" or "i" a scan read as "!" or "|" ("accounts@hote!-cygnes.fr" under "Hôtel des Cygnes"): read as the
 * letter that makes its part (between hyphens and dots) a word of the page, when exactly one does. Same offsets.
 */
export function markedDomainLetters(text: string, layout: PageLayout): string {
  if (!/@[^\s@]*(?:[a-z][!|]|[!|][a-z])/i.test(text)) return text;
  const terms = pageTerms(layout);
  return text.replace(/(@[A-Za-z0-9.!|-]+)/g, (domain: string) =>
    domain.replace(/[A-Za-z0-9!|]+/g, (part: string) => {
      if (!/[a-z][!|]|[!|][a-z]/i.test(part)) return part;
      const readings = ["l", "i"].map((letter) => part.replace(/(?<=[a-z])[!|]|[!|](?=[a-z])/gi, letter)).filter((reading) => terms.has(reading.toLowerCase()));
      return readings.length === 1 && readings[0] ? readings[0] : part;
    }),
  );
}

/**
 * Letter groups a scan reads for one letter and back ("rn" for "m", "rt" or "ri" for "n", "cl" for "d",
 * "vv" for "w", "li" for "h"): both sides folded the same way, so "cygrtes" and "cygnes" meet.
 */
const GLYPH_CONFUSIONS: readonly [RegExp, string][] = [[/rn/g, "m"], [/r[ti]/g, "n"], [/cl/g, "d"], [/vv/g, "w"], [/li/g, "h"]];
export const foldGlyphs = (word: string): string => GLYPH_CONFUSIONS.reduce((text, [pattern, letter]) => text.replace(pattern, letter), word);

/**
 * A domain label's parts (split at hyphens) replaced by the page term one or two letters away (or equal
 * once the scan's letter groups are folded, "cygrtes" for "cygnes"), when each is the only such term. Not when
 * the OCR read that term less surely than the address (`ownConfidence`): a letterhead's "Marchai" read at 85
 * is no correction of "cabinet-marchal" read at 91, the letterhead is the misread one.
 */
function repairLabelFromPage(label: string, terms: Terms, accented: ReadonlyMap<string, ReadonlySet<number>> = new Map(), ownConfidence = -Infinity): string | null {
  const parts = label.split("-");
  let changed = false;
  const repaired = parts.map((part) => {
    if (terms.has(part)) return part;
    if (part.length < 6) return null;
    const limit = part.length >= 9 ? 2 : 1;
    // Towards a word of letters only (a scan's "Impresi6n" is no better spelling than the address), and
    // one at most a letter longer or shorter: a scan drops or adds a letter, not a word's worth ("precision"
    // is no misread of the page's "Précision'SA" run together as "precisionsa").
    const near = [...terms.keys()].filter(
      (term) =>
        term.length >= 6 &&
        /^[a-z]+$/.test(term) &&
        !accentMisread(part, term, accented) &&
        ((Math.abs(term.length - part.length) <= 1 && editDistance(part, term, limit) <= limit) || foldGlyphs(part) === foldGlyphs(term)),
    );
    if (near.length !== 1 || !near[0] || (terms.get(near[0]) ?? 0) < ownConfidence) return null;
    changed = true;
    return near[0];
  });
  if (!changed || repaired.some((part) => part === null)) return null;
  return repaired.join("-");
}

/** Where each page word (accents dropped, lower case, letters and digits only) had an accented letter. */
function accentPositions(layout: PageLayout): Map<string, Set<number>> {
  const positions = new Map<string, Set<number>>();
  for (const segment of layout.segments) {
    for (const word of segment.text.split(/\s+/)) {
      let folded = "";
      const accents = new Set<number>();
      for (const char of word) {
        const base = foldAccents(char).toLowerCase();
        if (!/^[a-z0-9]$/.test(base)) continue;
        if (base !== char.toLowerCase()) accents.add(folded.length);
        folded += base;
      }
      if (accents.size > 0) positions.set(folded, new Set([...(positions.get(folded) ?? []), ...accents]));
    }
  }
  return positions;
}

/**
 * The page word differs from the address only where it had an accent: the scan misread the accented
 * letter ("Impresién" for "Impresión"), the address (which has none) is the better reading.
 */
function accentMisread(part: string, term: string, accented: ReadonlyMap<string, ReadonlySet<number>>): boolean {
  const accents = accented.get(term);
  if (!accents || part.length !== term.length) return false;
  const differing = [...part].flatMap((char, i) => (char === term[i] ? [] : [i]));
  return differing.length > 0 && differing.every((i) => accents.has(i));
}

const splitDomain = (domain: string): { label: string; tld: string } => {
  const match = /^(.*?)\.((?:co\.uk|com\.[a-z]{2})|[a-z]{2,24})$/.exec(domain);
  return match ? { label: match[1] ?? domain, tld: match[2] ?? "" } : { label: domain, tld: "" };
};

/** The domain as the page's evidence says: another address's domain, or the page's words. */
export function repairDomain(domain: string, others: readonly string[], layout: PageLayout, terms = pageTerms(layout), ownConfidence = -Infinity): string {
  const lower = domain.toLowerCase();
  const dotless = (value: string): string => value.replace(/[.-]/g, "");
  const { label, tld } = splitDomain(lower);
  const supported = (candidate: string): boolean => splitDomain(candidate).label.split(/[-.]/).every((part) => terms.has(part));
  if (others.includes(lower) || supported(lower)) return lower;
  // Towards a domain with evidence of its own (printed twice, or spelled by the page's words), never between two without.
  const backed = (other: string): boolean => supported(other) || others.filter((value) => value === other).length >= 2;
  const near = [...new Set(others)].filter((other) => other !== lower && backed(other) && (dotless(other) === dotless(lower) || (splitDomain(other).tld === tld && editDistance(label, splitDomain(other).label, 2) <= 2)));
  if (near.length === 1 && near[0]) return near[0];
  if (tld) {
    const fromPage = repairLabelFromPage(label, terms, accentPositions(layout), ownConfidence);
    if (fromPage) return `${fromPage}.${tld}`;
  }
  return lower;
}

const KNOWN_TLDS = ["co.uk", "fr", "com", "net", "org", "eu", "be", "ch", "uk", "lu", "nl", "de", "it", "es", "io"];
/** A domain whose dots OCR lost ("harbourfreightcouk"): the top-level domain split off when the rest is the page's. */
function domainWithLostDot(text: string, terms: Terms): string | null {
  const lower = text.toLowerCase();
  for (const tld of KNOWN_TLDS) {
    const glued = tld.replace(/\./g, "");
    if (!lower.endsWith(glued) || lower.length <= glued.length + 3) continue;
    const label = lower.slice(0, -glued.length).replace(/\.$/, "");
    if (label.split("-").every((part) => terms.has(part))) return `${label}.${tld}`;
  }
  return null;
}

const EMAIL_LABEL = /(?:E-?mail|Email|Courriel|M[ée]l|Mail|Contact)\s*\.?\s*[:.]?\s*$/i;
/** "local©domain.fr", "local(a)domain.fr", "local@domain,fr", or "local@domainfr" with its dots lost. */
const DAMAGED = /([A-Za-z0-9][A-Za-z0-9._%+'-]*)(©|\(a\)|@)([A-Za-z0-9-]+(?:[.,][A-Za-z0-9-]+)*)(?![A-Za-z0-9@])/g;
/** Two words after an email label, the "@" between them lost: "Email : compta atelier-morin.fr". */
const LOST_AT = /([A-Za-z0-9][A-Za-z0-9._%+'-]*)\s+([a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:fr|com|net|org|eu|be|ch|co\.uk|lu|nl|de|it|es|io))(?![A-Za-z0-9@])/g;

/** How sure the OCR was of a value: the lowest confidence of its words. */
const wordsConfidence = (layout: PageLayout, indexes: readonly number[]): number => Math.min(...indexes.map((index) => layout.page.words[index]?.confidence ?? 0));

const PLAUSIBLE = /^[a-z0-9][a-z0-9._%+'-]*@[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,24}$/;

/**
 * Second pass over the page: repairs the addresses found (`found`, changed in place) and adds the damaged
 * ones the patterns did not take. `taken` are the character ranges already used, per segment.
 */
export function repairEmails(layout: PageLayout, found: SensitiveFinding[], taken: Map<number, [number, number][]>): void {
  const terms = pageTerms(layout);
  const domains = found.map((finding) => finding.normalized.split("@")[1] ?? "");
  found.forEach((finding, i) => {
    const [local = "", domain = ""] = finding.normalized.split("@");
    const others = domains.filter((_, j) => j !== i);
    const repaired = `${localFromNameBeside(repairLocalPart(local), finding, layout)}@${repairDomain(domain, others, layout, terms, wordsConfidence(layout, finding.wordIndexes))}`.toLowerCase();
    if (repaired !== finding.normalized && PLAUSIBLE.test(repaired)) {
      found[i] = { ...finding, normalized: repaired, confidence: Math.min(finding.confidence, 0.8) };
    }
  });
  const valid = found.map((finding) => finding.normalized.split("@")[1] ?? "");
  const add = (segment: Segment, from: number, to: number, value: string): void => {
    const ranges = taken.get(segment.id) ?? [];
    if (ranges.some(([start, end]) => start < to && end > from) || !PLAUSIBLE.test(value)) return;
    ranges.push([from, to]);
    taken.set(segment.id, ranges);
    found.push(makeFinding(layout, "email", wordsInRange(segment, from, to), segment.text.slice(from, to), value, 0.75));
  };
  for (const segment of layout.segments) {
    const text = foldAccents(segment.text);
    const labelled = (at: number): boolean => EMAIL_LABEL.test(textBefore(layout, segment, at, false).slice(-30));
    if (/[@©]|\(a\)/.test(text)) {
      for (const match of text.matchAll(DAMAGED)) {
        const [whole, local = "", at = "", rawDomain = ""] = match;
        const dotted = rawDomain.replace(/,/g, ".");
        const domain = dotted.includes(".") ? repairDomain(dotted, valid, layout, terms, wordsConfidence(layout, wordsInRange(segment, match.index, match.index + whole.length))) : domainWithLostDot(dotted, terms) ?? valid.find((other) => other.replace(/\./g, "") === dotted.toLowerCase());
        if (!domain) continue;
        const known = valid.includes(domain) || splitDomain(domain).label.split("-").every((part) => terms.has(part));
        // A damaged "@" or a "," for a dot needs an email label right before, or a domain the page shows.
        if ((at !== "@" || rawDomain !== dotted) && !labelled(match.index) && !known) continue;
        add(segment, match.index, match.index + whole.length, `${repairLocalPart(local)}@${domain}`.toLowerCase());
      }
    }
    for (const match of text.matchAll(LOST_AT)) {
      const [whole, local = "", domain = ""] = match;
      // "Email : voir www.atelier-morin.fr" names a web site, not a mailbox.
      if (!labelled(match.index) || domain.startsWith("www.") || /^(?:voir|see|sur|on|at|via)$/i.test(local)) continue;
      add(segment, match.index, match.index + whole.length, `${repairLocalPart(local)}@${domain}`.toLowerCase());
    }
  }
}
