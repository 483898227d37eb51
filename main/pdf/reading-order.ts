import type { Word } from "../ingest/types.js";

/**
 * A piece of a word with its box: pdfjs gives text in runs ("items") that may hold several words or part of
 * one. `run` identifies the run the piece came from, so pieces of different runs that touch can be joined.
 */
export interface TextPiece {
  text: string;
  bbox: [number, number, number, number];
  run: number;
}

interface PlacedPiece extends TextPiece {
  line: number;
}

const height = (box: Word["bbox"]): number => box[3] - box[1];

function verticalOverlap(a: Word["bbox"], b: Word["bbox"]): number {
  return Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
}

const center = (box: Word["bbox"]): number => (box[1] + box[3]) / 2;

/** Two boxes sit on one line when each one's vertical centre lies within the other's height. */
function sameLine(a: Word["bbox"], b: Word["bbox"]): boolean {
  const ca = center(a);
  const cb = center(b);
  return ca >= b[1] && ca <= b[3] && cb >= a[1] && cb <= a[3];
}

/**
 * Groups boxes into lines: a box joins the line holding a box it shares a line with (each one's centre
 * within the other's height), the best overlapping one when several do. Comparing boxes rather than the
 * line's growing extent keeps a tall title from swallowing the two smaller lines beside it (a company name
 * and the address under it, both next to a 30 pt "INVOICE"). Lines come back top to bottom, each sorted
 * left to right. Side-by-side columns at the same height end up in one line (left column first), which
 * keeps a label and its value together.
 */
export function groupIntoLines<T extends { bbox: Word["bbox"] }>(boxes: readonly T[]): T[][] {
  const sorted = [...boxes].sort((a, b) => a.bbox[1] + a.bbox[3] - (b.bbox[1] + b.bbox[3]));
  const lines: { top: number; items: T[] }[] = [];
  for (const item of sorted) {
    let chosen: (typeof lines)[number] | null = null;
    let chosenOverlap = 0;
    for (const line of lines) {
      for (const member of line.items) {
        if (!sameLine(member.bbox, item.bbox)) continue;
        const overlap = verticalOverlap(member.bbox, item.bbox) / Math.max(0.01, Math.min(height(member.bbox), height(item.bbox)));
        if (overlap > chosenOverlap) {
          chosen = line;
          chosenOverlap = overlap;
        }
      }
    }
    if (chosen) {
      chosen.items.push(item);
      chosen.top = Math.min(chosen.top, item.bbox[1]);
    } else {
      lines.push({ top: item.bbox[1], items: [item] });
    }
  }
  return lines.sort((a, b) => a.top - b.top).map((line) => line.items.sort((a, b) => a.bbox[0] - b.bbox[0]));
}

/**
 * Joins pieces into words (pieces of different runs closer than 15 % of the text height are one word,
 * e.g. a kerned "Fac" + "ture") and lays them out in reading order.
 */
export function piecesToWords(pieces: readonly TextPiece[], confidence = 100): { words: Word[]; text: string } {
  const lines = groupIntoLines(pieces);
  const words: Word[] = [];
  const textLines: string[] = [];
  lines.forEach((line, lineIndex) => {
    const lineWords: (Word & { lastRun: number })[] = [];
    for (const piece of line.map((p): PlacedPiece => ({ ...p, line: lineIndex }))) {
      const previous = lineWords.at(-1);
      const gap = previous ? piece.bbox[0] - previous.bbox[2] : Infinity;
      const touchThreshold = 0.15 * Math.max(height(piece.bbox), previous ? height(previous.bbox) : 0);
      if (previous && previous.lastRun !== piece.run && gap < touchThreshold) {
        previous.text += piece.text;
        previous.bbox = [
          Math.min(previous.bbox[0], piece.bbox[0]),
          Math.min(previous.bbox[1], piece.bbox[1]),
          Math.max(previous.bbox[2], piece.bbox[2]),
          Math.max(previous.bbox[3], piece.bbox[3]),
        ];
        previous.lastRun = piece.run;
      } else {
        lineWords.push({ text: piece.text, bbox: [...piece.bbox], confidence, lastRun: piece.run });
      }
    }
    for (const { lastRun: _lastRun, ...word } of lineWords) words.push(word);
    textLines.push(lineWords.map((word) => word.text).join(" "));
  });
  return { words, text: textLines.join("\n") };
}
