/**
 * Invoice field extraction: label rules and word boxes give candidates for each field, scored by the
 * label's strength, where the value sits and the document's context; supplier profile hints come first.
 */
import type { FieldName, InvoiceFields } from "../../shared/invoice.js";
import type { Classification, PageText } from "../ingest/types.js";
import { readsFrench, restoreAccents } from "./accents.js";
import { evidenceFromLayout, repairNameByDomain } from "./evidence.js";
import { countCurrencies, formatCents } from "./amounts.js";
import type { ExtractionNotes } from "./checks.js";
import { checkInvoiceFields } from "./checks.js";
import type { DateOrder } from "./dates.js";
import { findDates, inferDateOrder } from "./dates.js";
import type { DocTypeResult } from "./doc-type.js";
import { classifyLayout } from "./doc-type.js";
import { frenchIbanFromRib, isValidSiren, readSiret, readVatWithMisreadPrefix, sirenOfFrenchVat } from "./identifiers.js";
import { lettersToDigits } from "./text.js";
import type { Layout, Line } from "./layout.js";
import { boxOfRange, buildLayout, relativeTop } from "./layout.js";
import { FOREIGN_REFERENCE } from "./labels.js";
import type { LabelHit } from "./locate.js";
import { findLabelHits, isItemTableHeader, isLabelled, labelRegion, valuesForLabel } from "./locate.js";
import type { SupplierProfile } from "./profile.js";
import { valueFromHint } from "./profile.js";
import type { CustomerZone } from "./seller.js";
import { customerZones, inCustomerZone, mentionsCustomer, sellerNameCandidates } from "./seller.js";
import { amountCandidates, printedAfterLabels, resolveTotals } from "./totals.js";
import type { FoundValue, ReadContext } from "./values.js";
import { readValues } from "./values.js";

export interface ExtractOptions {
  /** The supplier's learnt profile: its hints are tried before the generic rules. */
  profile?: SupplierProfile | null;
  /** Force the day/month order of numeric dates. */
  dateOrder?: DateOrder;
}

interface Scored {
  value: string;
  score: number;
  found?: FoundValue;
  /** Where the value was read (line and offset in its text). */
  at?: { line: Line; start: number };
}

function best(candidates: readonly Scored[]): Scored | null {
  return [...candidates].sort((a, b) => b.score - a.score)[0] ?? null;
}

function pageOneTopBonus(line: Line): number {
  return line.page === 1 && relativeTop(line) < 0.4 ? 1.2 : 1;
}

/**
 * On a tilted scan the number can land on the line above its label ("AV-2023-8712 | ADRESSE..." over
 * "Avoir n° | --"): the cell of the line just above that starts right of the label's end, before the
 * label line's next cell, when it is an id with three digits or more and letters or separators.
 */
function valueAboveLabel(layout: Layout, hit: LabelHit, hits: readonly LabelHit[], context: ReadContext): FoundValue | null {
  const index = layout.lines.indexOf(hit.line);
  const above = index > 0 ? layout.lines[index - 1] : undefined;
  if (!above || above.page !== hit.line.page) return null;
  const labelBox = boxOfRange(hit.line, hit.start, hit.end);
  const height = labelBox[3] - labelBox[1];
  if (labelBox[1] - above.box[3] > height * 1.5) return null;
  // Up to the next cell of the label's own line, and within a third of the page.
  const nextCell = hit.line.cells.find((cell) => cell.x0 > labelBox[2] + 1)?.x0 ?? Infinity;
  const limit = Math.min(nextCell, labelBox[2] + hit.line.pageWidth / 3);
  for (const cell of above.cells) {
    if (cell.x0 < labelBox[2] - height || cell.x0 > limit) continue;
    if (hits.some((other) => other.line === above && other.start < cell.end && other.end > cell.start)) continue;
    const found = readValues("id", above.text.slice(cell.start, cell.end), context)[0];
    if (found && (found.value.match(/\d/g) ?? []).length >= 3 && /[A-Za-z\-/]/.test(found.value)) return found;
  }
  return null;
}

