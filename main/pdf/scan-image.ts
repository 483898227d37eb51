import sharp from "sharp";
import { checkedPage, loadPdfjs, type OpenPdf } from "./pdfjs-document.js";

/** A scanned page's own picture, as the OCR reads it: PNG at the image's resolution (density written). */
export interface ScanImage {
  png: Buffer;
  width: number;
  height: number;
  /** The image's resolution on the page (its pixels over the page's width in inches). */
  dpi: number;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  // m then n applied to a point: the PDF order (cm concatenates in front of the CTM).
  return [
    n[0] * m[0] + n[1] * m[2],
    n[0] * m[1] + n[1] * m[3],
    n[2] * m[0] + n[3] * m[2],
    n[2] * m[1] + n[3] * m[3],
    n[4] * m[0] + n[5] * m[2] + m[4],
    n[4] * m[1] + n[5] * m[3] + m[5],
  ];
}

interface PdfjsImage {
  width: number;
  height: number;
  kind: number;
  data: Uint8Array | Uint8ClampedArray;
}

function isPdfjsImage(value: unknown): value is PdfjsImage {
  if (typeof value !== "object" || value === null) return false;
  const image = value as Partial<PdfjsImage>;
  return typeof image.width === "number" && typeof image.height === "number" && typeof image.kind === "number" && (image.data instanceof Uint8Array || image.data instanceof Uint8ClampedArray);
}

/** pdfjs's ImageKind values (src/shared/util.js). */
const GRAYSCALE_1BPP = 1;
const RGB_24BPP = 2;
const RGBA_32BPP = 3;

/** Raw 8-bit pixels of a pdfjs image, or null when it has a real alpha channel (the render would blend it). */
function pixelsOf(image: PdfjsImage): { data: Buffer; channels: 1 | 3 } | null {
  const { width, height, kind } = image;
  const data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  if (kind === RGB_24BPP && data.length === width * height * 3) return { data, channels: 3 };
  if (kind === RGBA_32BPP && data.length === width * height * 4) {
    const rgb = Buffer.allocUnsafe(width * height * 3);
    for (let i = 0, j = 0; j < data.length; i += 3, j += 4) {
      if (data[j + 3] !== 255) return null;
      rgb[i] = data[j] as number;
      rgb[i + 1] = data[j + 1] as number;
      rgb[i + 2] = data[j + 2] as number;
    }
    return { data: rgb, channels: 3 };
  }
  if (kind === GRAYSCALE_1BPP) {
    // Rows padded to whole bytes; a set bit is white (pdfjs has applied the Decode array).
    const rowBytes = (width + 7) >> 3;
    if (data.length < rowBytes * height) return null;
    const grey = Buffer.allocUnsafe(width * height);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) grey[y * width + x] = ((data[y * rowBytes + (x >> 3)] as number) >> (7 - (x & 7))) & 1 ? 255 : 0;
    }
    return { data: grey, channels: 1 };
  }
  return null;
}

/** RGB pixels with R = G = B everywhere (a grey scan decoded by pdfjs as RGB) as one grey channel. */
function greyOf(data: Buffer): Buffer | null {
  for (let j = 0; j < data.length; j += 3 * 97) if (data[j] !== data[j + 1] || data[j] !== data[j + 2]) return null;
  const grey = Buffer.allocUnsafe(data.length / 3);
  for (let i = 0, j = 0; j < data.length; i += 1, j += 3) {
    const value = data[j] as number;
    if (value !== data[j + 1] || value !== data[j + 2]) return null;
    grey[i] = value;
  }
  return grey;
}

