/**
 * Totals: every labelled amount is a candidate for net, tax or gross; the chosen triple is the one with
 * the best label scores, strongly preferring a triple where net + tax = gross (±0.01). An amount whose
 * decimal separator OCR dropped (`123456` for `1234.56`) is read as cents only when the triple then adds up.
 */
import { findAmounts, formatCents } from "./amounts.js";
import type { Layout } from "./layout.js";
import type { LabelHit } from "./locate.js";
import { isItemTableHeader, labelRegion, valuesForLabel } from "./locate.js";
import { editDistance, foldText, lettersToDigits } from "./text.js";
import type { ReadContext } from "./values.js";

export type TotalField = "totalNet" | "totalTax" | "totalGross";

export interface AmountCandidate {
  cents: number;
  score: number;
  currency: string | null;
  /** Read from an integer by putting back a dropped decimal separator. */
  decimalRepair: boolean;
  /** Read after `O`→`0` style repairs. */
  repaired: boolean;
}

export interface ResolvedTotals {
  totalNet: AmountCandidate | null;
  totalTax: AmountCandidate | null;
  totalGross: AmountCandidate | null;
  /** Derived values (the third total computed from the two others, and printed somewhere). */
  derived: TotalField[];
}

const TOTAL_FIELDS: readonly TotalField[] = ["totalNet", "totalTax", "totalGross"];

function isTotalField(field: string): field is TotalField {
  return (TOTAL_FIELDS as readonly string[]).includes(field);
}

/** Candidates per total field from the label hits. */
export function amountCandidates(layout: Layout, hits: readonly LabelHit[], context: ReadContext): Record<TotalField, AmountCandidate[]> {
  const result: Record<TotalField, AmountCandidate[]> = { totalNet: [], totalTax: [], totalGross: [] };
  const lineCount = Math.max(1, layout.lines.length);
  const taxLines: { cents: number; line: number }[] = [];
  for (const hit of hits) {
    const field = hit.rule.field;
    if (!isTotalField(field)) continue;
    const values = valuesForLabel(layout, hit, hits, "amount", context);
    const lineIndex = layout.lines.indexOf(hit.line);
    values.forEach((located, index) => {
      const found = located.found;
      if (found.cents === undefined) return;
      let score = hit.rule.weight;
      if (located.place === "below") score *= 0.85;
      if (located.place === "inline" && index < values.length - 1) score *= 0.5;
      if (!found.hasDecimals) score *= 0.6;
      if (isItemTableHeader(hit.line)) score *= 0.3;
      score += 0.5 * (lineIndex / lineCount);
      const candidate = { cents: found.cents, score, currency: found.currency ?? null, decimalRepair: false, repaired: found.repaired };
      result[field].push(candidate);
      if (!found.hasDecimals && found.cents >= 10000) {
        result[field].push({ ...candidate, cents: Math.round(found.cents / 100), score: score * 0.9, decimalRepair: true });
      }
      if (field === "totalTax" && index === values.length - 1 && located.place === "inline") taxLines.push({ cents: found.cents, line: lineIndex });
    });
  }
  const distinctTaxLines = new Map(taxLines.map((tax) => [tax.line, tax.cents]));
  if (distinctTaxLines.size >= 2) {
    const sum = [...distinctTaxLines.values()].reduce((total, cents) => total + cents, 0);
    result.totalTax.push({ cents: sum, score: 6, currency: null, decimalRepair: false, repaired: false });
  }
  for (const field of TOTAL_FIELDS) {
    const best = new Map<number, AmountCandidate>();
    for (const candidate of result[field]) {
      const key = candidate.cents * 2 + (candidate.decimalRepair ? 1 : 0);
      const previous = best.get(key);
      if (!previous) best.set(key, candidate);
      else previous.score = Math.max(previous.score, candidate.score) + 0.5;
    }
    result[field] = [...best.values()].sort((a, b) => b.score - a.score).slice(0, 6);
  }
  return result;
}

/** The text printed after each total's labels on their lines (for the repair of a misread total). */
export function printedAfterLabels(hits: readonly LabelHit[]): Record<TotalField, string[]> {
  const result: Record<TotalField, string[]> = { totalNet: [], totalTax: [], totalGross: [] };
  for (const hit of hits) if (isTotalField(hit.rule.field)) result[hit.rule.field].push(labelRegion(hit, hits));
  return result;
}

/** Runs of number-like characters in `text` (digits, OCR look-alikes, separators and specks), per cell. */
const NUMBER_RUN = /[0-9OoIil|S[\](){}°'’.,/ ]*\d[0-9OoIil|S[\](){}°'’.,/ ]*/g;

/**
 * How far the printed text is from showing `cents`: the least edit distance between the digits of one
 * number-like run of `text` (look-alike letters read as digits, separators and specks dropped) and the
 * amount's digits. 0: the same digits, only the separators were misread ("22/578,80" for 22578.80).
 */
