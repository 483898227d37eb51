/**
 * A page's words regrouped for the detectors: lines (as the words come, in reading order) cut into
 * segments at wide horizontal gaps, so side-by-side columns do not run into each other. Each segment
 * knows its text, where each word starts in it, and which segment sits just above / below it.
 */
import type { PageText, Word } from "../ingest/types.js";

export interface Segment {
  /** Position in `PageLayout.segments`. */
  id: number;
  line: number;
  /** Indexes into the page's `words`. */
  wordIndexes: number[];
  /** The words joined by single spaces. */
  text: string;
  /** Character offset in `text` where each word starts. */
  starts: number[];
  box: [number, number, number, number];
  /**
   * The box with the median top and bottom of its words: a scan's speck or a mis-boxed word that OCR gave a
   * box two lines tall ("Lavoisier" over the postcode below it) does not stretch it into the next line.
   */
  core: [number, number, number, number];
  /** Median word height, a stand-in for the font size. */
  height: number;
}

export interface PageLayout {
  page: PageText;
  segments: Segment[];
  /** Segment id -> the nearest segment below that overlaps it horizontally (the next line of a block). */
  below: (number | null)[];
  /** Segment id -> the nearest segment above that overlaps it horizontally. */
  above: (number | null)[];
  /**
   * Segment id -> the nearest segment to its left / right on the same visual line, found by position (OCR
   * may give a line's words out of order, so that its parts land in different `line`s).
   */
  left: (number | null)[];
  right: (number | null)[];
}

const heightOf = (word: Word): number => Math.max(0.01, word.bbox[3] - word.bbox[1]);

function sameLine(previous: Word, word: Word): boolean {
  if (word.bbox[0] < previous.bbox[0]) return false;
  const overlap = Math.min(previous.bbox[3], word.bbox[3]) - Math.max(previous.bbox[1], word.bbox[1]);
  return overlap >= 0.4 * Math.min(heightOf(previous), heightOf(word));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function makeSegment(id: number, line: number, words: readonly Word[], indexes: number[]): Segment {
  const starts: number[] = [];
  let text = "";
  for (const index of indexes) {
    if (text.length > 0) text += " ";
    starts.push(text.length);
    text += words[index]?.text ?? "";
  }
  const boxes = indexes.map((index): Word["bbox"] => words[index]?.bbox ?? [0, 0, 0, 0]);
  return {
    id,
    line,
    wordIndexes: indexes,
    text,
    starts,
    box: [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))],
    height: median(boxes.map((b) => b[3] - b[1])),
    core: [Math.min(...boxes.map((b) => b[0])), median(boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), median(boxes.map((b) => b[3]))],
  };
}

function horizontalOverlap(a: Segment["box"], b: Segment["box"]): number {
  return Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
}

/**
 * A scan's speck read as a "line" of its own ("‘", "i", "Lo" a third of the text's height): never the line
 * above or below a real one, so that a block's lines stay neighbours.
 */
function isSpeck(other: Segment, segment: Segment): boolean {
  return other.height < 0.5 * segment.height && other.text.replace(/[^\p{L}\p{N}]/gu, "").length <= 2;
}

/** The closest segment in `direction` whose box overlaps `segment` horizontally, within ~2.5 line heights. */
function neighbour(segments: readonly Segment[], segment: Segment, direction: 1 | -1): number | null {
  let best: number | null = null;
  let bestDistance = Infinity;
  const reach = 2.5 * Math.max(segment.height, 1);
  for (const other of segments) {
    // Nor is a line above in a font more than twice as big (a letterhead's name the scan ran into the lines below it).
    const bigAbove = direction === -1 && other.height > 2 * Math.max(segment.height, 1);
    if (other.id === segment.id || horizontalOverlap(segment.box, other.box) <= 0 || isSpeck(other, segment) || bigAbove) continue;
    const distance = direction === 1 ? other.core[1] - segment.core[3] : segment.core[1] - other.core[3];
    const centreShift = direction * ((other.core[1] + other.core[3]) / 2 - (segment.core[1] + segment.core[3]) / 2);
    if (centreShift <= segment.height * 0.5 || distance > reach || distance < -segment.height * 0.5) continue;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = other.id;
    }
  }
  return best;
}

/** The closest segment beside `segment` (direction 1: right, -1: left) sharing at least half its height. */
function sideNeighbour(segments: readonly Segment[], segment: Segment, direction: 1 | -1): number | null {
  let best: number | null = null;
  let bestGap = Infinity;
  const ownHeight = segment.box[3] - segment.box[1];
  for (const other of segments) {
    if (other.id === segment.id || isSpeck(other, segment)) continue;
    const overlap = Math.min(segment.box[3], other.box[3]) - Math.max(segment.box[1], other.box[1]);
    if (overlap < 0.5 * Math.min(ownHeight, other.box[3] - other.box[1])) continue;
    const gap = direction === 1 ? other.box[0] - segment.box[2] : segment.box[0] - other.box[2];
    if (gap < -0.5 * Math.max(segment.height, 1) || gap >= bestGap) continue;
    bestGap = gap;
    best = other.id;
  }
  return best;
}

export function layoutPage(page: PageText): PageLayout {
  const words = page.words;
  const lines: number[][] = [];
  let current: number[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    const previous = words[current.at(-1) ?? -1];
    if (word === undefined) continue;
    if (previous !== undefined && !sameLine(previous, word)) {
      lines.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length > 0) lines.push(current);

  const segments: Segment[] = [];
  lines.forEach((line, lineNumber) => {
    const lineHeight = median(line.map((index) => (words[index] ? heightOf(words[index]) : 0)));
    let run: number[] = [];
    for (const index of line) {
      const previous = words[run.at(-1) ?? -1];
      const word = words[index];
      if (previous && word && word.bbox[0] - previous.bbox[2] > 2.2 * lineHeight) {
        segments.push(makeSegment(segments.length, lineNumber, words, run));
        run = [];
      }
      run.push(index);
    }
    if (run.length > 0) segments.push(makeSegment(segments.length, lineNumber, words, run));
  });
  return {
    page,
    segments,
    below: segments.map((segment) => neighbour(segments, segment, 1)),
    above: segments.map((segment) => neighbour(segments, segment, -1)),
    left: segments.map((segment) => sideNeighbour(segments, segment, -1)),
    right: segments.map((segment) => sideNeighbour(segments, segment, 1)),
  };
}

/** Word indexes (of the page) covering characters [from, to) of a segment's text. */
export function wordsInRange(segment: Segment, from: number, to: number): number[] {
  const found: number[] = [];
  segment.starts.forEach((start, position) => {
    const index = segment.wordIndexes[position];
    if (index === undefined) return;
    const end = position + 1 < segment.starts.length ? (segment.starts[position + 1] ?? 0) - 1 : segment.text.length;
    if (start < to && end > from) found.push(index);
  });
  return found;
}

/** Text of the segment before character `at`, plus the segment above's text (labels sit there too). */
export function textBefore(layout: PageLayout, segment: Segment, at: number, includeAbove = true): string {
  const aboveId = includeAbove ? layout.above[segment.id] : null;
  const above = aboveId === null || aboveId === undefined ? "" : (layout.segments[aboveId]?.text ?? "");
  const left = layout.segments[layout.left[segment.id] ?? -1];
  const sameLineBefore = left ? left.text : "";
  return `${above}\n${sameLineBefore} ${segment.text.slice(0, at)}`;
}