function invoiceNumber(layout: Layout, hits: readonly LabelHit[], context: ReadContext, type: DocTypeResult, ids: ReadonlySet<string>): Scored | null {
  const docType = type.docType;
  const candidates: Scored[] = [];
  for (const hit of hits.filter((candidate) => candidate.rule.field === "invoiceNumber")) {
    // "Order No." is this document's own number on an order, another document's on an invoice.
    // A document whose kind the page does not tell (its title lost on a scan) takes any such number.
    if (hit.rule.documentKind && hit.rule.documentKind !== type.kind && !(type.kind === "other" && type.docType === "other")) continue;
    const before = hit.line.folded.slice(Math.max(0, hit.start - 20), hit.start);
    if (hit.rule.strict && FOREIGN_REFERENCE.test(before.split("\t").pop() ?? "")) continue;
    const values = valuesForLabel(layout, hit, hits, "id", context);
    if (values.length === 0 && layout.ocr && !hit.rule.strict && !hit.rule.reference) {
      const above = valueAboveLabel(layout, hit, hits, context);
      if (above && !ids.has(above.value.toUpperCase())) candidates.push({ value: above.value, score: hit.rule.weight * 0.5, found: above });
    }
    for (const located of values) {
      if (ids.has(located.found.value.toUpperCase())) continue;
      let score = hit.rule.weight * pageOneTopBonus(hit.line);
      if (hit.rule.reference) score *= docType === "credit-note" ? 0.2 : 0.4;
      if (located.place === "below") score *= 0.85;
      if (isItemTableHeader(hit.line)) score *= 0.5;
      candidates.push({ value: located.found.value, score, found: located.found });
    }
  }
  for (const line of layout.lines.filter((candidate) => candidate.page === 1 && relativeTop(candidate) < 0.4)) {
    // A title word starting the line or one of its cells, then the number: "FACTURE F-2024-12", or
    // "... | Facture | CMP-2024-6766" where OCR lost the "N°" or "Réf." before it.
    for (const cell of line.cells) {
      const title = /^(?:facture|invoice|tax\s+invoice|avoir|credit\s+note|facture\s+d'avoir)\s+/.exec(line.folded.slice(cell.start).replace(/\t/g, " "));
      if (!title) continue;
      const offset = cell.start + title[0].trim().length;
      const found = readValues("id", line.text.slice(offset), context)[0];
      if (found && /\d/.test(found.value) && !ids.has(found.value.toUpperCase())) candidates.push({ value: found.value, score: cell.start === 0 ? 4 : 3, found });
    }
  }
  if (layout.ocr) {
    // OCR garbled the header row's labels, but the values row shows a number then the date: "INV-2024-
    // 03914 | 9 mai 2024 | 31 mai 2024". The line's first cell, an id with letters or separators.
    for (const line of layout.lines.filter((candidate) => candidate.page === 1 && relativeTop(candidate) < 0.4)) {
      const [first, second] = line.cells;
      if (!first || !second) continue;
      const found = readValues("id", line.text.slice(first.start, first.end), context)[0];
      if (!found || found.end < first.end - first.start - 1 || ids.has(found.value.toUpperCase())) continue;
      if ((found.value.match(/\d/g) ?? []).length < 4 || !/[A-Za-z\-/]/.test(found.value)) continue;
      if (findDates(line.text.slice(second.start, second.end), context.dateOrder).length === 0) continue;
      candidates.push({ value: found.value, score: 2, found });
    }
  }
  return best(candidates);
}

const DATE_FOREIGN = /(?<![a-z])(?:livraison|delivery|commande|order|echeance|due|expedition|shipping|naissance|periode|period|du|au|from|to|validite|valid|prestation|service)(?![a-z])/;

function dates(layout: Layout, hits: readonly LabelHit[], context: ReadContext): { issue: Scored | null; due: Scored | null } {
  const issue: Scored[] = [];
  const due: Scored[] = [];
  for (const hit of hits) {
    if (hit.rule.field !== "issueDate" && hit.rule.field !== "dueDate") continue;
    const located = valuesForLabel(layout, hit, hits, "date", context)[0];
    if (!located) continue;
    const score = hit.rule.weight * (located.place === "below" ? 0.9 : 1) * pageOneTopBonus(hit.line);
    (hit.rule.field === "issueDate" ? issue : due).push({ value: located.found.value, score, found: located.found, at: { line: located.line, start: located.start } });
  }
  if (issue.length === 0) {
    // No label (or OCR lost it): the first date on page one that no other label claims (delivery, order,
    // due...). A due date's own printed place is claimed, not its value: both dates can be the same day.
    const claimed = (line: Line, start: number): boolean => due.some((candidate) => candidate.at?.line === line && candidate.at.start === start);
    for (const line of layout.lines.filter((candidate) => candidate.page === 1)) {
      const date = findDates(line.text, context.dateOrder).find((found) => !DATE_FOREIGN.test(line.folded.slice(Math.max(0, found.start - 30), found.start)) && !claimed(line, found.start));
      if (date) {
        issue.push({ value: date.iso, score: 1 });
        break;
      }
    }
  }
  return { issue: best(issue), due: best(due) };
}

interface IdChoice {
  value: string | null;
  valid: boolean;
  repaired: boolean;
}

function chooseIdentifier(
  layout: Layout,
  hits: readonly LabelHit[],
  zones: readonly CustomerZone[],
  field: "sellerVat" | "sellerSiret" | "iban",
  context: ReadContext,
  preferSiren: string | null,
): IdChoice {
  const kind = field === "sellerVat" ? "vat" : field === "sellerSiret" ? "siret" : "iban";
  const candidates: (Scored & { valid: boolean; repaired: boolean })[] = [];
  layout.lines.forEach((line, lineIndex) => {
    // A scan can leave a wide gap inside an id ("FR 07 888 | 071 438"): a valid id read across the
    // line's cells counts too (same offsets: a tab becomes a space).
    const inCells = readValues(kind, line.text, context);
    const acrossCells = readValues(kind, line.text.replace(/\t/g, " "), context).filter(
      (found) => found.valid && !inCells.some((other) => other.start < found.end && found.start < other.end && other.valid),
    );
    for (const found of [...inCells.filter((other) => !acrossCells.some((across) => across.start < other.end && other.start < across.end)), ...acrossCells]) {
      const labelled = isLabelled({ line, start: found.start }, hits, field) || (field === "sellerVat" && isLabelled({ line, start: found.start }, hits, "totalTax"));
      if (!found.valid && !labelled) continue;
      let score = (found.valid ? 5 : 1) + (labelled ? 3 : 0);
      const box = boxOfRange(line, found.start, found.end);
      if (inCustomerZone(zones, line.page, box) || mentionsCustomer(line, found.start)) score -= 20;
      if (relativeTop(line) > 0.8) score += 1;
      if (preferSiren && found.value.includes(preferSiren)) score += 3;
      score -= lineIndex * 0.001;
      candidates.push({ value: found.value, score, valid: found.valid, repaired: found.repaired });
    }
  });
  if (field === "sellerVat") {
    // After its label, a VAT number whose country prefix OCR read as digits ("P.IVA : 1161179850393").
    for (const hit of hits.filter((candidate) => candidate.rule.field === "sellerVat")) {
      const printed = /^[\s:.#°\-–=]*([0-9A-Za-z|]{2}[0-9A-Z .]{8,14}?)(?=[\s.]*$|\s{2,}|\t)/.exec(labelRegion(hit, hits))?.[1];
      const reading = printed ? readVatWithMisreadPrefix(printed) : null;
      if (!reading || candidates.some((candidate) => candidate.value === reading.value && candidate.valid)) continue;
      const box = boxOfRange(hit.line, hit.end, hit.end + 20);
      const customer = inCustomerZone(zones, hit.line.page, box) || mentionsCustomer(hit.line, hit.end);
      candidates.push({ value: reading.value, score: 8 - (customer ? 20 : 0), valid: true, repaired: true });
    }
  }
  if (field === "sellerSiret") {
    // After its label, a SIRET grouped any way ("5393520 2100056"): taken only when Luhn passes.
    for (const hit of hits.filter((candidate) => candidate.rule.field === "sellerSiret")) {
      const printed = /^[\s:.#°\-–=]*((?:[0-9OIlSB][ .'’]?){13}[0-9OIlSB])(?![0-9])/.exec(labelRegion(hit, hits))?.[1];
      const reading = printed ? readSiret(printed) : null;
      if (!reading?.valid || candidates.some((candidate) => candidate.value === reading.value)) continue;
      const box = boxOfRange(hit.line, hit.end, hit.end + 20);
      const customer = inCustomerZone(zones, hit.line.page, box) || mentionsCustomer(hit.line, hit.end);
      candidates.push({ value: reading.value, score: 8 - (customer ? 20 : 0) + (preferSiren && reading.value.startsWith(preferSiren) ? 3 : 0), valid: true, repaired: reading.repaired });
    }
  }
  const chosen = [...candidates].sort((a, b) => b.score - a.score)[0];
  if (!chosen || chosen.score <= 0) return { value: null, valid: true, repaired: false };
  return { value: chosen.value, valid: chosen.valid, repaired: chosen.repaired };
}

/** The French VAT number of a SIREN: "FR", the key (12 + 3 × (SIREN mod 97)) mod 97, the SIREN. */
export function frenchVatOf(siren: string): string {
  return `FR${String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, "0")}${siren}`;
}

/**
 * The seller's French VAT number when OCR broke it (a gap, lost digits) but the page shows its start:
 * "FR", the key that the seller's valid SIRET implies, and at least three leading digits of that SIREN,
 * or all nine with one misread. The key is the check: a misread start does not pass it.
 */
function frenchVatFromSiren(layout: Layout, siren: string): string | null {
  const expected = frenchVatOf(siren);
  for (const line of layout.lines) {
    for (const match of line.text.matchAll(/(?<![A-Za-z0-9])F ?R[ .:-]{0,2}([0-9OIl]{2})((?:[ .:'’-]{0,2}[0-9OIlSB]){3,9})/g)) {
      const key = lettersToDigits(match[1] ?? "");
      const digits = lettersToDigits(match[2] ?? "").replace(/\D/g, "");
      if (`FR${key}` !== expected.slice(0, 4)) continue;
      if (digits.length >= 3 && siren.startsWith(digits)) return expected;
      // All nine SIREN digits read, one of them misread ("FR38 611 322 882" for the SIREN 811 322 882).
      if (digits.length === 9 && [...digits].filter((digit, index) => digit !== siren.charAt(index)).length === 1) return expected;
    }
  }
  return null;
}

function chooseBic(layout: Layout, hits: readonly LabelHit[], context: ReadContext): IdChoice {
  for (const hit of hits.filter((candidate) => candidate.rule.field === "bic")) {
    const located = valuesForLabel(layout, hit, hits, "bic", context)[0];
    if (located) return { value: located.found.value, valid: located.found.valid, repaired: located.found.repaired };
  }
  // OCR glued the label to the value: "BICBNPAFRPP".
  for (const line of layout.lines) {
    const glued = /(?:BIC|SWIFT)[\s:]*([A-Z0-9]{8}(?:[A-Z0-9]{3})?)(?![A-Za-z0-9])/.exec(line.text)?.[1];
    const found = glued ? readValues("bic", glued, context)[0] : undefined;
    if (found) return { value: found.value, valid: found.valid, repaired: found.repaired };
  }
  return { value: null, valid: true, repaired: false };
}

function sellerName(layout: Layout, hits: readonly LabelHit[], zones: readonly CustomerZone[], context: ReadContext): string | null {
  for (const hit of hits.filter((candidate) => candidate.rule.field === "sellerName")) {
    const located = valuesForLabel(layout, hit, hits, "name", context)[0];
    if (located) return located.found.value;
  }
  const candidate = sellerNameCandidates(layout, zones)[0];
  return candidate && candidate.score >= 1 ? candidate.value : null;
}

/**
 * On a scan, the seller's name with a letter its domain spells put right, and, on a French document or
 * name, the accents OCR lost on its French words.
 */
function ocrNameRepair(layout: Layout, name: string | null, fullText: string): string | null {
  if (!name || !layout.ocr) return name;
  // A speck read as a full stop after a word inside the name ("SOPHIE. BERNARD"); initials and short
  // abbreviations ("J. Martin", "Ets. Roux") keep theirs.
  const unspecked = name.replace(/(?<=\p{L}{4})\.(?= \p{L}{2})/gu, "");
  // One letter misread, put right by the seller's own domain; then the accents.
  const spelled = repairNameByDomain(unspecked, evidenceFromLayout(layout).domains);
  // French: the document, or the name itself, which shows an accent OCR did read ("LÉMAN PRECISION SA").
  return readsFrench(fullText) || /[éèêàâçôûîù]/i.test(spelled) ? restoreAccents(spelled) : spelled;
}

function currency(layout: Layout, chosen: readonly (string | null | undefined)[]): string | null {
  const fromTotals = chosen.find((code): code is string => typeof code === "string");
  if (fromTotals) return fromTotals;
  const label = layout.lines.map((line) => /(?:devise|currency)\s*:?\s*([A-Z]{3})\b/i.exec(line.text)?.[1]).find(Boolean);
  if (label) return label.toUpperCase();
  const counts = countCurrencies(layout.lines.map((line) => line.text).join("\n"));
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Extraction on an already built layout; also returns the notes the checks need. */
export function extractFromLayout(layout: Layout, options: ExtractOptions = {}): { classification: Classification; notes: ExtractionNotes } {
  const fullText = layout.lines.map((line) => line.text).join("\n");
  const profile = options.profile ?? null;
  const context: ReadContext = { dateOrder: options.dateOrder ?? profile?.dateOrder ?? inferDateOrder(fullText), ocr: layout.ocr };
  const type = classifyLayout(layout);
  const hits = findLabelHits(layout, context);
  const zones = customerZones(layout);
  const notes: ExtractionNotes = { invalid: [], repaired: [], derived: [], typeConfidence: type.confidence };

  const sirets = chooseIdentifier(layout, hits, zones, "sellerSiret", context, null);
  const siren = sirets.value && sirets.valid ? sirets.value.slice(0, 9) : null;
  const chosenVat = chooseIdentifier(layout, hits, zones, "sellerVat", context, siren && isValidSiren(siren) ? siren : null);
  const rebuilt = (!chosenVat.value || !chosenVat.valid) && siren && isValidSiren(siren) ? frenchVatFromSiren(layout, siren) : null;
  const vat: IdChoice = rebuilt ? { value: rebuilt, valid: true, repaired: true } : chosenVat;
  const vatSiren = vat.value ? sirenOfFrenchVat(vat.value) : null;
  const siret = vatSiren && !sirets.value ? chooseIdentifier(layout, hits, zones, "sellerSiret", context, vatSiren) : sirets;
  const chosenIban = chooseIdentifier(layout, hits, zones, "iban", context, null);
  // A French IBAN failing mod 97 on a scan, and the page's RIB (its key checked) one or two characters from it.
  const fromRib = context.ocr && chosenIban.value && !chosenIban.valid ? frenchIbanFromRib(chosenIban.value, fullText) : null;
  const iban: IdChoice = fromRib ? { value: fromRib, valid: true, repaired: true } : chosenIban;
  const bic = chooseBic(layout, hits, context);
  const ids = new Set([vat.value, siret.value, iban.value, bic.value].filter((value): value is string => value !== null));

  const vatExempt = /(?:tva\s+non\s+applicable|exon[ée]r|autoliquidation|reverse\s+charge|vat\s+exempt|art(?:icle)?\.?\s*293\s*b)/i.test(fullText);
  const totals = resolveTotals(amountCandidates(layout, hits, context), fullText, vatExempt, printedAfterLabels(hits));
  notes.derived.push(...totals.derived);
  const { issue, due } = dates(layout, hits, context);
  const fields: InvoiceFields = {
    invoiceNumber: invoiceNumber(layout, hits, context, type, ids)?.value ?? null,
    issueDate: issue?.value ?? null,
    dueDate: due?.value ?? null,
    currency: currency(layout, [totals.totalGross?.currency, totals.totalNet?.currency, totals.totalTax?.currency]),
    totalNet: totals.totalNet ? formatCents(totals.totalNet.cents) : null,
    totalTax: totals.totalTax ? formatCents(totals.totalTax.cents) : null,
    totalGross: totals.totalGross ? formatCents(totals.totalGross.cents) : null,
    sellerName: ocrNameRepair(layout, sellerName(layout, hits, zones, context), fullText),
    sellerVat: vat.value,
    sellerSiret: siret.value,
    iban: iban.value,
    bic: bic.value,
  };
  const choices: [FieldName, IdChoice][] = [["sellerVat", vat], ["sellerSiret", siret], ["iban", iban], ["bic", bic]];
  for (const [field, choice] of choices) {
    if (choice.value && !choice.valid) notes.invalid.push(field);
    if (choice.value && choice.repaired) notes.repaired.push(field);
  }
  for (const field of ["totalNet", "totalTax", "totalGross"] as const) {
    const chosen = totals[field];
    if (chosen && (chosen.repaired || chosen.decimalRepair)) notes.repaired.push(field);
  }

  for (const [field, hint] of Object.entries(profile?.hints ?? {}) as [FieldName, NonNullable<SupplierProfile["hints"][FieldName]>][]) {
    const found = valueFromHint(layout, field, hint, context);
    if (found) fields[field] = found.value;
  }

  const classification: Classification = {
    docType: type.docType,
    fields,
    warnings: checkInvoiceFields(fields, type.docType, notes),
    typeConfidence: type.confidence,
  };
  return { classification, notes };
}

/** Document type, invoice fields (normalised as in shared/invoice.ts) and the warnings of the checks. */
export function extractInvoiceFields(pages: readonly PageText[], options: ExtractOptions = {}): Classification {
  return extractFromLayout(buildLayout(pages), options).classification;
}
