/**
 * Matching an invoice to a known supplier: by VAT number, then SIRET, then IBAN (compared through the
 * vault's blind index, `keyOf`, so no clear identifier is needed on the supplier side), then by name
 * (case, accents, punctuation and legal form ignored), then by the other clues a bad scan may keep
 * (phone, email, domain, postcode: evidence.ts) together with a second clue. A name never joins a
 * document to a supplier whose registry number differs from one the document shows (two companies
 * may share a name; a false merge is worse than a new supplier).
 */
import type { InvoiceFields } from "../../shared/invoice.js";
import * as ibantools from "ibantools";
import type { EvidenceKind, SellerEvidence } from "./evidence.js";
import { EVIDENCE_KINDS } from "./evidence.js";
import { frenchVatOf } from "./fields.js";
import { checksumReadings, compactIdentifier, isValidSiret, isValidVat, sirenOfFrenchVat } from "./identifiers.js";
import { LEGAL_FORMS } from "./labels.js";
import { editDistance, foldText, squashSpaces } from "./text.js";

export interface KnownSupplier {
  id: string;
  name: string;
  vatIndexKey?: string | null;
  siretIndexKey?: string | null;
  ibanIndexKey?: string | null;
  /** Blind-index keys of the clues seen on this supplier's documents (`evidenceKeysOf`), if any. */
  evidenceKeys?: readonly string[] | null;
}

export type IndexedKind = "vat" | "siret" | "iban";

export interface SupplierMatch {
  id: string;
  by: IndexedKind | "siren" | "name" | "evidence";
}

/** Kinds of clue keys: the evidence of evidence.ts and the SIREN inside a French VAT number or a SIRET. */
export type EvidenceKeyKind = EvidenceKind | "siren";

/** A document's clues besides its fields, and how to turn one into the vault's blind-index key. */
export interface MatchEvidence {
  evidence: SellerEvidence;
  keyOf: (kind: EvidenceKeyKind, value: string) => string;
}

const LEGAL_FORM_WORDS = new Set(LEGAL_FORMS.map((form) => form.replace(/[.-]/g, "")));

/** "Société ACME S.A.R.L." → "acme"; "Müller GmbH & Co. KG" → "muller"; used to compare names. */
export function normaliseCompanyName(name: string): string {
  const words = squashSpaces(
    foldText(name)
      .replace(/(?<![a-z])(?:[a-z]\.)+[a-z](?![a-z])\.?/g, (initials) => initials.replace(/\./g, ""))
      .replace(/&/g, " and ")
      .replace(/[^a-z0-9]+/g, " "),
  ).split(" ");
  const kept = words.filter((word) => word !== "" && !LEGAL_FORM_WORDS.has(word) && !["societe", "ste", "ets", "etablissements", "the", "and", "et", "cie"].includes(word));
  return kept.join(" ");
}

/**
 * The value the blind index is computed over, per kind: VAT/IBAN upper case without spaces, SIRET digits; a
 * Swiss VAT number without its language suffix (an e-invoice's "CHE283107085MWST" is the page's "CHE-283.107.085").
 */
export function indexValueOf(kind: IndexedKind, value: string): string {
  if (kind === "siret") return value.replace(/\D/g, "");
  const compact = compactIdentifier(value);
  return kind === "vat" ? compact.replace(/^(CHE\d{9})(?:MWST|TVA|IVA)$/, "$1") : compact;
}

/** Similarity of two normalised names, 0..1: one minus their edit distance over the longer length. */
export function nameSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - editDistance(a, b) / longer;
}

/**
 * How alike an OCR-read name must be to a known supplier's (normalised, accent- and punctuation-blind):
 * "bayside cloud services le" for "Bayside Cloud Services LLC" (0.88) passes, "eh freight logistics"
 * for "Harbour Freight Logistics" (0.76) does not; names under 6 letters must match exactly.
 */
export const NAME_SIMILARITY_THRESHOLD = 0.85;
const FUZZY_MIN_LENGTH = 6;

