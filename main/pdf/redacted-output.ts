import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState, setTextRenderingMode, StandardFonts, TextRenderingMode } from "pdf-lib";
import type { Word } from "../ingest/types.js";
import { embedOpaquePng, readOpaquePng } from "./png-xobject.js";

/**
 * A redacted PDF built from scratch: each page is the masked page image (hidden values burned in) with an
 * invisible text layer made only of the words that may be shown. Nothing of the original file is copied,
 * so it carries no metadata, XMP, annotations, outlines, attachments (a Factur-X XML holds the IBAN too),
 * forms, scripts or earlier revisions.
 */
export interface RedactedPageInput {
  /** The masked page image, PNG. */
  image: Buffer;
  /** Size of the coordinate space of `words`: PDF points for text pages, pixels for scans. */
  width: number;
  height: number;
  unit: "points" | "pixels";
  words: Word[];
}

const A4_WIDTH_POINTS = 595.28;

/** Keeps the characters the standard Helvetica (WinAnsi) can encode; others become "?". */
function winAnsi(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\u00ff\u20ac\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]/g, "?");
}

/** Words drawn between two turns of the event loop. */
const WORDS_PER_TURN = 50;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Built in steps (a turn of the event loop after each page image and every WORDS_PER_TURN words, and during
 * the save), so that on the importing thread no stretch is longer than a few milliseconds: built in one go,
 * a 200 dpi document with its text layer held the thread 7-154 ms (load 9, 2 cores).
 */
export async function buildRedactedPdf(pages: RedactedPageInput[]): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false });
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const input of pages) {
    // Text pages keep their size in points; scans get an A4-wide page of the same proportions.
    const isPoints = input.unit === "points";
    const pageWidth = isPoints ? input.width : A4_WIDTH_POINTS;
    const pageHeight = isPoints ? input.height : (A4_WIDTH_POINTS * input.height) / input.width;
    const scale = pageWidth / input.width;
    const page = document.addPage([pageWidth, pageHeight]);
    // Opaque 8-bit PNGs (what the renditions are) go in as they are; anything else through pdf-lib's decoder.
    const opaque = readOpaquePng(input.image);
    if (opaque) {
      const name = page.node.newXObject("Image", embedOpaquePng(document, opaque));
      page.pushOperators(pushGraphicsState(), concatTransformationMatrix(pageWidth, 0, 0, pageHeight, 0, 0), drawObject(name), popGraphicsState());
    } else {
      page.drawImage(await document.embedPng(input.image), { x: 0, y: 0, width: pageWidth, height: pageHeight });
    }
    await nextTurn();
    page.pushOperators(pushGraphicsState(), setTextRenderingMode(TextRenderingMode.Invisible));
    let drawn = 0;
    for (const word of input.words) {
      drawn += 1;
      if (drawn % WORDS_PER_TURN === 0) await nextTurn();
      const text = winAnsi(word.text).trim();
      if (text === "") continue;
      const [x0, y0, x1, y1] = word.bbox;
      const size = Math.max(2, (y1 - y0) * scale * 0.85);
      const natural = font.widthOfTextAtSize(text, size);
      const target = (x1 - x0) * scale;
      // Shrink the font so selection matches the word's box on the image.
      const fitted = natural > 0 && target > 0 ? Math.max(1, size * Math.min(1, target / natural)) : size;
      page.drawText(text, { x: x0 * scale, y: pageHeight - y1 * scale + (y1 - y0) * scale * 0.15, size: fitted, font });
    }
    page.pushOperators(popGraphicsState());
  }
  return document.save({ useObjectStreams: false, objectsPerTick: 1 });
}
