/**
 * Turns `PageText` (words with boxes) into lines and cells: a line is a row of words, a cell is a run of
 * words in that row separated from the next by a wide gap (a table column, or a label column and a value
 * column). Line text joins the words of a cell with a space and the cells with a tab, so patterns that
 * allow spaces (amounts with digit groups) never run across two columns.
 */
import type { PageText, Word } from "../ingest/types.js";
import { cleanWordText, foldText } from "./text.js";

export type Box = [number, number, number, number];

export interface LayoutWord {
  text: string;
  bbox: Box;
  confidence: number;
}

export interface Cell {
  /** Offsets of the cell in its line's text. */
  start: number;
  end: number;
  x0: number;
  x1: number;
}

export interface Line {
  page: number;
  pageWidth: number;
  pageHeight: number;
  /** Index of the line on its page, top to bottom. */
  indexOnPage: number;
  words: LayoutWord[];
  /** Offset of each word in `text`. */
  wordStarts: number[];
  text: string;
  /** `text` folded (lower case, no accents), same length. */
  folded: string;
  cells: Cell[];
  box: Box;
}

export interface Layout {
  lines: Line[];
  /** Median line height over the document, for size cues. */
  medianHeight: number;
  ocr: boolean;
}

const CELL_SEPARATOR = "\t";

/** Synthetic boxes for a page that only has text: one row per line, monospaced columns. */
function wordsFromText(text: string): Word[] {
  const words: Word[] = [];
  text.split("\n").forEach((lineText, row) => {
    for (const match of lineText.matchAll(/\S+/g)) {
      const x0 = match.index * 6;
      words.push({ text: match[0], bbox: [x0, row * 14, x0 + match[0].length * 6, row * 14 + 10], confidence: 100 });
    }
  });
  return words;
}

function height(box: Box): number {
  return Math.max(1, box[3] - box[1]);
}

/**
 * The page's skew as a slope (dy/dx), from neighbouring words of one OCR line: tesseract lists a line's
 * words left to right, so two consecutive words side by side at about the same height give a sample.
 * The median of the samples; 0 when there are too few.
 */
export function estimateSlope(words: readonly LayoutWord[]): number {
  const samples: number[] = [];
  for (let index = 1; index < words.length; index += 1) {
    const a = words[index - 1];
    const b = words[index];
    if (!a || !b) continue;
    const dx = (b.bbox[0] + b.bbox[2]) / 2 - (a.bbox[0] + a.bbox[2]) / 2;
    const dy = (b.bbox[1] + b.bbox[3]) / 2 - (a.bbox[1] + a.bbox[3]) / 2;
    if (b.bbox[0] < a.bbox[2] - 1 || dx < Math.max(height(a.bbox), height(b.bbox)) || Math.abs(dy) > Math.min(height(a.bbox), height(b.bbox))) continue;
    samples.push(dy / dx);
  }
  if (samples.length < 8) return 0;
  const slope = samples.sort((x, y) => x - y)[Math.floor(samples.length / 2)] ?? 0;
  return Math.abs(slope) < 0.1 ? slope : 0;
}

/**
 * Rows of words; `slope` straightens a skewed scan (a word's height is read as if the page were level).
 * Measured and not taken (2026-12-04, same page OCR, bench:accuracy seeds 1234 / 3579 / 5151): rows from
 * tesseract's own text lines (recovered from page.text) instead of word heights. Degraded 1234 gained 6 fields
 * with no loss, but 3579 and 5151 came out even or one field worse, and a big-font seller line that tesseract
 * split into two engine lines at different heights lost its name on a clean scan ("Hudson ... Inc." /
 * "Analytics ..."); a look-back variant was no better. Word heights stay the rule.
 */
