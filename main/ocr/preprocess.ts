import sharp from "sharp";
import type { Word } from "../ingest/types.js";
import { estimateSkewDegrees } from "./deskew.js";
import { removeSpecks } from "./despeckle.js";

/**
 * Image clean-up before OCR. Each step can be switched off, so a benchmark can keep only what measurably
 * helps. Word boxes are always mapped back to the pixels of the image that was given, whatever was done.
 */
export interface OcrPreprocessing {
  grayscale: boolean;
  /** Stretch contrast to the full range (sharp `normalise`): helps grey or faded scans. */
  normalize: boolean;
  /** Upscale an image whose resolution is below 80 % of this many dpi to it (at most x4); null: never. */
  upscaleToDpi: number | null;
  /** Estimate the skew (projection profile, +-5 deg) and turn the page straight when over 0.3 deg. */
  deskew: boolean;
  /** Paint isolated small ink blobs (specks far from any other ink) white, on a greyscale copy. */
  despeckle: boolean;
}

/**
 * Defaults kept from a measurement (pool of 1, invoice page built in the test; confidence / ms a page):
 *  - 300 dpi render: none 93.9 / ~700 ms; grayscale 93.9 / ~1100; + deskew 93.9 / ~1900; + normalise 93.9 / ~2400.
 *  - 75 dpi scan turned 2 deg: none 87.9 / ~230; upscale 94.4 / ~1270; upscale + deskew 94.2 / ~1500.
 * Only upscaling paid for itself there; tesseract binarises and copes with 2 deg on its own on clean pages.
 *
 * Generated scans, `tests/bench/accuracy.ts --seed 1234 --kinds scan-clean,scan-degraded` (per-field exact
 * match, overall clean / degraded; the reporting seed 90210 was never run for this):
 *  - 20 docs: defaults before 97.1 / 81.7; deskew 97.1 / 84.6; despeckle 97.9 / 81.7; deskew + despeckle
 *    97.9 / 82.5; PSM 4 97.1 / 77.1; PSM 6 95.0 / 77.5; PSM 11 99.6 / 81.3 (invoice number on degraded
 *    65 -> 60); PSM 12 99.6 / 82.9; deskew + PSM 11 99.6 / 78.8; deskew + user_defined_dpi 96.3 / 82.1;
 *    deskew + upscale to 400 dpi 97.9 / 81.3.
 *  - 40 docs: before 97.1 / 82.1; deskew 97.1 / 81.0, because two multi-page TIFFs (grey + alpha) came
 *    out blank once rotated; deskew with the alpha channel dropped first (now) 97.9 / 84.8 (20 docs: 98.3 / 84.2).
 * Time: the skew estimate adds ~70 ms to a straight 300 dpi page, the rotation ~80-270 ms to a skewed
 * one (prepareForOcr alone). Whole OCR, pool of 1, variants interleaved on a shared loaded machine:
 * 8 pages 3964 -> 3874 ms/page, 10 pages 2143 -> 2512 ms/page; so between noise and +17 %.
 * Despeckle (+25 % time) and the PSM / parameter variants stay off: not proven.
 */
export const DEFAULT_OCR_PREPROCESSING: Readonly<OcrPreprocessing> = Object.freeze({
  grayscale: false,
  normalize: false,
  upscaleToDpi: 300,
  deskew: true,
  despeckle: false,
});

export const NO_PREPROCESSING: Readonly<OcrPreprocessing> = Object.freeze({ grayscale: false, normalize: false, upscaleToDpi: null, deskew: false, despeckle: false });

export interface PreparedImage {
  /** The image to hand to tesseract (PNG). */
  image: Buffer;
  width: number;
  height: number;
  skewDegrees: number;
  scale: number;
  /** Resolution of the prepared image: the given (or guessed) one times the scale. */
  dpi: number;
  /** Maps a box on the prepared image back to the given image's pixels. */
  toOriginal(bbox: Word["bbox"]): Word["bbox"];
}

/** A4 is 8.27 in wide: without a density in the file, assume the image's short side is one. */
const A4_SHORT_SIDE_INCHES = 8.27;

function plausibleDpi(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 50 && value <= 2400 ? value : null;
}

