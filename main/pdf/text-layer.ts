import type { PageViewport } from "pdfjs-dist";
import type { TextItem, TextStyle } from "pdfjs-dist/types/src/display/api.js";
import type { PageText } from "../ingest/types.js";
import type { PdfLimits } from "./limits.js";
import { checkedPage, describePdfjsError, loadPdfjs, openPdf, type OpenPdf } from "./pdfjs-document.js";
import { piecesToWords, type TextPiece } from "./reading-order.js";
import { judgeTextQuality, type TextQuality } from "./text-quality.js";

/** A page's text layer, in page points (origin top-left, y downwards), with a verdict on its usefulness. */
export interface PdfPageText extends PageText {
  source: "text";
  /** False when the page should be OCRed instead (see text-quality.ts). */
  hasUsableText: boolean;
  quality: TextQuality;
}

export interface PdfTextExtraction {
  pageCount: number;
  /** Encrypted without a user password (owner restrictions only); password-protected files are refused. */
  encrypted: boolean;
  pages: PdfPageText[];
}

type Matrix = [number, number, number, number, number, number];

function isTextItem(item: unknown): item is TextItem {
  return typeof item === "object" && item !== null && "str" in item && "transform" in item;
}

/**
 * Splits one pdfjs run into word pieces with boxes. pdfjs gives no per-glyph advance, so each character
 * gets an equal share of the run's width: exact at run ends, within about a character inside a run.
 */
function runToPieces(item: TextItem, run: number, viewport: PageViewport, style: TextStyle | undefined, multiply: (a: Matrix, b: Matrix) => Matrix): TextPiece[] {
  const chars = [...item.str];
  if (chars.length === 0 || item.str.trim() === "") return [];
  const m = multiply(viewport.transform as Matrix, item.transform as Matrix);
  const fontHeight = Math.hypot(m[2], m[3]);
  const scaleX = Math.hypot(m[0], m[1]) || 1;
  const [dx, dy] = [m[0] / scaleX, m[1] / scaleX];
  const [ux, uy] = [dy, -dx]; // "up" from the baseline, in a y-down space
  const ascent = (style?.ascent && style.ascent > 0 ? style.ascent : 0.8) * fontHeight;
  const descent = (style?.descent && style.descent < 0 ? -style.descent : 0.2) * fontHeight;
  const runWidth = item.width * viewport.scale;
  const charWidth = runWidth / chars.length;
  const pieces: TextPiece[] = [];
  for (const match of item.str.matchAll(/\S+/gu)) {
    const before = [...item.str.slice(0, match.index)].length;
    const length = [...match[0]].length;
    const start = before * charWidth;
    const end = (before + length) * charWidth;
    const xs: number[] = [];
    const ys: number[] = [];
    for (const along of [start, end]) {
      const bx = m[4] + dx * along;
      const by = m[5] + dy * along;
      xs.push(bx + ux * ascent, bx - ux * descent);
      ys.push(by + uy * ascent, by - uy * descent);
    }
    pieces.push({ text: match[0], bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], run });
  }
  return pieces;
}

/** Reads the text layer of one page of an opened PDF. */
export async function readPageText(pdf: OpenPdf, pageNumber: number): Promise<PdfPageText> {
  const { Util } = await loadPdfjs();
  const { page, viewport } = await checkedPage(pdf, pageNumber);
  let content;
  try {
    content = await page.getTextContent({ includeMarkedContent: false, disableNormalization: false });
  } catch (error) {
    throw describePdfjsError(error);
  }
  const multiply = (a: Matrix, b: Matrix): Matrix => Util.transform(a, b) as Matrix;
  const pieces = content.items.filter(isTextItem).flatMap((item, run) => runToPieces(item, run, viewport, content.styles[item.fontName], multiply));
  const { words, text } = piecesToWords(pieces);
  const quality = judgeTextQuality(text);
  page.cleanup();
  return {
    page: pageNumber,
    width: viewport.width,
    height: viewport.height,
    words,
    text,
    source: "text",
    hasUsableText: quality.usable,
    quality,
  };
}

/** Reads every page's text layer of an opened PDF. */
export async function readPdfText(pdf: OpenPdf): Promise<PdfTextExtraction> {
  const pages: PdfPageText[] = [];
  for (let pageNumber = 1; pageNumber <= pdf.pageCount; pageNumber += 1) pages.push(await readPageText(pdf, pageNumber));
  return { pageCount: pdf.pageCount, encrypted: pdf.encrypted, pages };
}

/**
 * Text layer of every page of untrusted PDF bytes, with words boxed in page points.
 * Throws `CoffreError("BAD_INPUT", reason)` for an empty, corrupt, password-protected or oversized PDF.
 */
export async function extractPdfText(bytes: Uint8Array, limits: Partial<PdfLimits> = {}): Promise<PdfTextExtraction> {
  const pdf = await openPdf(bytes, limits);
  try {
    return await readPdfText(pdf);
  } finally {
    await pdf.close();
  }
}
