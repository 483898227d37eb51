import { createCanvas } from "@napi-rs/canvas";
import sharp from "sharp";
import { CoffreError } from "../errors.js";
import { fillBoxes, type Box } from "../parse/burn.js";
import type { PdfLimits } from "./limits.js";
import { checkedPage, describePdfjsError, openPdf, type OpenPdf } from "./pdfjs-document.js";

export interface RenderedPage {
  page: number;
  png: Buffer;
  /** Asked with `thumbnail`: the same pixels resized to that width at most. */
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
): Promise<RenderedPage> {
  if (!Number.isFinite(dpi) || dpi <= 0 || dpi > 1200) throw new CoffreError("BAD_INPUT", `cannot render at ${dpi} dpi`);
  const { page, viewport: points } = await checkedPage(pdf, pageNumber);
  const wanted = (points.width * points.height * (dpi / 72) ** 2) / pdf.limits.maxRenderPixels;
  const usedDpi = wanted > 1 ? Math.floor(dpi / Math.sqrt(wanted)) : dpi;
  const viewport = page.getViewport({ scale: usedDpi / 72 });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
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
    page.cleanup();
  }
  // RGBA, every pixel opaque (drawn on white).
  const pixels = canvas.data();
  if (burn.length > 0) fillBoxes({ data: pixels, width, height, channels: 4 }, burn, { width: points.width, height: points.height });
  const raw = { raw: { width, height, channels: 4 } } as const;
  const [png, small] = await Promise.all([
    sharp(pixels, raw).removeAlpha().png({ compressionLevel: pngLevel }).toBuffer(),
    thumbnail ? sharp(pixels, raw).removeAlpha().resize({ width: thumbnail.width, withoutEnlargement: true }).png({ compressionLevel: thumbnail.pngLevel }).toBuffer() : undefined,
  ]);
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
