/**
 * Document type: invoice, credit note or other (quote, delivery note, purchase order, anything else).
 * Every keyword found is scored by where it sits: a title (near the top of page one, larger than the
 * body text, at the start of a short line) counts far more than a word in the conditions at the bottom.
 * The type with the highest total wins; the confidence is its share of the total and its margin.
 */
import type { DocType } from "../../shared/invoice.js";
import type { PageText } from "../ingest/types.js";
import type { Layout, Line } from "./layout.js";
import { buildLayout, relativeSize, relativeTop } from "./layout.js";

type Kind = "invoice" | "credit-note" | "quote" | "delivery" | "order" | "proforma" | "other";

interface Keyword {
  kind: Kind;
  pattern: RegExp;
  weight: number;
}

const B = String.raw`(?<![a-z0-9])`;
const E = String.raw`(?![a-z0-9])`;

function keyword(kind: Kind, source: string, weight: number): Keyword {
  // OCR often drops the space between words ("Offre deprix"): spaces are optional.
  return { kind, pattern: new RegExp(`${B}(?:${source.replace(/\\s\+/g, "\\s*")})${E}`, "g"), weight };
}

/** Ordered longest first: a line's words are consumed by the first (longest) match. */
const KEYWORDS: readonly Keyword[] = [
  keyword("proforma", String.raw`(?:facture\s+)?pro[-\s]?forma(?:\s+invoice)?`, 10),
  keyword("credit-note", String.raw`facture\s+d'avoir|avoir\s+(?:n\s?[°o]|no|numero)|(?:n\s?[°o]|no|numero)\.?\s+d'avoir|note\s+de\s+credit|credit\s+(?:note|memo)|avoir\s+sur\s+facture`, 10),
  keyword("invoice", String.raw`facture\s+(?:n\s?[°o]|no|numero)|(?:tax|vat|commercial)\s+invoice|invoice\s+(?:n\s?[°o]|no|number|#)|facture\s+(?:acquittee|definitive|rectificative)`, 10),
  keyword("quote", String.raw`devis(?:\s+(?:n\s?[°o]|no|numero))?|offre\s+de\s+prix|proposition\s+(?:commerciale|de\s+prix)|quotation|price\s+quote|estimate|quote(?:\s+(?:n\s?[°o]|no|number|#))?`, 10),
  keyword("delivery", String.raw`bon\s+de\s+livraison|bordereau\s+de\s+livraison|delivery\s+(?:note|slip)|packing\s+(?:slip|list)|bon\s+de\s+reception`, 10),
  keyword("order", String.raw`bon\s+de\s+commande|purchase\s+order|confirmation\s+de\s+commande|order\s+confirmation|accuse\s+de\s+reception\s+de\s+commande`, 10),
  keyword("other", String.raw`releve\s+de\s+compte|statement\s+of\s+account|account\s+statement|recu|receipt|contrat|contract|relance|reminder`, 6),
  // "d'avoir" names the document ("N° d'avoir" whose "N°" OCR lost); plain "avoir" may be the verb.
  keyword("credit-note", String.raw`d'avoir`, 4),
  keyword("credit-note", String.raw`avoir|credit`, 4),
  keyword("invoice", String.raw`facture|invoice|rechnung|fattura|factura`, 6),
];

/** Phrases of the body that support one type without being its title. */
const BODY_SIGNALS: readonly Keyword[] = [
  keyword("quote", String.raw`validite\s+(?:de\s+l'offre|du\s+devis)|valable\s+(?:jusqu'au|\d+\s+jours)|bon\s+pour\s+accord|valid\s+(?:until|for)|offer\s+valid|acceptation\s+du\s+devis|signature\s+du\s+client`, 3),
  keyword("delivery", String.raw`quantite\s+livree|qty\s+delivered|recu\s+en\s+bon\s+etat|received\s+in\s+good\s+condition|date\s+de\s+livraison`, 1.5),
  keyword("order", String.raw`date\s+de\s+livraison\s+souhaitee|delivery\s+date\s+requested|ship\s+via|conditions\s+d'achat`, 1.5),
  keyword("invoice", String.raw`date\s+d'echeance|due\s+date|net\s+a\s+payer|amount\s+due|total\s+due|penalites\s+de\s+retard|indemnite\s+forfaitaire|late\s+payment`, 1.5),
  keyword("credit-note", String.raw`rembours|refund|a\s+deduire|credited|annule\s+et\s+remplace|annulation\s+de\s+la\s+facture`, 1.5),
];

/** Where a keyword sits: a title near the top, in a large font, at the start of a short line. */
function titleFactor(line: Line, layout: Layout, start: number, weight = 0): number {
  let factor = 1;
  if (line.page === 1) {
    const top = relativeTop(line);
    factor *= top < 0.3 ? 3 : top < 0.5 ? 1.5 : 0.8;
  } else factor *= 0.5;
  const size = relativeSize(line, layout);
  if (size > 1.15) factor *= Math.min(3, size);
  const cellStart = line.text.lastIndexOf("\t", start) + 1;
  // A full title with only specks before it ("‘Bon de commande") still starts its cell; a generic word
  // does not ('"Invoice date' is a label).
  const before = line.folded.slice(cellStart, start);
  if (before.trim() === "" || (weight >= 10 && !/[a-z0-9]/.test(before))) factor *= 1.5;
  else factor *= 0.6;
  if (line.text.length > 60) factor *= 0.5;
  if (line.text === line.text.toUpperCase() && /[A-Z]{4}/.test(line.text)) factor *= 1.3;
  return factor;
}