function groupRows(words: LayoutWord[], slope = 0): LayoutWord[][] {
  const level = (word: LayoutWord): number => (word.bbox[1] + word.bbox[3]) / 2 - slope * ((word.bbox[0] + word.bbox[2]) / 2);
  const sorted = [...words].sort((a, b) => level(a) - level(b) || a.bbox[0] - b.bbox[0]);
  const rows: { words: LayoutWord[]; y0: number; y1: number }[] = [];
  for (const word of sorted) {
    const center = level(word);
    const half = height(word.bbox) / 2;
    const row = rows[rows.length - 1];
    if (row) {
      const rowCenter = (row.y0 + row.y1) / 2;
      const tolerance = Math.min(row.y1 - row.y0, height(word.bbox)) * 0.5;
      if (Math.abs(center - rowCenter) <= tolerance) {
        row.words.push(word);
        row.y0 = Math.min(row.y0, center - half);
        row.y1 = Math.max(row.y1, center + half);
        continue;
      }
    }
    rows.push({ words: [word], y0: center - half, y1: center + half });
  }
  return rows.map((row) => row.words.sort((a, b) => a.bbox[0] - b.bbox[0]));
}

function buildLine(words: LayoutWord[], page: PageText, indexOnPage: number): Line {
  const lineHeight = words.reduce((sum, word) => sum + height(word.bbox), 0) / words.length;
  const chars = words.reduce((sum, word) => sum + word.text.length, 0);
  const charWidth = words.reduce((sum, word) => sum + (word.bbox[2] - word.bbox[0]), 0) / Math.max(1, chars);
  const gapForNewCell = Math.max(1.2 * lineHeight, 2.5 * charWidth);
  let text = "";
  const wordStarts: number[] = [];
  const cells: Cell[] = [];
  let cell: Cell | null = null;
  words.forEach((word, index) => {
    const previous = words[index - 1];
    const newCell = !previous || word.bbox[0] - previous.bbox[2] > gapForNewCell;
    if (newCell) {
      if (cell) {
        cell.end = text.length;
        cells.push(cell);
        text += CELL_SEPARATOR;
      }
      cell = { start: text.length, end: text.length, x0: word.bbox[0], x1: word.bbox[2] };
    } else {
      text += " ";
    }
    wordStarts.push(text.length);
    text += word.text;
    if (cell) cell.x1 = Math.max(cell.x1, word.bbox[2]);
  });
  if (cell) {
    (cell as Cell).end = text.length;
    cells.push(cell);
  }
  const box: Box = [
    Math.min(...words.map((word) => word.bbox[0])),
    Math.min(...words.map((word) => word.bbox[1])),
    Math.max(...words.map((word) => word.bbox[2])),
    Math.max(...words.map((word) => word.bbox[3])),
  ];
  return { page: page.page, pageWidth: page.width, pageHeight: page.height, indexOnPage, words, wordStarts, text, folded: foldText(text), cells, box };
}

