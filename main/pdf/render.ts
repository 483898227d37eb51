import { createCanvas, type Canvas } from "@napi-rs/canvas";
import sharp from "sharp";
import { CoffreError } from "../errors.js";
import { fillBoxes, type Box } from "../parse/burn.js";
import type { PdfLimits } from "./limits.js";
import { checkedPage, describePdfjsError, openPdf, type OpenPdf } from "./pdfjs-document.js";
import { shrinkToWidth } from "./shrink.js";

export interface RenderedPage {
  page: number;
  png: Buffer;
  /** Asked with `thumbnail`: the same pixels shrunk to that width at most (shrink.ts). */
  thumbnail?: Buffer;
  width: number;
  height: number;
  /** The resolution actually used: lower than asked when the page would exceed `maxRenderPixels`. */
  dpi: number;
}

/**
 * zlib levels of the rendered PNGs: low for a page that is only read once (by the OCR), higher for a view
 * that is kept.
 */
export const VIEW_PNG_LEVEL = 3;
export const OCR_PNG_LEVEL = 1;

/**
 * Canvases of this thread kept for the next render of the same size (a parse worker renders a document's
 * pages at VIEW_DPI, then, for a redacted original, at 200 dpi, and the next document's at the same sizes).
 * A new canvas costs its surface's allocation and page faults, and V8 counts the surface as external memory,
 * which brings the next full collection nearer: measured on the bench's born-digital pages, a 200 dpi render
 * (render + pixels + PNG) 79 -> 67 CPU ms a page on a kept canvas (same run, alternated, load ~10); no
 * difference at 110 dpi. At most SPARE_CANVASES are kept, none over SPARE_CANVAS_MAX_PIXELS, so a worker
 * holds at most ~2 x 40 MB of them; they end with the thread (a pool worker ends with its batch).
 * A canvas is taken out of the spares while a render uses it and given back only after that render
 * succeeded and its PNGs were written; every render fills the whole canvas white first, so nothing of an
 * earlier page survives into a later one (tests/main/pdf/render.test.ts). A failed render drops its canvas
 * (its drawing state may be anything).
 */
const SPARE_CANVASES = 2;
const SPARE_CANVAS_MAX_PIXELS = 10_000_000;
const spareCanvases: Canvas[] = [];

function takeCanvas(width: number, height: number): Canvas {
  const index = spareCanvases.findIndex((canvas) => canvas.width === width && canvas.height === height);
  if (index >= 0) return spareCanvases.splice(index, 1)[0] as Canvas;
  canvasesCreated += 1;
  return createCanvas(width, height);
}

function giveBackCanvas(canvas: Canvas): void {
  if (canvas.width * canvas.height > SPARE_CANVAS_MAX_PIXELS) return;
  spareCanvases.unshift(canvas);
  spareCanvases.length = Math.min(spareCanvases.length, SPARE_CANVASES);
}

let canvasesCreated = 0;
/** Tests: canvases made so far by this thread's renders, and dropping the spares. */
export function renderCanvasStats(): { created: number; spare: number } {
  return { created: canvasesCreated, spare: spareCanvases.length };
}
export function dropSpareCanvases(): void {
  spareCanvases.length = 0;
}

/**
 * Renders one page of an opened PDF to PNG on a white background (annotations as printed, forms flattened).
 * A page that would exceed `limits.maxRenderPixels` at `dpi` is rendered at the highest dpi that fits.
 * The PNG is written by sharp from the canvas's raw pixels: the same pixels as @napi-rs/canvas's own
 * encoder at about a sixth of its CPU (decision 005); `pngLevel` is its zlib level. It is an opaque RGB PNG
 * (the alpha channel, 255 everywhere, is dropped): a quarter less to filter and compress, and what the
 * redacted PDFs embed without decoding (png-xobject.ts).
 * `burn`: boxes in page points (the text layer's units) filled with black in the rendered pixels before the
 * PNG is written (main/parse/burn.ts, the same geometry as the masked renditions).
 */
export async function renderOpenPdfPage(
  pdf: OpenPdf,
  pageNumber: number,
  dpi: number,
  pngLevel = VIEW_PNG_LEVEL,
  burn: readonly Box[] = [],
  thumbnail?: { width: number; pngLevel: number },
  /**
   * Another render of this page follows (the redacted original's, after the masked view): pdfjs keeps the
   * page's operator list, so that render only paints (no content stream read or fonts set up again). It is
   * freed with the document (close()).
   */
  again = false,
): Promise<RenderedPage> {
  if (!Number.isFinite(dpi) || dpi <= 0 || dpi > 1200) throw new CoffreError("BAD_INPUT", `cannot render at ${dpi} dpi`);
  const { page, viewport: points } = await checkedPage(pdf, pageNumber);
  const wanted = (points.width * points.height * (dpi / 72) ** 2) / pdf.limits.maxRenderPixels;
  const usedDpi = wanted > 1 ? Math.floor(dpi / Math.sqrt(wanted)) : dpi;
  const viewport = page.getViewport({ scale: usedDpi / 72 });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const canvas = takeCanvas(width, height);
  const context = canvas.getContext("2d");
  // The whole canvas white, whatever an earlier page left on it (a kept canvas).
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.globalAlpha = 1;
  context.globalCompositeOperation = "source-over";
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  try {
    // pdfjs's types name the DOM canvas; @napi-rs/canvas implements the same 2D API.
    type RenderParameters = Parameters<typeof page.render>[0];
    await page.render({
      canvas: canvas as unknown as RenderParameters["canvas"],
      canvasContext: context as unknown as RenderParameters["canvasContext"],
      viewport,
    }).promise;
  } catch (error) {
    throw describePdfjsError(error);
  } finally {
    if (!again) page.cleanup();
  }
  // RGBA, every pixel opaque (drawn on white). `data()` is the canvas's own memory, not a copy: the boxes are
  // burned in it, and the canvas must stay alive (and unused by another render) until sharp has read it.
  const pixels = canvas.data();
  if (burn.length > 0) fillBoxes({ data: pixels, width, height, channels: 4 }, burn, { width: points.width, height: points.height });
  const raw = { raw: { width, height, channels: 4 } } as const;
  // The thumbnail from the same (burned) pixels, shrunk here by area averaging: ~4 CPU ms a VIEW_DPI page
  // against ~11 for sharp's lanczos3 resize of them (decision 009).
  const shrunk = thumbnail ? shrinkToWidth({ data: pixels, width, height, channels: 4 }, thumbnail.width) : null;
  const [png, small] = await Promise.all([
    sharp(pixels, raw).removeAlpha().png({ compressionLevel: pngLevel }).toBuffer(),
    shrunk && thumbnail ? sharp(shrunk.data, { raw: { width: shrunk.width, height: shrunk.height, channels: 3 } }).png({ compressionLevel: thumbnail.pngLevel }).toBuffer() : undefined,
  ]);
  giveBackCanvas(canvas);
  return { page: pageNumber, png, width, height, dpi: usedDpi, ...(small ? { thumbnail: small } : {}) };
}

/** Renders page `pageNumber` (1-based) of untrusted PDF bytes to a PNG. Throws `CoffreError("BAD_INPUT")`. */
export async function renderPdfPage(bytes: Uint8Array, pageNumber: number, dpi: number, limits: Partial<PdfLimits> = {}): Promise<Buffer> {
  const pdf = await openPdf(bytes, limits);
  try {
    return (await renderOpenPdfPage(pdf, pageNumber, dpi)).png;
  } finally {
    await pdf.close();
  }
}