export function digitDistance(text: string, cents: number): number {
  const wanted = formatCents(cents).replace(/\D/g, "");
  let best = Infinity;
  for (const cell of text.split("\t")) {
    for (const run of cell.matchAll(NUMBER_RUN)) {
      const digits = lettersToDigits(run[0]).replace(/\D/g, "");
      if (digits.length > 0) best = Math.min(best, editDistance(digits, wanted));
    }
  }
  return best;
}

/**
 * When the chosen totals do not add up (or one is missing), one of them may be misread. The value the two
 * others imply is taken when the page shows it, by rank of evidence: the text after that total's label
 * has its digits (only separators misread: "22/578,80"); it is printed as an amount elsewhere (a label
 * split from its value); a number-like run of five digits or more has its digits ("1.30163"); the text
 * after the label has them with one digit wrong, dropped or added ("[4830" for 148,30). Only a single
 * repair of the best rank is made, never when two totals could be the misread one.
 */
function repairFromImplied(resolved: ResolvedTotals, afterLabels: Record<TotalField, string[]>, page: PageAmounts): TotalField | null {
  const { totalNet: net, totalTax: tax, totalGross: gross } = resolved;
  if (net && tax && gross && addsUp(net, tax, gross)) return null;
  const implied: [TotalField, number | null][] = [
    ["totalNet", tax && gross ? gross.cents - tax.cents : null],
    ["totalTax", net && gross ? gross.cents - net.cents : null],
    ["totalGross", net && tax ? net.cents + tax.cents : null],
  ];
  const repairs: { field: TotalField; cents: number; rank: number }[] = [];
  for (const [field, cents] of implied) {
    // A zero tax is never implied from the page (a VAT-exempt invoice prints none): see zeroRateTax.
    if (cents === null || cents <= 0) continue;
    const digits = formatCents(cents).replace(/\D/g, "").length;
    const nearLabel = Math.min(...afterLabels[field].map((text) => digitDistance(text, cents)));
    let rank = Infinity;
    if (nearLabel === 0) rank = 0;
    else if (page.printed.has(cents)) rank = 1;
    else if (page.hasDigitRun(cents)) rank = 2;
    else if (nearLabel === 1 && digits >= 4) rank = 3;
    if (rank < Infinity) repairs.push({ field, cents, rank });
  }
  repairs.sort((a, b) => a.rank - b.rank);
  const [first, second] = repairs;
  if (!first || (second && second.rank === first.rank)) return null;
  const wasMissing = resolved[first.field] === null;
  resolved[first.field] = { cents: first.cents, score: 0, currency: null, decimalRepair: false, repaired: !wasMissing };
  return wasMissing ? first.field : null;
}

/** A zero VAT rate printed next to a tax label ("TVA 0 %", "VAT 0.0%", OCR's "VATO0%", "VATO%"). */
const ZERO_RATE = /(?<![a-z])(?:t\.?v\.?a|vat|tax|gst|mwst|iva)\.?\s*[o0]{1,2}(?:[.,][o0]{1,2})?\s*%/;

/** The total that two chosen ones imply (the missing one of the three), or null. */
function impliedThird(net: AmountCandidate | null, tax: AmountCandidate | null, gross: AmountCandidate | null): number | null {
  if (net && tax && !gross) return net.cents + tax.cents;
  if (net && gross && !tax) return gross.cents - net.cents;
  if (tax && gross && !net) return gross.cents - tax.cents;
  return null;
}

/** How the page shows amounts, read once per document (resolveTotals, repairFromImplied). */
interface PageAmounts {
  /** The amounts printed as such (look-alike letters repaired), in reading order, each time it is printed. */
  amounts: readonly number[];
  /** The same, as a set. */
  printed: ReadonlySet<number>;
  /**
   * Whether a number-like run holds exactly the amount's digits, five or more, its separators lost or
   * misread ("_12783€" for 127,83: four digits or fewer match too much by chance).
   */
  hasDigitRun(cents: number): boolean;
}

function pageAmounts(fullText: string): PageAmounts {
  const cells = fullText.replace(/\n/g, "\t");
  const amounts = findAmounts(fullText, { repair: true }).map((amount) => amount.cents);
  return {
    amounts,
    printed: new Set(amounts),
    hasDigitRun: (cents) => formatCents(cents).replace(/\D/g, "").length >= 5 && digitDistance(cells, cents) === 0,
  };
}

/** Whether the page shows a (positive) amount, printed or as a run of its digits. */
const shownOn = (page: PageAmounts, cents: number | null): boolean => cents !== null && cents > 0 && (page.printed.has(cents) || page.hasDigitRun(cents));

function addsUp(net: AmountCandidate, tax: AmountCandidate, gross: AmountCandidate): boolean {
  return Math.abs(net.cents + tax.cents - gross.cents) <= 1;
}

