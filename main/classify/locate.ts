/**
 * Finding labels on the page and the value that belongs to each: on the same line right after it (same
 * cell, or the next cells up to the next label), else in the cell below it (header row over value row).
 */
import type { FieldName } from "../../shared/invoice.js";
import type { Box, Layout, Line } from "./layout.js";
import { boxOfRange, cellAt, cellsBelow } from "./layout.js";
import type { LabelRule } from "./labels.js";
import { LABEL_RULES } from "./labels.js";
import type { FoundValue, ReadContext, ValueKind } from "./values.js";
import { KIND_OF_FIELD, readValues } from "./values.js";

export interface LabelHit {
  rule: LabelRule;
  line: Line;
  start: number;
  end: number;
  /** A generic label heading a column of a header row ("Number | Date | Due date" over the values). */
  header?: boolean;
}

export type ValuePlace = "inline" | "below";

export interface LocatedValue {
  found: FoundValue;
  line: Line;
  /** Offsets of the value in `line.text`. */
  start: number;
  end: number;
  place: ValuePlace;
  box: Box;
}

const TABLE_HEADER_WORDS = /(?<![a-z])(?:designation|description|qte|quantite|qty|quantity|prix|price|unit|p\.u\.?|pu|libelle|item|article|produit|product|rate|taux)(?![a-z])/g;

/** Whether the line looks like the header row of the line-items table (its labels head columns of items). */
export function isItemTableHeader(line: Line): boolean {
  return (line.folded.match(TABLE_HEADER_WORDS) ?? []).length >= 2;
}

