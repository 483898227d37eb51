/** Names of natural persons: after a contact / attention / customer label, or in front of a sole trader's "EI". */
import type { SensitiveFinding } from "../ingest/findings.js";
import { makeFinding } from "./finding.js";
import { wordsInRange, type PageLayout } from "./layout.js";

const CAPITALISED = String.raw`[A-ZÀ-ÖØ-Þ][\p{Ll}'’]*(?:[-'’][A-ZÀ-ÖØ-Þ]?[\p{Ll}]+)*`;
const PARTICLE = String.raw`(?:de|du|des|van|von|der|da|di|Le|La|De|Van|Mac|Mc)`;
/**
 * 2 or 3 capitalised words, with particles allowed between them ("Maël Le Goff", "Marie-Claire Vasseur");
 * OCR may leave a stray colon or dot after a word ("Sandrine: Marchand", "Benoit. Garnier").
 */
const PERSON = String.raw`${CAPITALISED}(?:[:.]?\s+(?:${PARTICLE}\s+)?${CAPITALISED}){1,2}`;

const INLINE_LABEL = String.raw`(?:Votre\s+contact|Your\s+contact|Contact|Interlocuteur(?:\s+commercial)?|Suivi\s+par|Account\s+manager|Attn\.?|Attention|[ÀA]\s+l['’]attention\s+de|Client|Customer)`;
/** The label may follow a stray quote or bar of a scan ("‘Account manager:"), the name be followed by one. */
const AFTER_LABEL = new RegExp(String.raw`(?:^|[\s‘’'"“”|*(])${INLINE_LABEL}\s*[:.;]?\s+(${PERSON})(?=\s*$|\s*[,;:.·(|]|\s+[-–—|]\s|\s+(?:\S+\s)?\S+@|\s+\+?\d)`, "gu");
const SOLE_TRADER = new RegExp(String.raw`(?:^|[\s‘’'"“”|*(])(${PERSON})\s*,?\s*(?:[-–]\s*)?(?:Entrepreneur\s+individuel|\(EI\)|EI\b|EIRL\b|auto-?entrepreneur|micro-?entrepreneur)`, "gu");
const HEADING = /^(?:Factur[ée]\s+à|Client|Adresse\s+de\s+facturation|Destinataire|Bill(?:ed)?\s+to|Invoice\s+to|Customer|Sold\s+to|Ship\s+to|Livr[ée]\s+à)\s*:?$/iu;
/** Cheap pre-check: the label words the patterns above need. */
const MAY_HOLD_NAME = /contact|interlocuteur|suivi|manager|att|client|customer|entrepreneur|\bEI|EIRL|\(EI\)|auto-?entrepreneur|micro-?entrepreneur/i;
const WHOLE_PERSON = new RegExp(String.raw`^(${PERSON})$`, "u");

const LEGAL_FORM = /\b(?:SAS|SASU|SARL|EURL|SA|SNC|SCI|SCOP|SELARL|Ltd|Limited|plc|PLC|LLP|GmbH|AG|KG|Inc|LLC|Corp|NV|BV|SPRL|SRL|S\.?L\.?|S\.?A\.?|S\.?r\.?l\.?|S\.?p\.?A\.?|EI)\b\.?/u;
const ORGANISATION_WORD =
  /\b(?:Groupe|Group|Atelier|Association|Mairie|Clinique|Boulangerie|P[âa]tisserie|Soci[ée]t[ée]|Cabinet|H[ôo]tel|Transports?|Services?|Entreprises?|Agence|Bureau|Studio|Distribution|Conseil|Consulting|Solutions|Architectes?|Imprimerie|Papeterie|Plomberie|Menuiserie|[ÉE]lectricit[ée]|Logiciels|Informatique|Laboratoire|Pharmacie|Garage|Restaurant|Caf[ée]|Syndic|Commune|Ville|R[ée]gion|D[ée]partement|Minist[èe]re|Universit[ée]|[ÉE]cole|Coll[èe]ge|Lyc[ée]e|Centre|Institut|Fondation|Banque|Bank|Office|Supplies|Software|Logistics|Systems|Systeme|Partners|Associ[ée]s|Fils|Fr[èe]res|Total|Montant|Date|Facture|Invoice|Page|Conditions|Paiement|Payment)\b/iu;

function isPersonLike(name: string): boolean {
  return !LEGAL_FORM.test(name) && !ORGANISATION_WORD.test(name);
}

export function detectPersonNames(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  const push = (segmentIndex: number, from: number, name: string, confidence: number): void => {
    const segment = layout.segments[segmentIndex];
    if (!segment || !isPersonLike(name)) return;
    found.push(makeFinding(layout, "person", wordsInRange(segment, from, from + name.length), name, name.replace(/[:.](?=\s)/g, ""), confidence));
  };
  for (const segment of layout.segments) {
    const mayHoldName = MAY_HOLD_NAME.test(segment.text);
    for (const pattern of mayHoldName ? [AFTER_LABEL, SOLE_TRADER] : []) {
      for (const match of segment.text.matchAll(pattern)) {
        const name = match[1] ?? "";
        push(segment.id, match.index + match[0].indexOf(name), name, pattern === AFTER_LABEL ? 0.85 : 0.8);
      }
    }
    // A customer heading ("Facturé à", "Bill to") with a person's name alone on the next line.
    if (HEADING.test(segment.text.trim())) {
      const next = layout.segments[layout.below[segment.id] ?? -1];
      const match = next ? WHOLE_PERSON.exec(next.text.trim()) : null;
      if (next && match?.[1]) push(next.id, next.text.indexOf(match[1]), match[1], 0.75);
    }
  }
  return found;
}
