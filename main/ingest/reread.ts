/**
 * A second, targeted OCR read of the lines of a scanned page where an identifier is expected but none
 * valid was found (issues 5 and 6). After the page read, each line holding an identifier label (IBAN,
 * BIC/SWIFT, TVA/VAT, SIRET, SIREN/RCS) or a run of characters shaped like an identifier, with no finding
 * of that type on it, is read again from the page image: a crop around the line, turned straight, cut to
 * the rows of its ink, read as one line (PSM 7) up to four ways (REREAD_VARIANTS). A new reading replaces the line's
 * words only when it yields a value that passes its checksum (mod 97, Luhn, the FR VAT key, the stdnum and
 * ibantools validators of main/detect) that the page read did not, and loses none the page read had, so
 * detection, field extraction, supplier matching, the text layer and the redaction boxes all see it.
 * At most MAX_REGIONS lines a page. Measured in docs/sensitive-data.md (+71-124 ms of CPU a scanned page).
 */
import type { SensitiveFinding } from "./findings.js";
import type { PageText, Word } from "./types.js";
import { detectSensitivePage } from "../detect/index.js";
import { layoutPage, type PageLayout, type Segment } from "../detect/layout.js";
import type { SensitiveType } from "../detect/policy.js";
import type { OcrPool } from "../ocr/pool.js";
import type { OcrRegionRequest } from "../ocr/region.js";
import { unreadLines, type UnreadLine } from "./unread-lines.js";

/** The types a second reading is judged by: each has a checksum (or, for BIC, a country and shape check). */
const CHECKED: readonly SensitiveType[] = ["iban", "rib", "bic", "vat", "siren", "siret"];

export interface RereadOptions {
  /** Lines read again per page, at most. Default MAX_REGIONS. */
  maxRegionsPerPage?: number;
  /** Unread lines (ink the page read left without words) read per page, at most. Default MAX_UNREAD_LINES; 0 turns it off. */
  maxUnreadLinesPerPage?: number;
  /**
   * Which pages the unread-lines pass looks at: "missing" (default), every page that misses an IBAN, a BIC or
   * a company id; "announced", only a page that announces a missing one (announcedMissingIds). "announced"
   * halves the pass's region reads (seed 77: 130 -> 61) but lost a degraded VAT number and a person's name
   * there (docs/sensitive-data.md, session of 2026-12-02 13:15): not the default.
   */
  unreadTrigger?: UnreadTrigger;
  /** The readings tried in turn on each line until one is kept. Default REREAD_VARIANTS. */
  variants?: readonly RegionVariant[];
  /** Told what the stage did (benchmarks). */
  onReport?: (report: RereadReport) => void;
}

export type UnreadTrigger = "missing" | "announced";

export type RegionVariant = Pick<OcrRegionRequest, "psm" | "scale" | "binarisation">;

export const MAX_REGIONS = 4;
/** Unread lines read per page at most (a grey sidebar holds about ten lines, its ids among them). */
export const MAX_UNREAD_LINES = 16;
/**
 * Tried in turn until one is kept. Readings of one blurred line differ by a character from one crop or
 * filter to the next (a seed 77 line: "B57509871", "B57609871", "B57909871"); the checksum picks.
 * Sauvola's threshold (tesseract thresholding_method 2) read grey blurred lines as noise and is not used.
 */
export const REREAD_VARIANTS: readonly RegionVariant[] = Object.freeze([
  { psm: "7", scale: 2, binarisation: "otsu" },
  { psm: "7", scale: 3, binarisation: "median" },
  { psm: "7", scale: 3, binarisation: "stretched" },
  { psm: "7", scale: 1, binarisation: "otsu" },
]);

export interface RereadReport {
  /** Scanned pages looked at. */
  pages: number;
  /** Lines read again (one region each, however many readings). */
  regions: number;
  /** Region reads (a line read with two variants counts two). */
  reads: number;
  /** Lines whose words were replaced. */
  replaced: number;
  /** Unread lines (ink without words) read, and those whose reading was added to the page. */
  unread: number;
  added: number;
  /** Wall time of the stage, ms. */
  ms: number;
}

/** The page image a scanned page was read from (main/parse ParsedDocument.ocrPages). */
export interface ScannedImage {
  page: number;
  png: Buffer;
  dpi: number | null;
}

