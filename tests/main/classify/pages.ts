/**
 * Test helper: turns hand-written lines of text into a `PageText` with plausible word boxes. One line per
 * row; words are placed at their character column (monospaced, 6 pt per character), so several spaces
 * in a line make a column gap. A line starting with "# " is a title: twice the font size.
 */
import type { PageText, Word } from "../../../main/ingest/types.js";

export interface PageOptions {
  page?: number;
  source?: PageText["source"];
  /** Page size in points (A4 by default). */
  width?: number;
  height?: number;
}

const CHAR_WIDTH = 6;
const LINE_HEIGHT = 10;
const ROW = 16;
const MARGIN = 36;

export function pageFromLines(lines: readonly string[], options: PageOptions = {}): PageText {
  const words: Word[] = [];
  let y = MARGIN;
  const texts: string[] = [];
  for (const raw of lines) {
    const title = raw.startsWith("# ");
    const text = title ? raw.slice(2) : raw;
    const scale = title ? 2 : 1;
    for (const match of text.matchAll(/\S+/g)) {
      const x0 = MARGIN + match.index * CHAR_WIDTH * scale;
      words.push({
        text: match[0],
        bbox: [x0, y, x0 + match[0].length * CHAR_WIDTH * scale, y + LINE_HEIGHT * scale],
        confidence: options.source === "ocr" ? 80 : 100,
      });
    }
    texts.push(text.trim().replace(/\s{2,}/g, " "));
    y += ROW * scale;
  }
  return {
    page: options.page ?? 1,
    width: options.width ?? 595,
    height: options.height ?? 842,
    words,
    text: texts.join("\n"),
    source: options.source ?? "text",
  };
}

/** One-page document. */
export function doc(lines: readonly string[], options: PageOptions = {}): PageText[] {
  return [pageFromLines(lines, options)];
}
