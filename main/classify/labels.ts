/**
 * Field labels, French and English, as patterns over folded text (lower case, no accents). A label's
 * weight says how sure it makes us that the value after it is that field; `strict` labels are generic
 * words ("Date", "Total", "TVA") that only count when a value follows them directly on the same line.
 */
import type { FieldName } from "../../shared/invoice.js";

export interface LabelRule {
  field: FieldName;
  pattern: RegExp;
  weight: number;
  /** Generic label: the value must be on the same line, right after it (no column or next-line search). */
  strict?: boolean;
  /** The value refers to another document (the invoice a credit note cancels...). */
  reference?: boolean;
  /** A strict label that may stand after other words of its cell ("Facture n° 12 du 05/03/2024"). */
  midCell?: boolean;
  /**
   * The number of a quote, delivery note or order: the document's own number when the document is of
   * that kind, a reference to another document otherwise ("Order No." on an invoice).
   */
  documentKind?: NumberedKind;
}

/** Kinds of documents other than invoices and credit notes that carry their own number. */
export type NumberedKind = "quote" | "delivery" | "order";

const B = String.raw`(?<![a-z0-9])`;
const E = String.raw`(?![a-z0-9])`;
// OCR reads the degree sign of "n°" as a registered sign ("BLn®", "Facture n®").
const NO = String.raw`(?:n\s?[°o®]\.?|no\.?|nr\.?|num(?:ero|ber|\.)?|#|number|ref(?:erence|\.)?)`;
const HT = String.raw`(?:h\.?\s?t\.?|hors\s+tax(?:e|es)?)`;
const TTC = String.raw`t\.?\s?t\.?\s?c\.?`;
const TVA = String.raw`(?:t\.?v\.?a\.?|vat|gst|tax(?:es)?|sales\s+tax)`;
const NOT_AN_ID = String.raw`(?!\s*(?:intra|n\s?[°o]|no\.?\s|num|number|reg|id${E}|identification|non\s|not\s|exempt|acquitt|sur\s+les|[a-z]{2}\s?[0-9a-z]{2}\s?\d{3}|invoice|point|rate|taux|%))`;

/** What may stand between two words of a label on a scan: nothing, spaces, or speck punctuation. */
export const LABEL_GAP = String.raw`[ .,'"“”]*`;

function rule(field: FieldName, source: string, weight: number, extra: Partial<LabelRule> = {}): LabelRule {
  // OCR often drops the space between label words ("TotalHT", "Netàpayer") or reads a speck there
  // ("Total, HT", "Montant'HT", "N° de.facture"): spaces are optional and specks allowed.
  const tolerant = source.replace(/\\s\+/g, LABEL_GAP);
  return { field, pattern: new RegExp(`${B}(?:${tolerant})${E}`, "g"), weight, ...extra };
}

