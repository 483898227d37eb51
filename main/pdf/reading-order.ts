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

/**
 * Groups boxes into lines: a box joins the line it overlaps vertically by at least half of the smaller
 * height. Lines come back top to bottom, each sorted left to right. Simple on purpose: side-by-side columns
 * at the same height end up in one line (left column first), which keeps a label and its value together.
 */
export function groupIntoLines<T extends { bbox: Word["bbox"] }>(boxes: readonly T[]): T[][] {
  const sorted = [...boxes].sort((a, b) => a.bbox[1] + a.bbox[3] - (b.bbox[1] + b.bbox[3]));
  const lines: { top: number; bottom: number; items: T[] }[] = [];
  for (const item of sorted) {
    const h = Math.max(height(item.bbox), 0.01);
    const line = lines.find((candidate) => {
      const overlap = verticalOverlap([0, candidate.top, 0, candidate.bottom], item.bbox);
      return overlap >= 0.5 * Math.min(h, candidate.bottom - candidate.top);
    });
    if (line) {
      line.items.push(item);
      line.top = Math.min(line.top, item.bbox[1]);
      line.bottom = Math.max(line.bottom, item.bbox[3]);
    } else {
      lines.push({ top: item.bbox[1], bottom: item.bbox[3], items: [item] });
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