/** Chooses net, tax and gross together. `allAmounts` are the document's printed amounts (for derivations). */
export function resolveTotals(
  candidates: Record<TotalField, AmountCandidate[]>,
  fullText: string,
  vatExempt: boolean,
  afterLabels: Record<TotalField, string[]> = { totalNet: [], totalTax: [], totalGross: [] },
): ResolvedTotals {
  const options = (field: TotalField): (AmountCandidate | null)[] => [...candidates[field], null];
  const zeroRate = ZERO_RATE.test(foldText(fullText));
  const page = pageAmounts(fullText);
  let best: { score: number; net: AmountCandidate | null; tax: AmountCandidate | null; gross: AmountCandidate | null } = {
    score: -Infinity,
    net: null,
    tax: null,
    gross: null,
  };
  for (const net of options("totalNet")) {
    for (const tax of options("totalTax")) {
      for (const gross of options("totalGross")) {
        const chosen = [net, tax, gross].filter((candidate): candidate is AmountCandidate => candidate !== null);
        let score = chosen.reduce((sum, candidate) => sum + candidate.score, 0);
        const complete = net !== null && tax !== null && gross !== null;
        const consistent = complete && addsUp(net, tax, gross);
        // No tax owed (exempt, or a 0 % rate printed): net and gross alone add up when they are equal.
        const untaxedPair = !tax && net !== null && gross !== null && net !== gross && net.cents === gross.cents && (vatExempt || zeroRate);
        // A pair with a decimal put back, whose third total (the one the pair implies) the page shows: the
        // third's label was lost ("Montant TTC" read "Montant") or its amount misread too ("_12783€").
        const impliedShown = !complete && chosen.length === 2 && chosen.some((candidate) => candidate.decimalRepair) && shownOn(page, impliedThird(net, tax, gross));
        if (chosen.some((candidate) => candidate.decimalRepair) && !consistent && !untaxedPair && !impliedShown) continue;
        if (complete) score += consistent ? 25 : -3;
        if (impliedShown) score += 12;
        if (untaxedPair) score += 3;
        if (net && gross && !tax && net.cents > gross.cents) score -= 6;
        if (net && gross && net.cents === gross.cents && net !== gross && !vatExempt && tax && tax.cents > 0) score -= 6;
        if (score > best.score) best = { score, net, tax, gross };
      }
    }
  }
  const resolved: ResolvedTotals = { totalNet: best.net, totalTax: best.tax, totalGross: best.gross, derived: [] };
  const derive = (cents: number): AmountCandidate => ({ cents, score: 0, currency: null, decimalRepair: false, repaired: false });
  const { amounts } = page;
  if (zeroRate && !resolved.totalTax) {
    // A 0 % rate is printed: the tax is a known zero when net equals gross, or when one of them is
    // missing and the other is printed twice (its own line and the other's, whose label OCR lost).
    const { totalNet: net, totalGross: gross } = resolved;
    const twice = (cents: number): boolean => amounts.filter((other) => other === cents).length >= 2;
    if (net && gross && net.cents === gross.cents) resolved.totalTax = derive(0);
    else if (net && !gross && twice(net.cents)) {
      resolved.totalGross = derive(net.cents);
      resolved.totalTax = derive(0);
      resolved.derived.push("totalGross");
    } else if (gross && !net && twice(gross.cents)) {
      resolved.totalNet = derive(gross.cents);
      resolved.totalTax = derive(0);
      resolved.derived.push("totalNet");
    }
    if (resolved.totalTax) resolved.derived.push("totalTax");
  }
  const filled = repairFromImplied(resolved, afterLabels, page);
  if (filled) resolved.derived.push(filled);
  const printedAmounts = new Set(findAmounts(fullText).map((amount) => amount.cents));
  // A pair that holds a decimal put back was chosen only because the page shows its third (above).
  const repairedPair = [resolved.totalNet, resolved.totalTax, resolved.totalGross].some((candidate) => candidate?.decimalRepair === true);
  const printed = { has: (cents: number): boolean => printedAmounts.has(cents) || (repairedPair && shownOn(page, cents)) };
  if (resolved.totalNet && resolved.totalGross && !resolved.totalTax) {
    const cents = resolved.totalGross.cents - resolved.totalNet.cents;
    // A VAT-exempt document prints no tax line: its tax stays unknown (null), not a derived 0.00.
    if (cents > 0 && printed.has(cents)) {
      resolved.totalTax = derive(cents);
      resolved.derived.push("totalTax");
    }
  } else if (resolved.totalNet && resolved.totalTax && !resolved.totalGross) {
    const cents = resolved.totalNet.cents + resolved.totalTax.cents;
    if (printed.has(cents)) {
      resolved.totalGross = derive(cents);
      resolved.derived.push("totalGross");
    }
  } else if (resolved.totalTax && resolved.totalGross && !resolved.totalNet) {
    const cents = resolved.totalGross.cents - resolved.totalTax.cents;
    if (cents > 0 && printed.has(cents)) {
      resolved.totalNet = derive(cents);
      resolved.derived.push("totalNet");
    }
  } else if (resolved.totalGross && !resolved.totalNet && !resolved.totalTax && vatExempt) {
    resolved.totalNet = derive(resolved.totalGross.cents);
    resolved.derived.push("totalNet");
  }
  return resolved;
}
