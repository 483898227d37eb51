/**
 * Totals: every labelled amount is a candidate for net, tax or gross; the chosen triple is the one with
 * the best label scores, strongly preferring a triple where net + tax = gross (±0.01). An amount whose
 * decimal separator OCR dropped (`123456` for `1234.56`) is read as cents only when the triple then adds up.
 */
import { findAmounts } from "./amounts.js";
import type { Layout } from "./layout.js";
import type { LabelHit } from "./locate.js";
import { isItemTableHeader, valuesForLabel } from "./locate.js";
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

function addsUp(net: AmountCandidate, tax: AmountCandidate, gross: AmountCandidate): boolean {
  return Math.abs(net.cents + tax.cents - gross.cents) <= 1;
}

/** Chooses net, tax and gross together. `allAmounts` are the document's printed amounts (for derivations). */
export function resolveTotals(candidates: Record<TotalField, AmountCandidate[]>, fullText: string, vatExempt: boolean): ResolvedTotals {
  const options = (field: TotalField): (AmountCandidate | null)[] => [...candidates[field], null];
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
        if (chosen.some((candidate) => candidate.decimalRepair) && !consistent) continue;
        if (complete) score += consistent ? 25 : -3;
        if (net && gross && !tax && net.cents > gross.cents) score -= 6;
        if (net && gross && net.cents === gross.cents && net !== gross && !vatExempt && tax && tax.cents > 0) score -= 6;
        if (score > best.score) best = { score, net, tax, gross };
      }
    }
  }
  const resolved: ResolvedTotals = { totalNet: best.net, totalTax: best.tax, totalGross: best.gross, derived: [] };
  const printed = new Set(findAmounts(fullText).map((amount) => amount.cents));
  const derive = (cents: number): AmountCandidate => ({ cents, score: 0, currency: null, decimalRepair: false, repaired: false });
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