export const LABEL_RULES: readonly LabelRule[] = [
  // invoice number
  rule("invoiceNumber", String.raw`${NO}\s*'?(?:de\s+(?:la\s+)?|d'|du\s+|of\s+)?(?:facture|invoice|avoir|credit\s+note|note\s+de\s+credit)`, 10),
  // "Awoir": OCR reads a v as a w.
  rule("invoiceNumber", String.raw`(?:facture|invoice|a[vw]oir|credit\s*n[ao]te|credit\s+memo|note\s+de\s+credit|facture\s+d'avoir)\s*${NO}|credit\s*(?:#|n\s?[°o]\.?|no\.)`, 10),
  rule("invoiceNumber", String.raw`(?:devis|quote|quotation|estimate|offre)\s*${NO}|${NO}\s*(?:de\s+|du\s+)?(?:devis|quote|estimate)`, 9, { documentKind: "quote" }),
  rule("invoiceNumber", String.raw`(?:bon\s+de\s+livraison|bl|delivery\s+(?:note|slip)|packing\s+slip|slip)\s*${NO}|${NO}\s*(?:de\s+|du\s+)?(?:bon(?:\s+de\s+livraison)?|bl|delivery\s+note)`, 9, { documentKind: "delivery" }),
  rule("invoiceNumber", String.raw`(?:bon\s+de\s+commande|commande|purchase\s+order|order|po|p\.o\.)\s*${NO}|${NO}\s*(?:de\s+)?(?:commande|bon\s+de\s+commande|purchase\s+order|order)`, 9, { documentKind: "order" }),
  rule("invoiceNumber", String.raw`(?:facture|invoice)\s+(?:d'origine|initiale|originale?|annulee|rectifiee|concernee|related|original)\s*${NO}?|(?:sur|annule|rectifie|concerne|relative\s+a|ref(?:erence)?|origine|against|for)\s+(?:la\s+|the\s+)?(?:facture|invoice)\s*${NO}?`, 9, { reference: true }),
  rule("invoiceNumber", String.raw`(?:facture|invoice|avoir|credit\s+note)\s*:`, 6),
  // What OCR leaves of "N° de facture" on a dirty scan: "Ne de facts", "N° de Zacture".
  rule("invoiceNumber", String.raw`(?:n\s?[°o®e]\.?|no\.?)\s*de\s+(?:fact[a-z]{0,4}|[a-z]acture)`, 8),
  rule("invoiceNumber", String.raw`invoice\s+id|document\s+${NO}|${NO}\s+(?:de\s+)?(?:document|piece)|piece\s+${NO}`, 5),
  rule("invoiceNumber", NO, 3, { strict: true }),
  // The rest of "N° de facture" whose "N°" a tilted scan put on the line above, starting its cell.
  rule("invoiceNumber", String.raw`de\s+(?:la\s+)?facture|d'avoir`, 5, { strict: true }),
  // issue date
  rule("issueDate", String.raw`date\s+(?:de\s+(?:la\s+)?|d'|du\s+|de\s+l')?(?:facture|facturation|emission|avoir|piece|document)|(?:invoice|issue|billing|document|credit\s+note)\s+date|date\s+(?:of\s+)?(?:issue|invoice)|date\s+facture|emise?\s+le|etablie?\s+le|issued\s+(?:on)?|tax\s+point(?:\s+date)?`, 10),
  rule("issueDate", String.raw`date`, 4, { strict: true }),
  rule("issueDate", String.raw`(?:[a-z-]+\s*,\s*)?le`, 3, { strict: true, midCell: true }),
  rule("issueDate", String.raw`dated|du`, 2, { strict: true, midCell: true }),
  // due date
  rule("dueDate", String.raw`date\s+(?:d'|de\s+l'|de\s+)?echeance|echeance|date\s+limite(?:\s+de\s+(?:paiement|reglement))?|(?:a\s+)?(?:payer|regler|payable)\s+(?:avant\s+le|au\s+plus\s+tard\s+le|le|avant|jusqu'au|d'ici\s+le)|(?:payment\s+)?due\s+(?:date|on|by)|payment\s+due|date\s+due|pay(?:able)?\s+by|paiement\s+(?:avant|au\s+plus\s+tard)\s+le|expiry\s+date`, 10),
  // What is left of a due-date label when OCR misread or split its first words ("pate limite de
  // paiement", "À" on one line and "payer" on the next: "avant le").
  rule("dueDate", String.raw`limite\s+de\s+(?:paiement|reglement)|avant\s+le`, 6),
  rule("dueDate", String.raw`due|terms?`, 3, { strict: true }),
  // net
  rule("totalNet", String.raw`(?:total|montant|sous[-\s]?total)\s+(?:net\s+)?${HT}(?:\s+net)?|total\s+net\s+${HT}|base\s+${HT}|net\s+${HT}|total\s+(?:excl(?:uding|\.)?|ex\.?|before|without|hors)\s*(?:${TVA}|tva)|total\s*\((?:excl|ex|hors|${HT})[^)]*\)|net\s+(?:amount|total|value)|(?:amount|total)\s+net${E}(?!\s+a\s+payer)`, 10),
  rule("totalNet", String.raw`sous[-\s]?total|sub[-\s]?total|montant\s+net${E}(?!\s+a\s+payer)|total\s+${HT}`, 7),
  // tax
  rule("totalTax", String.raw`(?:total|montant)\s+(?:de\s+(?:la\s+)?)?(?:t\.?v\.?a\.?|taxes?)${NOT_AN_ID}|(?:total|montant)\s+(?:vat|gst|sales\s+tax|tax(?:es)?)${NOT_AN_ID}|(?:vat|tax|gst)\s+(?:amount|total)|tva\s+collectee`, 10),
  rule("totalTax", String.raw`${TVA}${NOT_AN_ID}`, 5),
  // OCR glued the rate to the label: "VAT20%", "TVA5,5%".
  { field: "totalTax", pattern: new RegExp(String.raw`${B}${TVA}(?=\d{1,2}(?:[.,]\d{1,2})?\s*%)`, "g"), weight: 5 },
  // gross
  rule("totalGross", String.raw`(?:total|montant)\s+(?:general\s+)?${TTC}|net\s+a\s+payer|(?:total|montant|reste|solde|somme)\s+(?:net\s+)?a\s+(?:payer|regler)|total\s+(?:amount\s+)?(?:due|payable)|amount\s+(?:due|payable|to\s+pay)|balance\s+due|grand\s+total|total\s+(?:incl(?:uding|\.)?|inc\.?|with)\s*(?:${TVA}|tva)|total\s*\((?:incl|inc|${TTC})[^)]*\)`, 10),
  rule("totalGross", String.raw`(?:invoice|facture)\s+total|total\s+(?:invoice|facture|amount|general)|montant\s+total|total\s+a\s+payer|${TTC}`, 7),
  rule("totalGross", String.raw`total`, 3, { strict: true }),
  // identifiers
  rule("sellerVat", String.raw`${NO}\s*(?:de\s+)?(?:t\.?v\.?a\.?|vat|ust)(?:\s*intra[-\s]?(?:communautaire|com\.?)|\s*intracom\.?)?|(?:t\.?v\.?a\.?|vat|ust)\s*(?:intra[-\s]?(?:communautaire|com\.?)|intracom\.?)(?:\s*${NO})?|(?:t\.?v\.?a\.?|vat|ust)\s*(?:${NO}|reg(?:istration)?\.?(?:\s+${NO})?|id(?:entification)?(?:\s+${NO})?)|identifiant\s+tva|ust-?id(?:nr)?|uid|p[.:]?\s?iva|partita\s+iva`, 8),
  rule("sellerSiret", String.raw`siret(?:\s+${NO})?`, 10),
  rule("iban", String.raw`iban(?:\s*:)?`, 10),
  rule("bic", String.raw`(?:code\s+)?(?:bic|swift)(?:\s*[/-]\s*(?:bic|swift))?(?:\s+code)?`, 10),
  rule("sellerName", String.raw`vendeur|fournisseur|emetteur|raison\s+sociale|seller|supplier|vendor|sold\s+by|issued\s+by|from`, 8, { strict: true }),
];

