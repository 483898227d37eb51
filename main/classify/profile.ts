/**
 * Supplier profiles: what was learnt from a user's corrections on one supplier's layout. A profile is
 * plain JSON (stored by the vault, encrypted with the database). For each corrected field it records the
 * label text printed right before the correct value (or above it), and the value's relative position,
 * never the value itself, so a profile holds no sensitive data.
 */
import { z } from "zod";
import type { FieldName } from "../../shared/invoice.js";
import { FIELD_NAMES } from "../../shared/invoice.js";
import type { PageText } from "../ingest/types.js";
import { parseAmountText } from "./amounts.js";
import type { DateOrder } from "./dates.js";
import { inferDateOrder } from "./dates.js";
import type { Box, Layout, Line } from "./layout.js";
import { boxOfRange, buildLayout, cellAt, linesBelow, overlapsHorizontally } from "./layout.js";
import { compactIdentifier } from "./identifiers.js";
import { foldText, squashSpaces } from "./text.js";
import type { FoundValue, ReadContext, ValueKind } from "./values.js";
import { KIND_OF_FIELD, readInvoiceNumber, readValues } from "./values.js";

export interface FieldHint {
  /** Folded label printed before the value on its line (`inline`) or above it (`below`); null: position only. */
  label: string | null;
  place: "inline" | "below";
  page: number;
  /** Centre of the value relative to the page, 0..1. */
  x: number;
  y: number;
}

export interface SupplierProfile {
  version: 1;
  supplierId: string | null;
  /** Day/month order learnt from a corrected date; null: inferred per document. */
  dateOrder: DateOrder | null;
  hints: Partial<Record<FieldName, FieldHint>>;
  /** How many corrections taught this profile. */
  corrections: number;
  /**
   * Blind-index keys of the clues seen on this supplier's documents (phone, email, domain, postcode,
   * SIREN: supplier.ts evidenceKeysOf), for recognising it on a scan that lost its name or identifiers.
   */
  evidence?: string[];
}

/** How many clue keys a supplier's profile keeps (the latest). */
export const MAX_EVIDENCE_KEYS = 64;

const hintSchema = z.object({
  label: z.string().max(80).nullable(),
  place: z.enum(["inline", "below"]),
  page: z.number().int().min(1),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
});

export const supplierProfileSchema = z.object({
  version: z.literal(1),
  supplierId: z.string().nullable(),
  dateOrder: z.enum(["DMY", "MDY"]).nullable(),
  hints: z.partialRecord(z.enum(FIELD_NAMES), hintSchema),
  corrections: z.number().int().min(0),
  evidence: z.array(z.string().max(128)).max(MAX_EVIDENCE_KEYS).optional(),
});

/** Validates a profile read back from storage. */
export function parseSupplierProfile(json: unknown): { ok: true; profile: SupplierProfile } | { ok: false; error: string } {
  const parsed = supplierProfileSchema.safeParse(json);
  return parsed.success ? { ok: true, profile: parsed.data } : { ok: false, error: parsed.error.issues[0]?.message ?? "invalid profile" };
}

export function emptySupplierProfile(supplierId: string | null = null): SupplierProfile {
  return { version: 1, supplierId, dateOrder: null, hints: {}, corrections: 0 };
}

interface Occurrence {
  line: Line;
  start: number;
  end: number;
}

/** Every value of `kind` anywhere in a line (ids: at every token start; names: the matching cell). */
function valuesAnywhere(kind: ValueKind, line: Line, context: ReadContext): (FoundValue & { absoluteStart: number; absoluteEnd: number })[] {
  const results: (FoundValue & { absoluteStart: number; absoluteEnd: number })[] = [];
  const push = (found: FoundValue, offset: number): void => {
    results.push({ ...found, absoluteStart: offset + found.start, absoluteEnd: offset + found.end });
  };
  if (kind === "id") {
    for (const token of line.text.matchAll(/[A-Za-z0-9][A-Za-z0-9\-/_.]*/g)) {
      const found = readInvoiceNumber(line.text.slice(token.index), context.dateOrder);
      if (found && found.start === 0) push(found, token.index);
    }
    return results;
  }
  if (kind === "name" || kind === "bic") {
    for (const cell of line.cells) {
      const text = line.text.slice(cell.start, cell.end);
      for (const token of text.matchAll(kind === "bic" ? /[A-Z0-9]{8,11}/g : /^.+$/g)) {
        for (const found of readValues(kind, text.slice(token.index), context)) push(found, cell.start + token.index);
      }
    }
    return results;
  }
  for (const found of readValues(kind, line.text, context)) push(found, 0);
  return results;
}

function sameValue(kind: ValueKind, found: string, corrected: string): boolean {
  switch (kind) {
    case "amount":
      return parseAmountText(found) === parseAmountText(corrected);
    case "name":
      return squashSpaces(foldText(found)) === squashSpaces(foldText(corrected));
    case "id":
      return found.trim() === corrected.trim();
    default:
      return compactIdentifier(found) === compactIdentifier(corrected);
  }
}