/** The SIREN a document shows through a checksum-valid French VAT number or SIRET. */
export function sirenOfFields(fields: Pick<InvoiceFields, "sellerVat" | "sellerSiret">): string | null {
  const siret = fields.sellerSiret?.replace(/\D/g, "") ?? "";
  if (isValidSiret(siret)) return siret.slice(0, 9);
  const vat = fields.sellerVat ? compactIdentifier(fields.sellerVat) : "";
  return vat && isValidVat(vat) ? sirenOfFrenchVat(vat) : null;
}

/** The blind-index keys of a document's clues, per kind (what a supplier keeps in its profile). */
export function evidenceKeysByKind(fields: Pick<InvoiceFields, "sellerVat" | "sellerSiret">, match: MatchEvidence): Map<EvidenceKeyKind, string[]> {
  const keys = new Map<EvidenceKeyKind, string[]>();
  for (const kind of EVIDENCE_KINDS) keys.set(kind, match.evidence[kind].map((value) => match.keyOf(kind, value)));
  const siren = sirenOfFields(fields);
  keys.set("siren", siren ? [match.keyOf("siren", siren)] : []);
  return keys;
}

/** Every clue key of a document, for the supplier it is filed under. */
export function evidenceKeysOf(fields: Pick<InvoiceFields, "sellerVat" | "sellerSiret">, match: MatchEvidence): string[] {
  return [...new Set([...evidenceKeysByKind(fields, match).values()].flat())];
}

function isValidIban(value: string): boolean {
  return ibantools.isValidIBAN(value);
}

/**
 * Readings of a misread identifier for matching, each passing its checksum: those of `checksumReadings`
 * (look-alike letters, one digit changed), and, when one character was lost or one added (a speck read as
 * a digit, a digit read as a symbol and dropped), every reading with one digit put back or one taken out.
 * Many pass; the caller keeps one only when a known supplier's blind index singles it out.
 */
export function matchingReadings(kind: IndexedKind, printed: string): string[] {
  const readings = new Set(checksumReadings(kind, printed));
  const compact = kind === "siret" ? printed.replace(/[^0-9A-Za-z]/g, "") : compactIdentifier(printed);
  const valid = kind === "vat" ? isValidVat : kind === "siret" ? isValidSiret : isValidIban;
  const from = kind === "siret" ? 0 : 2;
  if (valid(compact)) return [...readings];
  for (let index = from; index <= compact.length; index += 1) {
    for (let digit = 0; digit <= 9; digit += 1) {
      const inserted = `${compact.slice(0, index)}${digit}${compact.slice(index)}`;
      if (valid(inserted)) readings.add(inserted);
    }
    if (index < compact.length) {
      const removed = `${compact.slice(0, index)}${compact.slice(index + 1)}`;
      if (removed.length > from && valid(removed)) readings.add(removed);
    }
  }
  return [...readings];
}

/** Words of a normalised name that carry it (three letters or more). */
function nameWords(name: string): string[] {
  return name.split(" ").filter((word) => word.length >= 3);
}

/**
 * How much of the shorter name the longer one holds, word for word (a word may be one OCR slip off):
 * "cabinet marchal" in "cabinet marchal expertise comptable" is 1, "transports martin" against
 * "transports villard" 0.5.
 */
export function sharedWordShare(a: string, b: string): number {
  const [short, long] = nameWords(a).length <= nameWords(b).length ? [nameWords(a), nameWords(b)] : [nameWords(b), nameWords(a)];
  if (short.length === 0) return 0;
  const shared = short.filter((word) => long.some((other) => other === word || (word.length >= 6 && editDistance(word, other) <= 1))).length;
  return shared / short.length;
}

/** Whether a web / email domain spells a name ("bernard-menuiserie.fr" for "Sophie Bernard Menuiserie"). */
export function domainSpellsName(domain: string, name: string): boolean {
  const label = (domain.split(".").slice(0, -1).pop() ?? "").replace(/[^a-z0-9]/g, "");
  const compact = name.replace(/[^a-z0-9]/g, "");
  if (label.length < 5 || compact.length < 5) return false;
  return compact.includes(label) || label.includes(compact);
}