export async function prepareForOcr(input: Buffer, options: OcrPreprocessing, sourceDpi: number | null, maxPixels: number): Promise<PreparedImage> {
  const metadata = await sharp(input, { limitInputPixels: maxPixels }).metadata();
  const width = metadata.width;
  const height = metadata.height;
  const guessed = Math.min(width, height) / A4_SHORT_SIDE_INCHES;
  const stated = plausibleDpi(sourceDpi) ?? plausibleDpi(metadata.density);
  // A stated density that would make the page wider than A3 is a default (72 dpi for a PNG without a pHYs
  // chunk), not a measurement: trust the A4 guess instead.
  const dpi = stated !== null && Math.min(width, height) / stated <= 12 ? stated : guessed;
  const target = options.upscaleToDpi;
  // Never beyond 4x, nor beyond ~12 Mpx (tesseract's memory grows with the pixels, not the text).
  const pixelCap = Math.sqrt(12_000_000 / Math.max(1, width * height));
  const scale = target !== null && dpi < 0.8 * target ? Math.max(1, Math.min(target / dpi, 4, pixelCap)) : 1;

  let skewDegrees = 0;
  if (options.deskew) {
    const small = await sharp(input, { limitInputPixels: maxPixels })
      .grayscale()
      .resize({ width: Math.min(1000, width) })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const estimate = estimateSkewDegrees({ data: small.data, width: small.info.width, height: small.info.height });
    if (Math.abs(estimate) >= 0.3) skewDegrees = estimate;
  }

  if (skewDegrees === 0 && scale === 1 && !options.grayscale && !options.normalize && !options.despeckle) {
    return { image: input, width, height, skewDegrees, scale, dpi, toOriginal: (bbox) => [...bbox] };
  }
  let pipeline = sharp(input, { limitInputPixels: maxPixels });
  // Tesseract ignores an alpha channel; sharp's rotate and resize do not (they premultiply by it), and a
  // page of a multi-page TIFF decoded as grey + alpha came out blank once deskewed. Drop it first, so
  // the pixels tesseract reads are the ones it would read without preprocessing.
  if (metadata.hasAlpha) pipeline = pipeline.removeAlpha();
  if (options.despeckle) {
    const grey = await pipeline.grayscale().raw().toBuffer({ resolveWithObject: true });
    // Blobs of up to ~0.6 mm square with no other ink within ~3.6 mm (colons and decimal commas of a
    // monospaced font stand up to ~3 mm from their neighbours and must stay).
    const maxArea = Math.max(9, Math.round((dpi / 200) ** 2 * 24));
    const margin = Math.max(8, Math.round(dpi / 7));
    removeSpecks({ data: grey.data, width: grey.info.width, height: grey.info.height }, maxArea, margin);
    pipeline = sharp(grey.data, { raw: { width: grey.info.width, height: grey.info.height, channels: 1 } });
  }
  // sharp turns clockwise for a positive angle; lines falling to the right (positive skew) go back anticlockwise.
  if (skewDegrees !== 0) pipeline = pipeline.rotate(-skewDegrees, { background: "#ffffff" });
  if (scale !== 1) pipeline = sharp(await pipeline.png({ compressionLevel: 1 }).toBuffer(), { limitInputPixels: false }).resize({ width: Math.round(width * scale), kernel: "lanczos3" });
  if (options.grayscale) pipeline = pipeline.grayscale();
  if (options.normalize) pipeline = pipeline.normalize();
  const { data, info } = await pipeline.png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });

  const radians = (-skewDegrees * Math.PI) / 180; // the rotation that was applied (clockwise positive)
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const rotatedWidth = width * Math.abs(cos) + height * Math.abs(sin);
  const outScale = info.width / rotatedWidth;
  const toOriginal = (bbox: Word["bbox"]): Word["bbox"] => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [px, py] of [[bbox[0], bbox[1]], [bbox[2], bbox[1]], [bbox[0], bbox[3]], [bbox[2], bbox[3]]] as const) {
      const x = (px - info.width / 2) / outScale;
      const y = (py - info.height / 2) / outScale;
      xs.push(x * cos + y * sin + width / 2);
      ys.push(-x * sin + y * cos + height / 2);
    }
    const clamp = (value: number, max: number): number => Math.round(Math.min(Math.max(value, 0), max) * 10) / 10;
    return [clamp(Math.min(...xs), width), clamp(Math.min(...ys), height), clamp(Math.max(...xs), width), clamp(Math.max(...ys), height)];
  };
  return { image: data, width, height, skewDegrees, scale, dpi: dpi * scale, toOriginal };
}
