import type { Page as TesseractPage } from "tesseract.js";
import type { Word } from "../ingest/types.js";

/**
 * Words and reading-order text from tesseract's block tree (blocks > paragraphs > lines > words), which is
 * already in tesseract's reading order. Boxes go through `toOriginal` (undoing preprocessing).
 */
export function wordsFromTesseract(data: TesseractPage, toOriginal: (bbox: Word["bbox"]) => Word["bbox"]): { words: Word[]; text: string; confidence: number } {
  const words: Word[] = [];
  const lines: string[] = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const lineWords: string[] = [];
        for (const word of line.words) {
          const text = word.text.trim();
          if (text === "") continue;
          words.push({ text, bbox: toOriginal([word.bbox.x0, word.bbox.y0, word.bbox.x1, word.bbox.y1]), confidence: Math.round(word.confidence * 10) / 10 });
          lineWords.push(text);
        }
        if (lineWords.length > 0) lines.push(lineWords.join(" "));
      }
    }
  }
  // Mean word confidence weighted by length: a page of confident long words and a few noisy specks is fine.
  let weighted = 0;
  let chars = 0;
  for (const word of words) {
    weighted += word.confidence * word.text.length;
    chars += word.text.length;
  }
  return { words, text: lines.join("\n"), confidence: chars === 0 ? 0 : Math.round((weighted / chars) * 10) / 10 };
}