function acceptsStrictHit(rule: LabelRule, line: Line, start: number, end: number, context: ReadContext): boolean {
  // A generic word ("Date", "Total", "N°") is a label only at the start of its cell: "Delivery date" is not.
  const cellStart = line.text.lastIndexOf("\t", start - 1) + 1;
  if (!rule.midCell && /[a-z]/.test(line.folded.slice(cellStart, start))) return false;
  const after = line.text.slice(end);
  const direct = /^[\s:.#°\-–=]{0,4}/.exec(after)?.[0].length ?? 0;
  const value = readValues(KIND_OF_FIELD[rule.field], after, context)[0];
  if (!value) return false;
  const gapText = after.slice(0, value.start);
  if (rule.field === "totalGross" || rule.field === "totalTax") return !/[A-Za-z]{3,}/.test(gapText.replace(/\b(?:eur|usd|gbp|chf)\b/gi, ""));
  return value.start <= direct + 1;
}

const HEADER_FIELDS: ReadonlySet<FieldName> = new Set(["invoiceNumber", "issueDate", "dueDate"]);

/**
 * A generic label that is a whole cell of a header row: a row of two or more cells of words only (no
 * value on it), not the items table's header. Its value is looked for in the cell below.
 */
function isHeaderCellHit(rule: LabelRule, line: Line, start: number, end: number): boolean {
  if (!HEADER_FIELDS.has(rule.field) || line.cells.length < 2 || /\d/.test(line.text) || isItemTableHeader(line)) return false;
  const cell = cellAt(line, start);
  return !/[a-z0-9]/.test(line.folded.slice(cell.start, start)) && !/[a-z0-9]/.test(line.folded.slice(end, cell.end));
}

/** Every label on every line; overlapping matches keep the longest (`Total TVA` over `Total`). */
export function findLabelHits(layout: Layout, context: ReadContext): LabelHit[] {
  const hits: LabelHit[] = [];
  for (const line of layout.lines) {
    const onLine: LabelHit[] = [];
    for (const labelRule of LABEL_RULES) {
      labelRule.pattern.lastIndex = 0;
      for (const match of line.folded.matchAll(labelRule.pattern)) {
        // A label lies within one cell: "Number | Invoice date" are two headings, not "Number invoice".
        if (match[0].includes("\t")) continue;
        onLine.push({ rule: labelRule, line, start: match.index, end: match.index + match[0].length });
      }
    }
    onLine.sort((a, b) => b.end - b.start - (a.end - a.start) || b.rule.weight - a.rule.weight);
    const accepted: LabelHit[] = [];
    for (const hit of onLine) {
      if (accepted.some((other) => other.start < hit.end && hit.start < other.end)) continue;
      if (hit.rule.strict && !acceptsStrictHit(hit.rule, line, hit.start, hit.end, context)) {
        if (!isHeaderCellHit(hit.rule, line, hit.start, hit.end)) continue;
        hit.header = true;
      }
      accepted.push(hit);
    }
    hits.push(...accepted.sort((a, b) => a.start - b.start));
  }
  return hits;
}

/** The end of the stretch that belongs to a label: the next label on the same line, or the line's end. */
function regionEnd(hit: LabelHit, hits: readonly LabelHit[]): number {
  let end = hit.line.text.length;
  for (const other of hits) if (other.line === hit.line && other.start >= hit.end && other.start < end) end = other.start;
  return end;
}

/** The text that belongs to a label on its own line: from its end to the next label or the line's end. */
export function labelRegion(hit: LabelHit, hits: readonly LabelHit[]): string {
  return hit.line.text.slice(hit.end, regionEnd(hit, hits));
}

/** Values of `kind` found for a label: on its line first, else in the cell under it. */
export function valuesForLabel(
  layout: Layout,
  hit: LabelHit,
  hits: readonly LabelHit[],
  kind: ValueKind,
  context: ReadContext,
): LocatedValue[] {
  const line = hit.line;
  const end = regionEnd(hit, hits);
  const region = line.text.slice(hit.end, end);
  const inline = readValues(kind, region, context).map((found) => ({
    found,
    line,
    start: hit.end + found.start,
    end: hit.end + found.end,
    place: "inline" as const,
    box: boxOfRange(line, hit.end + found.start, hit.end + found.end),
  }));
  if (inline.length > 0 || (hit.rule.strict && !hit.header)) return inline;
  if (kind !== "amount") {
    // Something else after the label in its own cell, or a value in the next cells: not a column heading.
    // Words only in the next cells are the other headings of a header row ("Invoice date | Due date").
    const cellEnd = region.indexOf("\t");
    const ownCell = cellEnd >= 0 ? region.slice(0, cellEnd) : region;
    const unit = (text: string): string => text.replace(/\b(?:EUR|USD|GBP|CHF|TTC|HT)\b/g, "");
    // On a scan, a speck read as a short number inside a garbled word ("|fRétaien 217") is no value.
    const valueLike = layout.ocr ? /\d{4,}|\d[.,/:-]\d/ : /\d/;
    if (/[A-Za-z0-9]{2}/.test(unit(ownCell)) || (cellEnd >= 0 && valueLike.test(unit(region.slice(cellEnd))))) return [];
  }
  const labelBox = boxOfRange(line, hit.start, hit.end);
  const labelCell = cellAt(line, hit.start);
  const spanStart = Math.min(labelBox[0], labelCell.x0);
  const spanEnd = Math.max(labelBox[2], labelCell.x1);
  const widen = (spanEnd - spanStart) * 0.25;
  for (const { line: below, cells } of cellsBelow(layout, line, labelBox, spanStart - widen, spanEnd + widen, 3)) {
    const startsWithLabel = hits.some((other) => other.line === below && cells.some((cell) => other.start <= cell.start + 1 && other.end > cell.start));
    if (startsWithLabel) return [];
    const located: LocatedValue[] = [];
    for (const cell of cells) {
      const text = below.text.slice(cell.start, cell.end);
      for (const found of readValues(kind, text, context)) {
        located.push({
          found,
          line: below,
          start: cell.start + found.start,
          end: cell.start + found.end,
          place: "below",
          box: boxOfRange(below, cell.start + found.start, cell.start + found.end),
        });
      }
    }
    if (located.length > 0) return located;
  }
  return [];
}

/** Whether the located value lies inside the region of a label of `field` (for pattern-found ids). */
export function isLabelled(value: { line: Line; start: number }, hits: readonly LabelHit[], field: FieldName): boolean {
  return hits.some((hit) => hit.rule.field === field && hit.line === value.line && hit.end <= value.start && value.start - hit.end <= 30 && regionEnd(hit, hits) > value.start);
}