/** Labels that introduce the customer's block: what follows belongs to the buyer, not the seller. */
export const CUSTOMER_LABEL = new RegExp(
  `${B}(?:factur[ea]e?s?\\s+a|facturea(?![a-z])|adresse\\s+de\\s+(?:facturation|livraison)|bill(?:ed)?\\s+to|invoice\\s+to|sold\\s+to|ship(?:ped)?\\s+to|deliver(?:ed)?\\s+to|livr[ea]e?\\s+a|client${E}|customer${E}|destinataire|acheteur|buyer|votre|your|adresse\\s+client|a\\s+l'attention\\s+de|attn)`,
);

/** Other identifiers and dates that must not be read as the invoice's own (orders, customers...). */
export const FOREIGN_REFERENCE = new RegExp(
  `${B}(?:commande|order|bon|devis|quote|client|customer|contrat|contract|dossier|compte|account|siret|siren|rcs|tva|vat|tel|phone|fax|lot|article|bl|po|livraison|delivery|affaire|projet|project|mandat|ticket|code\\s+postal)${E}`,
);

/** Legal forms, to recognise and to ignore company names' suffixes. */
export const LEGAL_FORMS = [
  "sarl", "sas", "sasu", "sa", "eurl", "snc", "sci", "scop", "scp", "selarl", "gie", "ei", "eirl", "micro-entreprise",
  "ltd", "limited", "llc", "llp", "plc", "inc", "incorporated", "corp", "corporation", "co", "company",
  "gmbh", "ag", "kg", "ug", "bv", "nv", "spa", "srl", "sl", "sprl", "bvba", "oy", "ab", "as", "aps",
];
export const LEGAL_FORM_PATTERN = new RegExp(`${B}(?:${LEGAL_FORMS.map((form) => form.replace(/[-.]/g, "\\$&")).join("|")})\\.?${E}`);