/** OCR specks: a word of punctuation or symbols only, none that carries meaning in an invoice. */
const SPECK = /^[^\p{L}\p{N}€$£%#°&@+\-–()]+$/u;

/**
 * OCR noise: a word of at most three letters and no digit that the engine itself hardly believes
 * (confidence under 15 of 100), as a dirty scan's blots read ("Ee" between "Invoice #" and its number).
 */
function isNoiseWord(word: LayoutWord): boolean {
  return word.confidence < NOISE_CONFIDENCE && word.text.length <= 3 && !/\d/.test(word.text);
}

const NOISE_CONFIDENCE = 15;

/** Builds the lines of every page, in reading order (page, then top to bottom). */
export function buildLayout(pages: readonly PageText[]): Layout {
  const lines: Line[] = [];
  let ocr = false;
  for (const page of [...pages].sort((a, b) => a.page - b.page)) {
    if (page.source === "ocr") ocr = true;
    const source = page.words.length > 0 ? page.words : wordsFromText(page.text);
    const words = source
      .map((word) => ({ text: cleanWordText(word.text).trim(), bbox: word.bbox, confidence: word.confidence }))
      // Stray marks read off a dirty scan (". ; © ‘ |") would sit between a label and its value.
      .filter((word) => word.text.length > 0 && !(page.source === "ocr" && (SPECK.test(word.text) || isNoiseWord(word))));
    const width = page.width > 0 ? page.width : Math.max(1, ...words.map((word) => word.bbox[2]));
    const heightOfPage = page.height > 0 ? page.height : Math.max(1, ...words.map((word) => word.bbox[3]));
    const sizedPage = { ...page, width, height: heightOfPage };
    groupRows(words, page.source === "ocr" ? estimateSlope(words) : 0).forEach((row, index) => lines.push(buildLine(row, sizedPage, index)));
  }
  const heights = lines.map((line) => height(line.box)).sort((a, b) => a - b);
  const medianHeight = heights[Math.floor(heights.length / 2)] ?? 10;
  return { lines, medianHeight, ocr };
}

/** The cell of `line` that holds the character at `offset` (or the last cell before it). */
export function cellAt(line: Line, offset: number): Cell {
  let found = line.cells[0] ?? { start: 0, end: line.text.length, x0: line.box[0], x1: line.box[2] };
  for (const cell of line.cells) if (cell.start <= offset) found = cell;
  return found;
}

/** The box covering the characters [start, end) of a line's text. */
export function boxOfRange(line: Line, start: number, end: number): Box {
  const boxes: Box[] = [];
  line.words.forEach((word, index) => {
    const wordStart = line.wordStarts[index] ?? 0;
    const wordEnd = wordStart + word.text.length;
    if (wordEnd > start && wordStart < end) boxes.push(word.bbox);
  });
  if (boxes.length === 0) return line.box;
  return [
    Math.min(...boxes.map((box) => box[0])),
    Math.min(...boxes.map((box) => box[1])),
    Math.max(...boxes.map((box) => box[2])),
    Math.max(...boxes.map((box) => box[3])),
  ];
}

/** Vertical position of a line on its page, 0 (top) to 1 (bottom). */
export function relativeTop(line: Line): number {
  return line.box[1] / Math.max(1, line.pageHeight);
}

/** Line height relative to the document's median: > 1 means a bigger font. */
export function relativeSize(line: Line, layout: Layout): number {
  return height(line.box) / Math.max(1, layout.medianHeight);
}

/** The nearest lines below `line` on the same page (at most `count`), within a few line heights. */
export function linesBelow(layout: Layout, line: Line, count: number): Line[] {
  const lineHeight = height(line.box);
  return layout.lines
    .filter((other) => other.page === line.page && other.box[1] >= line.box[3] - lineHeight * 0.3 && other !== line)
    .filter((other) => other.box[1] - line.box[3] <= lineHeight * 3.5)
    .sort((a, b) => a.box[1] - b.box[1])
    .slice(0, count);
}

export interface CellsBelow {
  line: Line;
  /** The cells of `line` in the column, left to right. */
  cells: Cell[];
}

/**
 * The rows under a label, nearest first (at most `count`), as the cells of each row that overlap the
 * column [x0, x1). Positions are those of the cells' own words, not of whole lines: on a slightly skewed
 * scan a line's box spans the tilt, so the value row right under a header would seem to overlap it.
 */
export function cellsBelow(layout: Layout, line: Line, labelBox: Box, x0: number, x1: number, count: number): CellsBelow[] {
  const labelHeight = height(labelBox);
  const rows: (CellsBelow & { top: number })[] = [];
  for (const other of layout.lines) {
    if (other === line || other.page !== line.page) continue;
    const cells = other.cells.filter((cell) => overlapsHorizontally(cell.x0, cell.x1, x0, x1));
    if (cells.length === 0) continue;
    const top = Math.min(...cells.map((cell) => boxOfRange(other, cell.start, cell.end)[1]));
    if (top < labelBox[3] - labelHeight * 0.3 || top - labelBox[3] > labelHeight * 3.5) continue;
    rows.push({ line: other, cells, top });
  }
  return rows
    .sort((a, b) => a.top - b.top)
    .slice(0, count)
    .map(({ line: below, cells }) => ({ line: below, cells }));
}

/** Whether two horizontal ranges overlap. */
export function overlapsHorizontally(a0: number, a1: number, b0: number, b1: number): boolean {
  return Math.min(a1, b1) - Math.max(a0, b0) > 0;
}