/**
 * The picture of a scanned PDF page, taken as it is instead of rendering the page: only when the page draws
 * nothing but one image, upright, covering the page (what scanners and image-to-PDF tools write), with square
 * pixels, opaque, of no more pixels than a render may have. Anything else (text, vector art, several images,
 * a rotated page, a soft mask, an alpha channel) gives null: the caller renders the page as before.
 * The render at 300 dpi resampled that picture (pdfjs's canvas smoothing) and encoded 300 dpi of pixels;
 * this hands over the image's own pixels and resolution, and prepareForOcr upscales a low one itself, as it
 * does for a scanned image file.
 * Measured 2026-12-02 (loaded machine, load 9-20 on 2 cores; before/after in two frozen copies of one tree,
 * run side by side): the 8 scanned pages of bench:ingest's mixed batch, CPU a page 136-489 ms instead of
 * 307-637 ms for the render (pdfjs still decodes the JPEG; the canvas draw at 300 dpi and the bigger PNG go).
 * bench:accuracy --kinds scan-pdf,mixed-pdf, degraded scan-pdf overall / mean OCR confidence, before -> after:
 * seed 1234 88.5 / 85.1 -> 89.0 / 85.3, seed 2468 86.5 / 82.6 -> 86.0 / 82.7, seed 3579 83.5 / 80.9 -> 87.3 /
 * 81.2; mixed-pdf 100 in all. Upscaling the picture to 300 dpi here instead (lanczos3, no density, as the
 * render gave tesseract): 1234 86.9 / 85.1, 2468 86.5 / 82.2, worse than letting prepareForOcr do it.
 * Report seed 90210, run once as a final check (its failures not looked at): 85.4 / 82.8 -> 88.1 / 84.1.
 * bench:ingest --parts mixed (6 born-digital + 6 scanned PDFs, 15 pages), alternated before / after / before /
 * after, load 8-14: the importing process's CPU 28.2, 22.9, 28.5, 29.1 s (not conclusive on that load: the
 * saving, ~0.15-0.3 s a scanned page, is within the runs' spread); wall 66.3, 55.1, 41.6, 28.4 s; ocrmypdf
 * took 103-620 s on that load, so the ratio then means nothing.
 */
export async function fullPageScanImage(pdf: OpenPdf, pageNumber: number, pngLevel: number): Promise<ScanImage | null> {
  const { OPS } = await loadPdfjs();
  const { page } = await checkedPage(pdf, pageNumber);
  try {
    if (page.rotate % 360 !== 0) return null;
    const operators = await page.getOperatorList();
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const stack: Matrix[] = [];
    let drawn: { id: string; ctm: Matrix } | null = null;
    for (const [index, op] of operators.fnArray.entries()) {
      const args = operators.argsArray[index] as unknown[] | null;
      if (op === OPS.save) stack.push(ctm);
      else if (op === OPS.restore) ctm = stack.pop() ?? ctm;
      else if (op === OPS.transform) {
        const m = (args ?? []) as number[];
        if (m.length !== 6 || !m.every(Number.isFinite)) return null;
        ctm = multiply(ctm, m as Matrix);
      } else if (op === OPS.dependency) continue;
      else if (op === OPS.paintImageXObject) {
        if (drawn !== null || typeof args?.[0] !== "string") return null;
        drawn = { id: args[0], ctm };
      } else return null;
    }
    if (drawn === null) return null;
    const [a, b, c, d, e, f] = drawn.ctm;
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const pageWidth = x1 - x0;
    const pageHeight = y1 - y0;
    // Upright, not mirrored, covering the page to within a point on each side.
    const tolerance = 1;
    if (Math.abs(b) > 1e-6 * Math.abs(a) || Math.abs(c) > 1e-6 * Math.abs(d) || a <= 0 || d <= 0) return null;
    if (Math.abs(e - x0) > tolerance || Math.abs(f - y0) > tolerance || Math.abs(a - pageWidth) > tolerance || Math.abs(d - pageHeight) > tolerance) return null;
    const id = drawn.id;
    const store = id.startsWith("g_") ? page.commonObjs : page.objs;
    const image: unknown = await new Promise((resolve) => store.get(id, resolve));
    if (!isPdfjsImage(image)) return null;
    const { width, height } = image;
    if (width < 1 || height < 1 || width * height > pdf.limits.maxRenderPixels) return null;
    const dpiX = (width * 72) / a;
    const dpiY = (height * 72) / d;
    if (Math.abs(dpiX - dpiY) > 0.02 * dpiX) return null;
    const pixels = pixelsOf(image);
    if (pixels === null) return null;
    const grey = pixels.channels === 3 ? greyOf(pixels.data) : null;
    const raw = grey ? { data: grey, channels: 1 as const } : pixels;
    const dpi = Math.round(dpiX * 10) / 10;
    let pipeline = sharp(raw.data, { raw: { width, height, channels: raw.channels } });
    if (raw.channels === 1) pipeline = pipeline.toColourspace("b-w");
    const png = await pipeline.withDensity(dpi).png({ compressionLevel: pngLevel }).toBuffer();
    return { png, width, height, dpi };
  } finally {
    page.cleanup();
  }
}