/** A mention of another document: "facture d'origine n°", "suivant votre devis", "ref. commande". */
function isReferenceMention(line: Line, start: number): boolean {
  const before = line.folded.slice(Math.max(0, start - 25), start);
  const after = line.folded.slice(start, start + 40);
  return (
    /(?:sur|de\s+la|de|notre|votre|your|our|to|sur\s+la|suivant|selon|ref\.?|reference|relative\s+a|concerne|against|per|from|en\s+reglement\s+de|vers\s+la|avec\s+la)\s*$/.test(before) ||
    /^(?:facture|invoice)\s+(?:d'origine|initiale|originale?|annulee|rectifiee|concernee|related|original|referenced)/.test(after)
  );
}

export interface DocTypeResult {
  docType: DocType;
  /** 0..1 */
  confidence: number;
  /** The winning kind before mapping to DocType (quote, delivery, order...). */
  kind: Kind;
}

/** Scores the document from an already built layout. */
export function classifyLayout(layout: Layout): DocTypeResult {
  const scores = new Map<Kind, number>();
  const add = (kind: Kind, value: number): void => {
    scores.set(kind, (scores.get(kind) ?? 0) + value);
  };
  for (const line of layout.lines) {
    const consumed: [number, number][] = [];
    for (const entry of KEYWORDS) {
      entry.pattern.lastIndex = 0;
      for (const match of line.folded.matchAll(entry.pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (consumed.some(([from, to]) => from < end && start < to)) continue;
        consumed.push([start, end]);
        // A word inside an email address or a web address ("devis@...", "www.facture.fr") is no title.
        const token = /\S*$/.exec(line.folded.slice(0, start))?.[0] ?? "";
        const rest = /^\S*/.exec(line.folded.slice(end))?.[0] ?? "";
        if (/[@/]|www\./.test(token + rest)) continue;
        let value = entry.weight * titleFactor(line, layout, start, entry.weight);
        if (isReferenceMention(line, start)) value *= 0.15;
        if (entry.kind === "credit-note" && entry.weight < 10 && match[0] === "avoir" && !/^avoir[\s.:;,!]*$|^avoir\s+(?:n|no|numero|\d)/.test(line.folded.slice(start).trim())) {
          // "avoir" is also the verb "to have": only a title-like "AVOIR" or "Avoir n°" counts fully.
          value *= /^avoir[\s.:;,!]*$/.test(line.folded.trim()) ? 1 : 0.2;
        }
        if (entry.kind === "credit-note" && match[0] === "credit") value *= 0.3;
        // "Invoice to", "Invoice date", "Facturé à": a label of the page, not its title.
        if (entry.kind === "invoice" && entry.weight < 10 && /^\s*(?:to|date|a)(?![a-z0-9])/.test(line.folded.slice(end))) value *= 0.3;
        add(entry.kind, value);
      }
    }
    for (const signal of BODY_SIGNALS) {
      signal.pattern.lastIndex = 0;
      for (const _match of line.folded.matchAll(signal.pattern)) add(signal.kind, signal.weight);
    }
    if (/(?:^|\s)(?:-\s?\d[\d\s.,]*\d|\(\d[\d\s.,]*\d\))\s*(?:€|eur|\$|£)?\s*$/.test(line.folded) && /total|montant|amount/.test(line.folded)) add("credit-note", 1);
  }
  // A two-word title OCR split in two ("CREDIT" over "NOTE", or in two cells): both words alone in the
  // top of page one, each a whole cell.
  const topCells = layout.lines
    .filter((line) => line.page === 1 && relativeTop(line) < 0.3)
    .flatMap((line) => line.cells.map((cell) => ({ line, start: cell.start, word: line.folded.slice(cell.start, cell.end).replace(/[^a-z']/g, "") })));
  const creditCell = topCells.find((cell) => cell.word === "credit");
  if (creditCell && topCells.some((cell) => cell.word === "note")) add("credit-note", 10 * titleFactor(creditCell.line, layout, creditCell.start));
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [bestKind, bestScore] = ranked[0] ?? ["other", 0];
  const secondScore = ranked[1]?.[1] ?? 0;
  const total = ranked.reduce((sum, [, score]) => sum + score, 0);
  if (bestScore < 3) return { docType: "other", confidence: bestScore === 0 ? 0.6 : 0.4, kind: "other" };
  const share = bestScore / Math.max(total, 1e-9);
  const margin = (bestScore - secondScore) / bestScore;
  const confidence = Math.max(0.05, Math.min(0.99, 0.5 * share + 0.5 * margin));
  const docType: DocType = bestKind === "invoice" ? "invoice" : bestKind === "credit-note" ? "credit-note" : "other";
  return { docType, confidence: Number(confidence.toFixed(2)), kind: bestKind };
}

/** Document type of the pages, with a confidence in 0..1. */
export function classifyDocumentType(pages: readonly PageText[]): { docType: DocType; confidence: number } {
  const { docType, confidence } = classifyLayout(buildLayout(pages));
  return { docType, confidence };
}