type RegionReader = Pick<OcrPool, "recognizeRegion">;

/** Labels, with the OCR confusions a scan puts in them (I as 1, l or |; O as 0; S as 5). */
const LABELS: readonly { type: SensitiveType; pattern: RegExp }[] = [
  { type: "iban", pattern: /\b[I1l|]?BAN\b/i },
  { type: "bic", pattern: /\bB[I1l|]C\b|\bSW[I1l|]FT\b/i },
  { type: "vat", pattern: /\bTVA\b|\bVAT\b|intra-?\s?com|\bUSt-?Id|\bBTW\b|\bP\.?\s?IVA\b|\bN[I1l|]F\b/i },
  { type: "siret", pattern: /\b[S5][I1l|]RET\b/i },
  { type: "siren", pattern: /\b[S5][I1l|]REN\b|\bR\.?[CG]\.?[S5]\b/ },
];

/** An identifier's shape: two letters and two digits then 7+ characters (IBAN, VAT), or 9 / 14 digits in groups. */
const ID_SHAPES = [/\b[A-Z]{2}\s?\d{2}(?:\s?[A-Z0-9]){7,}/, /\b\d{3}\s?\d{3}\s?\d{3}(?:\s?\d{5})?\b/];

interface Doubt {
  segments: Segment[];
  expected: SensitiveType[];
  priority: number;
  /** A label with no value read after it ("IBAN :"): the region reaches to the right, where the value should be. */
  extendRight: boolean;
}

/** Findings whose words lie (at least partly) in `indexes`. */
function findingsOn(findings: readonly SensitiveFinding[], indexes: ReadonlySet<number>): SensitiveFinding[] {
  return findings.filter((finding) => finding.wordIndexes.some((index) => indexes.has(index)));
}