/** Weight of one clue kind shared with a supplier: a phone or an email address names a sender, a domain
 * nearly, a postcode only narrows it down. */
const CLUE_WEIGHT: Record<EvidenceKind, number> = { phones: 2, emails: 2, domains: 1.5, postcodes: 0.5 };

/**
 * The supplier that the document's clues point to, or null: its clue points (shared phone or email 2,
 * domain 1.5, postcode 0.5, a domain that spells its name 1.5) together with the name read must reach
 * one of: two strong clues or more (3.5), a strong clue or a domain and a name half alike, a postcode and
 * a name 0.75 alike by edit distance ("alike": edit similarity, or the share of the
 * shorter name's words the other holds). Exactly one supplier may qualify.
 */
function matchByEvidence(
  name: string,
  candidates: readonly KnownSupplier[],
  keys: Map<EvidenceKeyKind, string[]>,
  evidence: SellerEvidence,
): KnownSupplier | null {
  // A clue kept by two suppliers or more is no one's in particular (the customer's own phone, read
  // where its block was not recognised; a shared switchboard): it counts for none.
  const holders = new Map<string, number>();
  for (const supplier of candidates) for (const key of new Set(supplier.evidenceKeys ?? [])) holders.set(key, (holders.get(key) ?? 0) + 1);
  const qualified: KnownSupplier[] = [];
  for (const supplier of candidates) {
    const stored = new Set((supplier.evidenceKeys ?? []).filter((key) => holders.get(key) === 1));
    const known = normaliseCompanyName(supplier.name);
    let points = 0;
    for (const kind of EVIDENCE_KINDS) {
      if ((keys.get(kind) ?? []).some((key) => stored.has(key))) points += CLUE_WEIGHT[kind];
    }
    if (!(keys.get("domains") ?? []).some((key) => stored.has(key)) && evidence.domains.some((domain) => domainSpellsName(domain, known))) points += 1.5;
    if (points === 0) continue;
    const edit = name.length >= 3 ? nameSimilarity(name, known) : 0;
    const alike = Math.max(edit, name.length >= 3 ? sharedWordShare(name, known) : 0);
    if (points >= 3.5 || (points >= 1.5 && alike >= 0.5) || (points >= 0.5 && edit >= 0.75)) qualified.push(supplier);
  }
  return qualified.length === 1 ? (qualified[0] ?? null) : null;
}

/**
 * Whether the document's phone or email address is one that another known supplier, and not `supplier`,
 * has shown: a near name then is a neighbour's ("Transports Villars" calling from its own number).
 */
function phoneOrEmailOfAnother(supplier: KnownSupplier, known: readonly KnownSupplier[], fields: Pick<InvoiceFields, "sellerVat" | "sellerSiret">, match: MatchEvidence): boolean {
  const keys = evidenceKeysByKind(fields, match);
  const strong = [...(keys.get("phones") ?? []), ...(keys.get("emails") ?? [])];
  const own = new Set(supplier.evidenceKeys ?? []);
  return strong.some((key) => !own.has(key) && known.some((other) => other !== supplier && (other.evidenceKeys ?? []).includes(key)));
}

/**
 * The known supplier of these fields, or null. Identifiers beat names; among identifiers VAT beats
 * SIRET beats IBAN (an IBAN can be a factoring company's, shared by several suppliers). An identifier
 * that fails its checksum (misread) matches through the readings that pass it, when exactly one known
 * supplier has one of them; a SIRET also matches a supplier known by the French VAT number of its SIREN.
 * A name matches exactly after normalisation, else by similarity above NAME_SIMILARITY_THRESHOLD when one
 * known supplier is clearly the nearest; never a supplier whose VAT or SIRET differs from a valid one the
 * document shows, nor (by similarity) one when the document's phone or email is another supplier's. Then the document's other clues (`match`), with a second clue (matchByEvidence).
 */
