import { createCanvas } from "@napi-rs/canvas";
import sharp from "sharp";
import { CoffreError } from "../errors.js";
import { checkedPage, describePdfjsError, type OpenPdf } from "../pdf/pdfjs-document.js";
import type { RenderedPage } from "../pdf/render.js";

/**
 * The parse worker's page render: main/pdf/render.ts's renderOpenPdfPage (same page checks, same pixel cap,
 * same white background, same pixels), but the PNG is written by sharp from the canvas's raw pixels
 * instead of @napi-rs/canvas's encoder, which costs ~6x more CPU for the same page (decision 005).
 * `pngLevel` is the zlib level: low for a page that is only read once (by the OCR), higher for a view kept.
 */
export const VIEW_PNG_LEVEL = 3;
export const OCR_PNG_LEVEL = 1;

export async function renderPageImage(pdf: OpenPdf, pageNumber: number, dpi: number, pngLevel: number): Promise<RenderedPage> {
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
  // RGBA, every pixel opaque (drawn on white): the same pixels as the canvas's own PNG.
  const png = await sharp(canvas.data(), { raw: { width, height, channels: 4 } }).png({ compressionLevel: pngLevel }).toBuffer();
  return { page: pageNumber, png, width, height, dpi: usedDpi };
}