/** The lines of a page where an identifier is expected and none valid of that type was found, most promising first. */
export function doubtfulLines(layout: PageLayout, findings: readonly SensitiveFinding[]): Doubt[] {
  const doubts: Doubt[] = [];
  const used = new Set<number>();
  for (const segment of layout.segments) {
    if (used.has(segment.id)) continue;
    // An identifier split over two segments by a wide gap ("Siret:347   892 358 00081"): read together.
    const right = layout.segments[layout.right[segment.id] ?? -1];
    const beside = right && right.line === segment.line && right.box[0] - segment.box[2] <= 4 * Math.max(segment.height, 1) ? right : undefined;
    const segments = beside ? [segment, beside] : [segment];
    const text = segments.map((part) => part.text).join(" ");
    // A VAT rate or amount line ("TVA 20 %", "Montant TVA", "VAT total"), or the exemption mention ("TVA non
    // applicable, art. 293 B"), is no VAT number's line.
    const amountLine = /%|\b(?:total|montant|amount|base|taux|rate|non applicable|exon[ée]r)/i.test(text);
    const labelled = LABELS.filter((label) => label.pattern.test(text) && !(label.type === "vat" && amountLine)).map((label) => label.type);
    // A label with no digit after it is a value not read at all ("IBAN :") when a colon or "N°" follows it,
    // else a column header ("VAT" over a table's rates): not a doubtful line.
    const digits = text.replace(/[^0-9]/g, "").length;
    const bareLabel = labelled.length > 0 && digits < 3;
    if (bareLabel && !/(?::|\bN[°o]\.?)\s*$/i.test(text)) continue;
    const shaped = ID_SHAPES.some((shape) => shape.test(text.toUpperCase()));
    if (labelled.length === 0 && !shaped) continue;
    const indexes = new Set(segments.flatMap((part) => part.wordIndexes));
    const found = new Set(findingsOn(findings, indexes).map((finding) => finding.type));
    const missing = labelled.filter((type) => !found.has(type) && !(type === "siren" && found.has("siret")));
    // A shaped run with no checked finding on it at all (a label may be on the line above).
    const unexplained = shaped && ![...found].some((type) => CHECKED.includes(type) || type === "card" || type === "nir" || type === "phone");
    if (missing.length === 0 && !unexplained) continue;
    for (const part of segments) used.add(part.id);
    doubts.push({ segments, expected: missing.length > 0 ? missing : [...CHECKED], priority: missing.length * 2 + (shaped ? 1 : 0) - (bareLabel ? 1 : 0), extendRight: bareLabel });
  }
  return doubts.sort((a, b) => b.priority - a.priority);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The region of a doubtful line to read again (page pixels), and the straight band of it to keep. */
export function regionOf(layout: PageLayout, doubt: Doubt, skewDegrees: number): { box: Word["bbox"]; bandHeight: number; line: Word["bbox"] } {
  const page = layout.page;
  const words = doubt.segments.flatMap((segment) => segment.wordIndexes).map((index) => page.words[index]).filter((word): word is Word => word !== undefined);
  // The line's real words (two letters or digits at least), not a scan's specks read as "*" or "-".
  const real = words.filter((word) => word.text.replace(/[^\p{L}\p{N}]/gu, "").length >= 2);
  const body = real.length > 0 ? real : words;
  const x0 = Math.min(...body.map((word) => word.bbox[0]));
  let x1 = Math.max(...body.map((word) => word.bbox[2]));
  const height = Math.max(4, median(body.map((word) => word.bbox[3] - word.bbox[1])));
  if (doubt.extendRight) {
    // Up to the next words on the line, at most 25 line heights on.
    const last = doubt.segments.at(-1);
    const next = layout.segments[layout.right[last?.id ?? -1] ?? -1];
    x1 = Math.min(page.width, x1 + 25 * height, next ? next.box[0] - 0.5 * height : Infinity);
  }
  const slope = Math.tan((skewDegrees * Math.PI) / 180);
  const cx = (x0 + x1) / 2;
  // The line's middle at cx: each word's centre brought back along the page's skew.
  const cy = median(body.map((word) => (word.bbox[1] + word.bbox[3]) / 2 - slope * ((word.bbox[0] + word.bbox[2]) / 2 - cx)));
  const marginX = 1.5 * height;
  const marginY = 0.45 * height;
  const drift = Math.abs(slope) * ((x1 - x0) / 2 + marginX);
  const half = height / 2 + marginY + drift;
  const box: Word["bbox"] = [Math.max(0, x0 - marginX), Math.max(0, cy - half), Math.min(page.width, x1 + marginX), Math.min(page.height, cy + half)];
  const line: Word["bbox"] = [box[0], Math.max(0, cy - height / 2 - marginY - drift), box[2], Math.min(page.height, cy + height / 2 + marginY + drift)];
  // The band kept once turned: the line and its margin, but short of the next line's text (half the pitch each side).
  const centreOf = (id: number | null | undefined): number | null => {
    const other = id === null || id === undefined ? undefined : layout.segments[id];
    return other ? (other.core[1] + other.core[3]) / 2 : null;
  };
  const first = doubt.segments[0];
  const pitches = first ? [centreOf(layout.above[first.id]), centreOf(layout.below[first.id])].flatMap((centre) => (centre === null ? [] : [Math.abs(centre - (first.core[1] + first.core[3]) / 2)])) : [];
  const pitch = pitches.length > 0 ? Math.min(...pitches) : Infinity;
  // (region.ts then trims it to the rows of the line's own ink.)
  const bandHeight = Math.max(1.3 * height, Math.min(height + 2 * marginY, 1.6 * pitch));
  return { box, bandHeight, line };
}

/** The page with the words at `indexes` (one line's) replaced by `replacement`, put where the first of them was. */
export function withLineReplaced(page: PageText, indexes: readonly number[], replacement: readonly Word[]): { page: PageText; newIndexes: number[] } {
  // Which text line each word is on (page.text lists the words in order, lines joined by "\n").
  const lineOf: number[] = [];
  page.text.split("\n").forEach((line, number) => {
    for (const word of line.split(" ")) if (word !== "") lineOf.push(number);
  });
  const aligned = lineOf.length === page.words.length;
  const removed = new Set(indexes);
  const first = Math.min(...indexes);
  const words: Word[] = [];
  const lines: number[] = [];
  const newIndexes: number[] = [];
  page.words.forEach((word, index) => {
    if (index === first) {
      for (const added of replacement) {
        newIndexes.push(words.length);
        words.push(added);
        lines.push(aligned ? (lineOf[index] ?? 0) : 0);
      }
    }
    if (removed.has(index)) return;
    words.push(word);
    lines.push(aligned ? (lineOf[index] ?? 0) : index);
  });
  let text: string;
  if (aligned) {
    const byLine = new Map<number, string[]>();
    words.forEach((word, index) => {
      const line = lines[index] ?? 0;
      byLine.set(line, [...(byLine.get(line) ?? []), word.text]);
    });
    text = [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([, texts]) => texts.join(" ")).join("\n");
  } else {
    text = words.map((word) => word.text).join(" ");
  }
  return { page: { ...page, words, text }, newIndexes };
}

const valueKey = (finding: SensitiveFinding): string => `${finding.type}|${finding.normalized}`;

/**
 * Whether the re-read line is kept: it yields a value of a checked type the page read did not have on that
 * line, and loses no value the page read had found there (of any type).
 */
function judge(before: readonly SensitiveFinding[], after: readonly SensitiveFinding[]): boolean {
  const had = new Set(before.map(valueKey));
  const has = new Set(after.map(valueKey));
  if ([...had].some((key) => !has.has(key))) return false;
  return after.some((finding) => CHECKED.includes(finding.type) && !had.has(valueKey(finding)));
}

/**
 * The page with `added` (one line the page read had no words for) put in reading order: as a text line of
 * its own before the first text line that starts below its middle.
 */
export function withLineInserted(page: PageText, added: readonly Word[]): { page: PageText; newIndexes: number[] } {
  const textLines = page.text.split("\n").map((line) => line.split(" ").filter((word) => word !== "").length);
  const aligned = textLines.reduce((sum, count) => sum + count, 0) === page.words.length;
  const middle = median(added.map((word) => (word.bbox[1] + word.bbox[3]) / 2));
  let at = page.words.length;
  let lineAt = textLines.length;
  if (aligned) {
    let first = 0;
    for (const [line, count] of textLines.entries()) {
      const top = Math.min(...page.words.slice(first, first + count).map((word) => word.bbox[1]));
      if (count > 0 && top > middle) {
        at = first;
        lineAt = line;
        break;
      }
      first += count;
    }
  }
  const words = [...page.words.slice(0, at), ...added, ...page.words.slice(at)];
  const newIndexes = added.map((_, i) => at + i);
  const addedText = added.map((word) => word.text).join(" ");
  const lines = page.text.split("\n");
  const text = aligned ? [...lines.slice(0, lineAt), addedText, ...lines.slice(lineAt)].join("\n") : `${page.text}\n${addedText}`;
  return { page: { ...page, words, text }, newIndexes };
}

/** A bank block's heading or mention: an IBAN is printed near it ("Coordonnées bancaires", "RIB", "Bank details", "virement"). */
const BANK_WORDS = /\bR[I1l|]B\b|bancaire|\bbanque\b|\bbank\b|virement|transfer/i;
/** A VAT rate or amount line, or the exemption mention: its "TVA" announces no VAT number (as in doubtfulLines). */
const AMOUNT_LINE = /%|\b(?:total|montant|amount|base|taux|rate|non applicable|exon[ée]r)/i;

export type AnnouncedId = "iban" | "bic" | "company";

/** Whether a page's findings leave an identifier a supplier's invoice usually prints unfound: worth looking for unread lines. */
function missesAnId(findings: readonly SensitiveFinding[]): boolean {
  const types = new Set(findings.map((finding) => finding.type));
  return !types.has("iban") || !types.has("bic") || !(types.has("vat") || types.has("siret") || types.has("siren"));
}

/**
 * The identifiers a page announces and has no finding of: an IBAN when an IBAN label or a bank heading is
 * read; a BIC when a BIC/SWIFT label is, or an IBAN (found or labelled: the BIC goes with it); a company id
 * (VAT, SIRET or SIREN) when one of their labels is on a line that is no VAT rate's. The unread-lines pass
 * looks only for these: a page that prints no id at all (an invoice's second page, a supplier without
 * bank details on its invoices) announces none and costs nothing, where every page missing one of the three
 * kinds is searched under the default trigger.
 */
export function announcedMissingIds(page: PageText, findings: readonly SensitiveFinding[]): Set<AnnouncedId> {
  const found = new Set(findings.map((finding) => finding.type));
  const labelled = new Set<SensitiveType>();
  let bank = false;
  for (const line of page.text.split("\n")) {
    const amountLine = AMOUNT_LINE.test(line);
    for (const label of LABELS) if (label.pattern.test(line) && !(label.type === "vat" && amountLine)) labelled.add(label.type);
    if (BANK_WORDS.test(line)) bank = true;
  }
  const missing = new Set<AnnouncedId>();
  const hasIban = found.has("iban") || found.has("rib");
  if (!hasIban && (labelled.has("iban") || bank)) missing.add("iban");
  if (!found.has("bic") && (labelled.has("bic") || labelled.has("iban") || hasIban)) missing.add("bic");
  const company = found.has("vat") || found.has("siret") || found.has("siren");
  if (!company && (labelled.has("vat") || labelled.has("siret") || labelled.has("siren"))) missing.add("company");
  return missing;
}

/** Whether a reading looks like an identifier's line (a label, or an id-shaped run): worth the next reading if this one gave none. */
const looksLikeIdLine = (text: string): boolean => LABELS.some((label) => label.pattern.test(text)) || ID_SHAPES.some((shape) => shape.test(text.toUpperCase()));

/** Text tesseract is sure of (words of three letters or more, high confidence): a line worth adding even without an identifier. */
export const CONFIDENT_TEXT = 85;
function isConfidentText(words: readonly Word[]): boolean {
  const letters = words.filter((word) => (word.text.match(/\p{L}/gu) ?? []).length >= 3);
  const mean = words.reduce((sum, word) => sum + word.confidence * word.text.length, 0) / Math.max(1, words.reduce((sum, word) => sum + word.text.length, 0));
  return letters.length > 0 && mean >= CONFIDENT_TEXT;
}

/** The region to read for an unread line, as regionOf does for a doubtful one. */
function regionOfUnread(line: UnreadLine, page: PageText, skewDegrees: number): { box: Word["bbox"]; bandHeight: number; band: [number, number] } {
  const height = Math.max(4, line.height);
  const marginX = 1.5 * height;
  const marginY = 0.45 * height;
  const cy = (line.box[1] + line.box[3]) / 2;
  const drift = Math.abs(Math.tan((skewDegrees * Math.PI) / 180)) * ((line.box[2] - line.box[0]) / 2 + marginX);
  const half = height / 2 + marginY + drift;
  const box: Word["bbox"] = [Math.max(0, line.box[0] - marginX), Math.max(0, cy - half), Math.min(page.width, line.box[2] + marginX), Math.min(page.height, cy + half)];
  return { box, bandHeight: Math.max(1.3 * height, height + 2 * marginY), band: [cy - half, cy + half] };
}

const overlapShare = (a: Word["bbox"], b: Word["bbox"]): number => {
  const x = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const y = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return x <= 0 || y <= 0 ? 0 : (x * y) / Math.max(1, (a[2] - a[0]) * (a[3] - a[1]));
};

/**
 * Unread lines of a page whose findings miss an identifier: each read as one line, its words added only when
 * they yield a value of a checked type and the page loses none it had. A reading that neither gives one nor
 * looks like an identifier's line ends that line's readings.
 */
async function readUnreadLines(page: PageText, image: ScannedImage, skewDegrees: number, reader: RegionReader, variants: readonly RegionVariant[], limit: number, trigger: UnreadTrigger, report: RereadReport): Promise<PageText> {
  let findings = detectSensitivePage(page);
  if (limit <= 0 || (trigger === "announced" ? announcedMissingIds(page, findings).size === 0 : !missesAnId(findings))) return page;
  let lines: UnreadLine[];
  try {
    lines = await unreadLines(image.png, page.words, skewDegrees);
  } catch {
    return page;
  }
  let current = page;
  for (const line of lines.slice(0, limit)) {
    const { box, bandHeight, band } = regionOfUnread(line, current, skewDegrees);
    report.unread += 1;
    for (const variant of variants) {
      let read;
      try {
        read = await reader.recognizeRegion(image.png, { box, bandHeight, skewDegrees, dpi: image.dpi, ...variant });
      } catch {
        break;
      }
      report.reads += 1;
      // Within the line's band, and not a word the page read already has (the crop's margin takes in its neighbours).
      const added = read.words.filter((word) => {
        const middle = (word.bbox[1] + word.bbox[3]) / 2;
        return middle >= band[0] && middle <= band[1] && !current.words.some((other) => overlapShare(word.bbox, other.bbox) > 0.3);
      });
      if (added.length === 0) break;
      const candidate = withLineInserted(current, added);
      const candidateFindings = detectSensitivePage(candidate.page);
      const had = new Set(findings.map(valueKey));
      const kept = new Set(candidateFindings.map(valueKey));
      const newOnes = findingsOn(candidateFindings, new Set(candidate.newIndexes)).filter((finding) => CHECKED.includes(finding.type));
      const lost = [...had].some((key) => !kept.has(key));
      if (!lost && (newOnes.length > 0 || isConfidentText(added))) {
        current = candidate.page;
        findings = candidateFindings;
        report.added += 1;
        break;
      }
      if (!looksLikeIdLine(added.map((word) => word.text).join(" "))) break;
    }
  }
  return current;
}

async function rereadPage(page: PageText, image: ScannedImage, reader: RegionReader, options: Required<Pick<RereadOptions, "maxRegionsPerPage" | "maxUnreadLinesPerPage" | "variants" | "unreadTrigger">>, report: RereadReport): Promise<PageText> {
  const skewDegrees = (page as Partial<{ skewDegrees: number }>).skewDegrees ?? 0;
  let current = page;
  const layout = layoutPage(current);
  let findings = detectSensitivePage(current);
  const doubts = doubtfulLines(layout, findings).slice(0, options.maxRegionsPerPage);
  // Each doubt's words, by the words themselves (indexes shift as lines are replaced).
  const targets = doubts.map((doubt) => ({ doubt, words: doubt.segments.flatMap((segment) => segment.wordIndexes).map((index) => current.words[index]) }));
  for (const { doubt, words: targetWords } of targets) {
    const indexes = targetWords.map((word) => current.words.indexOf(word as Word)).filter((index) => index >= 0);
    if (indexes.length !== targetWords.length || indexes.length === 0) continue;
    const { box, bandHeight, line } = regionOf(layout, doubt, skewDegrees);
    report.regions += 1;
    const before = findingsOn(findings, new Set(indexes));
    for (const variant of options.variants) {
      let read;
      try {
        read = await reader.recognizeRegion(image.png, { box, bandHeight, skewDegrees, dpi: image.dpi, ...variant });
      } catch {
        break; // a failed read keeps the page read
      }
      report.reads += 1;
      // Within the original line's box: a word of a neighbouring line the crop caught is not the line.
      const replacement = read.words.filter((word) => {
        const middle = (word.bbox[1] + word.bbox[3]) / 2;
        return middle >= line[1] && middle <= line[3] && word.bbox[0] >= box[0] && word.bbox[2] <= box[2];
      });
      if (replacement.length === 0) continue;
      const candidate = withLineReplaced(current, indexes, replacement);
      const candidateFindings = detectSensitivePage(candidate.page);
      if (!judge(before, findingsOn(candidateFindings, new Set(candidate.newIndexes)))) continue;
      current = candidate.page;
      findings = candidateFindings;
      report.replaced += 1;
      break;
    }
  }
  return readUnreadLines(current, image, skewDegrees, reader, options.variants, options.maxUnreadLinesPerPage, options.unreadTrigger, report);
}

/**
 * The pages with their doubtful identifier lines read again (scanned pages only; text-layer pages as they
 * are). Never fails: a region that cannot be read keeps the page read's words.
 */
export async function rereadDoubtfulLines(pages: readonly PageText[], images: readonly ScannedImage[], reader: RegionReader, options: RereadOptions = {}): Promise<PageText[]> {
  const started = performance.now();
  const settings = { maxRegionsPerPage: options.maxRegionsPerPage ?? MAX_REGIONS, maxUnreadLinesPerPage: options.maxUnreadLinesPerPage ?? MAX_UNREAD_LINES, variants: options.variants ?? REREAD_VARIANTS, unreadTrigger: options.unreadTrigger ?? "missing" };
  const report: RereadReport = { pages: 0, regions: 0, reads: 0, replaced: 0, unread: 0, added: 0, ms: 0 };
  const result = await Promise.all(
    pages.map(async (page) => {
      const image = images.find((candidate) => candidate.page === page.page);
      if (page.source !== "ocr" || !image || page.words.length === 0) return page;
      report.pages += 1;
      return rereadPage(page, image, reader, settings, report);
    }),
  );
  report.ms = performance.now() - started;
  options.onReport?.(report);
  return result;
}