export function matchSupplier(
  fields: Pick<InvoiceFields, "sellerName" | "sellerVat" | "sellerSiret" | "iban">,
  known: readonly KnownSupplier[],
  keyOf: (kind: IndexedKind, value: string) => string,
  match?: MatchEvidence,
): SupplierMatch | null {
  const byIndex: [IndexedKind, string | null, (supplier: KnownSupplier) => string | null | undefined][] = [
    ["vat", fields.sellerVat, (supplier) => supplier.vatIndexKey],
    ["siret", fields.sellerSiret, (supplier) => supplier.siretIndexKey],
    ["iban", fields.iban, (supplier) => supplier.ibanIndexKey],
  ];
  for (const [kind, value, keyOfSupplier] of byIndex) {
    if (!value) continue;
    const key = keyOf(kind, indexValueOf(kind, value));
    const found = known.find((supplier) => keyOfSupplier(supplier) === key);
    if (found) return { id: found.id, by: kind };
  }
  // The SIREN of a valid SIRET or VAT: the supplier known by the VAT number it implies, or by its clue key.
  const siren = sirenOfFields(fields);
  if (siren) {
    const vatKey = keyOf("vat", frenchVatOf(siren));
    const sirenKey = match ? match.keyOf("siren", siren) : null;
    const found = known.filter((supplier) => supplier.vatIndexKey === vatKey || (sirenKey !== null && (supplier.evidenceKeys ?? []).includes(sirenKey)));
    if (found.length === 1 && found[0]) return { id: found[0].id, by: "siren" };
  }
  for (const [kind, value, keyOfSupplier] of byIndex) {
    if (!value) continue;
    const keys = new Set(matchingReadings(kind, value).map((reading) => keyOf(kind, indexValueOf(kind, reading))));
    const found = known.filter((supplier) => {
      const key = keyOfSupplier(supplier);
      return typeof key === "string" && keys.has(key);
    });
    if (found.length === 1 && found[0]) return { id: found[0].id, by: kind };
  }
  // A valid VAT number or SIRET on the document that a supplier's differs from: another company.
  const validVat = fields.sellerVat && isValidVat(compactIdentifier(fields.sellerVat)) ? keyOf("vat", indexValueOf("vat", fields.sellerVat)) : null;
  const validSiret = fields.sellerSiret && isValidSiret(indexValueOf("siret", fields.sellerSiret)) ? keyOf("siret", indexValueOf("siret", fields.sellerSiret)) : null;
  const candidates = known.filter(
    (supplier) => !(validVat && supplier.vatIndexKey && supplier.vatIndexKey !== validVat) && !(validSiret && supplier.siretIndexKey && supplier.siretIndexKey !== validSiret),
  );
  const name = fields.sellerName ? normaliseCompanyName(fields.sellerName) : "";
  if (name.length >= 2) {
    const found = candidates.find((supplier) => normaliseCompanyName(supplier.name) === name);
    if (found) return { id: found.id, by: "name" };
  }
  if (name.length >= FUZZY_MIN_LENGTH) {
    // Ranked over every known supplier: a vetoed one that is as near still makes the name ambiguous.
    const ranked = known
      .map((supplier) => ({ supplier, similarity: nameSimilarity(name, normaliseCompanyName(supplier.name)) }))
      .sort((a, b) => b.similarity - a.similarity);
    const [first, second] = ranked;
    if (
      first &&
      candidates.includes(first.supplier) &&
      first.similarity >= NAME_SIMILARITY_THRESHOLD &&
      (!second || second.similarity < first.similarity - 0.05) &&
      !(match && phoneOrEmailOfAnother(first.supplier, known, fields, match))
    ) {
      return { id: first.supplier.id, by: "name" };
    }
  }
  if (match) {
    const found = matchByEvidence(name, candidates, evidenceKeysByKind(fields, match), match.evidence);
    if (found) return { id: found.id, by: "evidence" };
  }
  return null;
}