/** The label before a value: the words of its cell before it, else the previous cell (digits dropped). */
function labelBefore(line: Line, start: number): string | null {
  const cell = cellAt(line, start);
  let text = line.text.slice(cell.start, start);
  if (text.trim() === "") {
    const previous = line.cells.filter((other) => other.end <= cell.start).pop();
    text = previous ? line.text.slice(previous.start, previous.end) : "";
  }
  const words = squashSpaces(foldText(text).replace(/[:#=]+/g, " "))
    .split(" ")
    .filter((word) => word !== "" && !/\d/.test(word));
  const label = words.slice(-4).join(" ").replace(/[\s.\-–]+$/, "");
  return label.length >= 2 ? label : null;
}

function labelAbove(layout: Layout, line: Line, box: Box): string | null {
  const above = layout.lines.filter((other) => other.page === line.page && linesBelow(layout, other, 3).includes(line)).pop();
  if (!above) return null;
  const cell = above.cells.find((candidate) => overlapsHorizontally(candidate.x0, candidate.x1, box[0], box[2]));
  if (!cell) return null;
  return labelBefore(above, cell.end);
}

function hintFor(layout: Layout, occurrence: Occurrence): FieldHint {
  const box = boxOfRange(occurrence.line, occurrence.start, occurrence.end);
  const position = {
    page: occurrence.line.page,
    x: Math.min(1, Math.max(0, (box[0] + box[2]) / 2 / occurrence.line.pageWidth)),
    y: Math.min(1, Math.max(0, (box[1] + box[3]) / 2 / occurrence.line.pageHeight)),
  };
  const inline = labelBefore(occurrence.line, occurrence.start);
  if (inline) return { label: inline, place: "inline", ...position };
  const above = labelAbove(layout, occurrence.line, box);
  if (above) return { label: above, place: "below", ...position };
  return { label: null, place: "inline", ...position };
}

/**
 * Learns where `correctedValue` (normalised as in `InvoiceFields`) is printed on this supplier's layout.
 * Returns the profile unchanged when the value cannot be found in the pages.
 */
export function learnCorrection(profile: SupplierProfile, pages: readonly PageText[], field: FieldName, correctedValue: string): SupplierProfile {
  const layout = buildLayout(pages);
  const kind = KIND_OF_FIELD[field];
  if (kind === "currency") return { ...profile, corrections: profile.corrections + 1 };
  const fullText = layout.lines.map((line) => line.text).join("\n");
  const inferred = profile.dateOrder ?? inferDateOrder(fullText);
  const orders: DateOrder[] = kind === "date" ? [inferred, inferred === "DMY" ? "MDY" : "DMY"] : [inferred];
  for (const order of orders) {
    const context: ReadContext = { dateOrder: order, ocr: layout.ocr };
    const occurrences: Occurrence[] = [];
    for (const line of layout.lines) {
      for (const found of valuesAnywhere(kind, line, context)) {
        if (sameValue(kind, found.value, correctedValue)) occurrences.push({ line, start: found.absoluteStart, end: found.absoluteEnd });
      }
    }
    if (occurrences.length === 0) continue;
    const hints = occurrences.map((occurrence) => hintFor(layout, occurrence));
    const hint = hints.find((candidate) => candidate.label !== null) ?? hints[0];
    if (!hint) continue;
    return {
      ...profile,
      dateOrder: kind === "date" && order !== inferred ? order : profile.dateOrder,
      hints: { ...profile.hints, [field]: hint },
      corrections: profile.corrections + 1,
    };
  }
  return { ...profile, corrections: profile.corrections + 1 };
}

function distance(hint: FieldHint, line: Line, box: Box): number {
  if (line.page !== hint.page) return 10;
  const x = (box[0] + box[2]) / 2 / line.pageWidth;
  const y = (box[1] + box[3]) / 2 / line.pageHeight;
  return Math.hypot(x - hint.x, y - hint.y);
}

/** Applies one learnt hint: the value after (or under) the learnt label, else the value nearest its position. */
export function valueFromHint(layout: Layout, field: FieldName, hint: FieldHint, context: ReadContext): FoundValue | null {
  const kind = KIND_OF_FIELD[field];
  const found: { value: FoundValue; distance: number }[] = [];
  if (hint.label) {
    const labelPattern = new RegExp(`(?<![a-z0-9])${hint.label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+")}`, "g");
    for (const line of layout.lines) {
      for (const match of line.folded.matchAll(labelPattern)) {
        const labelEnd = match.index + match[0].length;
        if (hint.place === "inline") {
          const value = readValues(kind, line.text.slice(labelEnd), context)[0];
          if (value) found.push({ value, distance: distance(hint, line, boxOfRange(line, labelEnd + value.start, labelEnd + value.end)) });
        } else {
          const labelBox = boxOfRange(line, match.index, labelEnd);
          for (const below of linesBelow(layout, line, 2)) {
            const cell = below.cells.find((candidate) => overlapsHorizontally(candidate.x0, candidate.x1, labelBox[0], labelBox[2]));
            const value = cell ? readValues(kind, below.text.slice(cell.start, cell.end), context)[0] : undefined;
            if (cell && value) {
              found.push({ value, distance: distance(hint, below, boxOfRange(below, cell.start + value.start, cell.start + value.end)) });
              break;
            }
          }
        }
      }
    }
  }
  if (found.length === 0) {
    for (const line of layout.lines) {
      for (const value of valuesAnywhere(kind, line, context)) {
        const gap = distance(hint, line, boxOfRange(line, value.absoluteStart, value.absoluteEnd));
        if (gap <= 0.06) found.push({ value, distance: gap });
      }
    }
  }
  found.sort((a, b) => a.distance - b.distance);
  return found[0]?.value ?? null;
}
