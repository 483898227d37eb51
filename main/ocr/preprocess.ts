import sharp, { type Metadata, type Sharp } from "sharp";
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
  /** Upscale an image whose resolution is below `upscaleBelowDpi` to this many dpi (at most x4); null: never. */
  upscaleToDpi: number | null;
  /** Resolution under which an image is upscaled to `upscaleToDpi`. */
  upscaleBelowDpi: number;
  /** Estimate the skew (projection profile, +-5 deg) and turn the page straight when over 0.3 deg. */
  deskew: boolean;
  /** Paint isolated small ink blobs (specks far from any other ink) white, on a greyscale copy. */
  despeckle: boolean;
  /**
   * What fills the corners a turned page gains: white, or the paper's own colour (paperColour). White reads
   * a little better on most degraded pages (seeds 1234 + 5151, 232 pages read both ways: mean word
   * confidence 0.5 higher, 132 texts identical), but on a dull grey scan white corners can make tesseract's
   * threshold fall between the paper and the white: the page reads as all ink and comes back with no word
   * at all (9 pages of those seeds, every one read with the paper's colour). The pool reads such a page again
   * with "paper" (main/ocr/pool.ts).
   */
  cornerFill: "white" | "paper";
  /**
   * Flatten the page's panels: where the local background (the lightest level around, ~6 mm) is darker than
   * the page's paper, pixels are scaled up to the paper's level, so a light grey or tinted panel takes the
   * paper's colour and its text stays dark; the page goes to one grey channel. Without it tesseract's global
   * threshold can fall between a light panel and the paper and drop every line of the panel (a sidebar's bank
   * block on clean scans). A page without panels is left as it is (see flattenedBackground). Off: on seed 77
   * it cost degraded phone, person and NIR recall (docs/sensitive-data.md, session of 2026-12-02 13:15).
   */
  flattenBackground: boolean;
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
 * Despeckle (+25 % time) and the PSM / parameter variants stay off: not proven.
 *
 * Time (2026-12-01, CPU ms of prepareForOcr per page, process CPU so other load matters little; the 12
 * bench:ingest pages, 300/240/200 dpi, 7 upscaled): the former code 342-349 ms, not ~70: sharp's
 * grayscale + resize of the full page for the skew copy ~130-240 ms (colour conversion of every pixel,
 * premultiplied for RGBA), the skew search ~25-40 ms (101 angles over every dark pixel, calling thread),
 * upscale as PNG -> decode -> lanczos3 -> PNG ~150-280 ms per 200 dpi page; and tesseract reads the
 * upscaled page's 2.25x pixels. Now 184 ms: decoded once to raw pixels and reused; a grey page in RGB
 * (R = G = B everywhere) handed over as one grey channel (tesseract's words, boxes and confidences
 * identical on 13 of 13 pages tried, ~10 % less tesseract time); the skew copy resized from those pixels;
 * the search coarse to fine (0.5 deg, then 0.1 around the best: 31 projections, ~9 ms). The pixels and
 * density tesseract gets are the former ones on all 108 pages of seed 1234's scans and the bench pages
 * (checked byte for byte, angles included), so accuracy is unchanged by construction.
 * Whole OCR of those 12 pages, former and new code interleaved in one process on a loaded shared machine
 * (load 6-10 on 2 cores, two rounds): pool of 1 0.46 / 0.33 -> 0.60 / 0.38 pages/s, pool of 2 0.48 / 0.33
 * -> 0.60 / 0.41; process CPU 1.49-1.72 -> 1.18-1.46 s a page (no preprocessing at all: 1.02-1.10); same
 * 1380 words. What is left over no preprocessing is mostly tesseract reading the upscaled 200 dpi pages.
 * bench:accuracy seed 1234, 40 docs, clean / degraded: 97.9 / 84.8 at 22:43 before, 99.2 / 92.9 at 00:20
 * after, mean OCR confidence 86.1 over the same 96 pages both times: the rise is main/classify's work.
 * Also measured and not kept: PNM to tesseract.js (leptonica reads it a byte at a time: slower than PNG),
 * uncompressed TIFF or PNG level 0 (bigger copies, not faster); a prepared PNG without the density
 * (tesseract then guesses one) together with the alpha change below: seed 1234 clean 97.9 -> 98.1,
 * degraded 89.2 -> 86.9; the alpha channel dropped before rotating instead of sharp's premultiplied
 * rotate (only grey + alpha TIFF pages change): clean 98.5 -> 99.0, degraded 91.7 -> 90.8, not proven;
 * no upscale at 200 dpi (upscaleBelowDpi 150): 106 instead of 184 ms, but clean 99.0 -> 98.8 and
 * degraded 90.8 -> 87.3 against the run with it, so the 200 dpi upscale pays for itself.
 * (A/B runs: all variants in one process, classified by the same code, 40 docs; the absolute numbers
 * moved between runs with main/classify work done meanwhile: bench:accuracy before it gave 97.9 / 84.8.)
 *
 * Speed candidates, 2026-12-02 (machine loaded by other work, load 4-20 on 2 cores: process CPU per page,
 * variants interleaved page by page in one process, one tesseract.js worker each; 12 pages = the first two
 * files of each kind of seed 1234's scan-clean + scan-degraded, PNG / JPEG / TIFF, 200-300 dpi). The
 * tesseract.js read of a prepared page is ~1.1 s CPU of the ~1.3-1.5 s a page costs; none of these was kept:
 *  - Languages: fra+eng 1.095 s; fra alone 0.786 (-28 %) but mean confidence 87.1 -> 84.9 and 9 of 12
 *    texts changed, worse on French degraded pages too ('Sous-total HT' -> 'Sous-total ur', 'EUR' -> 'ER',
 *    'TVA 20%' -> 'TVA2O#'): the English model's second reading of a doubtful line helps French lines, so a
 *    per-document language guess would lose the same. eng+fra costs the same as fra+eng (6 pages: 1.93 vs 1.89).
 *  - tessedit_do_invert=0: at worker creation (both languages) 1.080 s (-1 %), by setParameters 1.127; texts
 *    change on 6-8 of 12 pages, confidence -1.6 (creation). textord_tabfind_find_tables=0 1.082 (-1 %, 8 texts
 *    changed); textord_tabfind_vertical_text=0 and enable_noise_removal=0 the same CPU. The native CLI agrees
 *    (4 clean pages: fra+eng 4.27 s, do_invert=0 4.13, fra 4.09). Output as blocks, text or TSV: same CPU.
 *  - tesseract.js's relaxed-SIMD core (node --experimental-wasm-relaxed-simd; Electron 41 loads that core by
 *    itself): same texts on 6 of 6 pages, 1.74 vs 1.78 s (-2 %): not worth a V8 flag under Node.
 *  - Upscale target 250 dpi instead of 300 for pages under 240: 1.48 vs 1.55 s a page with preparation (-4 %),
 *    but bench:accuracy seed 1234 clean / degraded 99.2 / 94.2 -> 99.2 / 92.1 (same tree, run side by side).
 *    No deskew: no CPU gained (1.57 vs 1.55). No preparation at all: 1.375 (-11 %), known to read worse.
 * What was kept is on the PDF side: a scanned PDF page hands its own picture to the OCR instead of a 300 dpi
 * render (main/pdf/scan-image.ts); see there.
 */
export const DEFAULT_OCR_PREPROCESSING: Readonly<OcrPreprocessing> = Object.freeze({
  grayscale: false,
  normalize: false,
  upscaleToDpi: 300,
  upscaleBelowDpi: 240,
  deskew: true,
  despeckle: false,
  cornerFill: "white",
  flattenBackground: false,
});

export const NO_PREPROCESSING: Readonly<OcrPreprocessing> = Object.freeze({ grayscale: false, normalize: false, upscaleToDpi: null, upscaleBelowDpi: 0, deskew: false, despeckle: false, cornerFill: "white", flattenBackground: false });

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

interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

function fromRaw(pixels: RawPixels): Sharp {
  const pipeline = sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels }, limitInputPixels: false });
  // Without it sharp writes a one-channel image out as three identical channels.
  return pixels.channels === 1 ? pipeline.toColourspace("b-w") : pipeline;
}

async function toRaw(pipeline: Sharp): Promise<RawPixels> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/**
 * An RGB page whose every pixel has R = G = B (scanners' and the generator's grey pages, PDF renders of
 * them) as one grey channel, else null. Tesseract reads such a grey PNG exactly as the RGB one (same words,
 * boxes and confidences, measured) for ~10 % less work, and rotate / resize / encode do a third of it.
 */
async function greyOf(pixels: RawPixels): Promise<RawPixels | null> {
  if (pixels.channels !== 3) return null;
  const { data } = pixels;
  // A colour page shows itself within a few samples; a grey one is then checked whole, natively (sharp
  // splits the channels in libuv's pool, memcmp compares them), not in a loop on the calling thread.
  const stride = 3 * 97;
  for (let j = 0; j < data.length; j += stride) if (data[j] !== data[j + 1] || data[j] !== data[j + 2]) return null;
  const raw = { width: pixels.width, height: pixels.height, channels: 3 } as const;
  const [red, green, blue] = await Promise.all(([0, 1, 2] as const).map((channel) => sharp(data, { raw, limitInputPixels: false }).extractChannel(channel).raw().toBuffer()));
  if (!red || !green || !blue || !red.equals(green) || !red.equals(blue)) return null;
  return { data: red, width: pixels.width, height: pixels.height, channels: 1 };
}

interface Decoded {
  /** 8-bit grey or RGB, alpha channel dropped (not blended). */
  pixels: RawPixels;
  /** No alpha channel, or one that is 255 everywhere (PDF renders): dropping it changes nothing for tesseract. */
  opaque: boolean;
}

/**
 * The page decoded once, to 8-bit grey or RGB, the alpha channel dropped in its own step. Tesseract blends
 * an alpha channel on white; sharp's rotate and resize premultiply by it (even with removeAlpha in the same
 * pipeline: a page of a multi-page TIFF decoded as grey + alpha came out blank once deskewed until it was
 * dropped first). Where that matters (a real alpha channel) prepareForOcr keeps the former pixels.
 */
async function decodeOnce(input: Buffer, metadata: Metadata, maxPixels: number): Promise<Decoded> {
  let pipeline = sharp(input, { limitInputPixels: maxPixels });
  const plain = metadata.depth === "uchar" && (metadata.space === "srgb" || metadata.space === "b-w");
  // CMYK, 16-bit or other colour spaces: to 8-bit sRGB (or grey), as sharp would write a PNG.
  if (!plain) pipeline = pipeline.toColourspace(metadata.channels === 1 || metadata.channels === 2 ? "b-w" : "srgb");
  const decoded = await toRaw(pipeline);
  let pixels = decoded;
  let opaque = true;
  if (metadata.hasAlpha && (decoded.channels === 2 || decoded.channels === 4)) {
    const raw = { width: decoded.width, height: decoded.height, channels: decoded.channels };
    const alphaIndex = decoded.channels === 2 ? 1 : 3;
    const [alpha, colour] = await Promise.all([
      sharp(decoded.data, { raw, limitInputPixels: false }).extractChannel(alphaIndex).raw().toBuffer(),
      toRaw(sharp(decoded.data, { raw, limitInputPixels: false }).removeAlpha()),
    ]);
    opaque = alpha.equals(Buffer.alloc(alpha.length, 255));
    pixels = colour;
  }
  return { pixels: (await greyOf(pixels)) ?? pixels, opaque };
}

/**
 * The small greyscale copy the skew is estimated on (at most 1000 px wide): resized first, from the
 * decoded pixels, then turned grey (BT.601 luma) in JS. Same angle as the former full-size sharp
 * grayscale + resize on all 108 pages measured (see the table above), at a fraction of its time.
 */
async function smallGrey(pixels: RawPixels): Promise<{ data: Uint8Array; width: number; height: number }> {
  const small = await toRaw(fromRaw(pixels).resize({ width: Math.min(1000, pixels.width) }));
  if (small.channels === 1) return small;
  return { data: luma(small.data, small.width * small.height, small.channels), width: small.width, height: small.height };
}

/** One grey channel from interleaved pixels: BT.601 luma, rounded (grey + alpha: the grey channel). */
function luma(data: Uint8Array, pixelCount: number, channels: number): Uint8Array {
  const grey = new Uint8Array(pixelCount);
  for (let i = 0, j = 0; i < pixelCount; i += 1, j += channels) {
    grey[i] = channels < 3 ? (data[j] as number) : Math.round(((data[j] as number) * 299 + (data[j + 1] as number) * 587 + (data[j + 2] as number) * 114) / 1000);
  }
  return grey;
}

/**
 * The colour of the paper: the most common value of each channel over a sample of the page (what a
 * turned page's corners are filled with under cornerFill "paper").
 */
export function paperColour(pixels: { data: Uint8Array; width: number; height: number; channels: number }): { r: number; g: number; b: number } {
  const colourChannels = pixels.channels >= 3 ? 3 : 1;
  const histograms = Array.from({ length: colourChannels }, () => new Uint32Array(256));
  const count = pixels.width * pixels.height;
  const step = Math.max(1, Math.floor(count / 250_000));
  for (let index = 0; index < count; index += step) {
    const offset = index * pixels.channels;
    for (let channel = 0; channel < colourChannels; channel += 1) {
      const histogram = histograms[channel] as Uint32Array;
      const level = pixels.data[offset + channel] as number;
      histogram[level] = (histogram[level] ?? 0) + 1;
    }
  }
  const mode = (histogram: Uint32Array): number => histogram.reduce((best, value, level) => (value > (histogram[best] as number) ? level : best), 255);
  const [r, g = r, b = r] = histograms.map(mode) as [number, number?, number?];
  return { r, g, b };
}

/** Paper darker than this is no paper (a dark banner, a photo): left as it is by flattenedBackground. */
const FLAT_MIN_PAPER = 128;
/** Background this many levels darker than the page's paper is a panel; lighter is the paper itself. */
const FLAT_PANEL_MARGIN = 12;

/**
 * The page as one grey channel with its panels flattened (OcrPreprocessing.flattenBackground), or null when
 * it has none. The background is the lightest pixel of each block of ~2 mm, then the lightest of the 3x3
 * blocks around (a window a text line's letters never fill); the page's paper is the most common background.
 * Where the background is darker than the paper by more than FLAT_PANEL_MARGIN (a tinted sidebar, a grey
 * box) and lighter than FLAT_MIN_PAPER (not a dark banner with white text), pixels are scaled by paper /
 * background, the factors interpolated between block centres: the panel takes the paper's level and its
 * text stays dark. The paper itself is never touched: flattening a whole dull or uneven degraded page to
 * white (tried first) stretched its noise and lost ids and contacts on seed 77 (degraded bic recall 1.000 ->
 * 0.867, email 0.973 -> 0.892, phone 0.929 -> 0.857).
 */
export function flattenedBackground(pixels: { data: Uint8Array; width: number; height: number; channels: number }): { data: Buffer; width: number; height: number; channels: 1 } | null {
  const { data, width, height, channels } = pixels;
  return flattenGrey(channels === 1 ? data : luma(data, width * height, channels), width, height, channels !== 1);
}

function flattenGrey(grey: Uint8Array, width: number, height: number, converted: boolean): { data: Buffer; width: number; height: number; channels: 1 } | null {
  // ~2 mm blocks at the page's size (an A4 page's short side is 8.27 in), whatever the stated density.
  const block = Math.max(4, Math.round(Math.min(width, height) / A4_SHORT_SIDE_INCHES / 12));
  const blocksWide = Math.ceil(width / block);
  const blocksHigh = Math.ceil(height / block);
  const lightest = new Uint8Array(blocksWide * blocksHigh);
  for (let y = 0; y < height; y += 1) {
    const row = Math.floor(y / block) * blocksWide;
    for (let x = 0, offset = y * width; x < width; x += 1, offset += 1) {
      const level = grey[offset] as number;
      const index = row + Math.floor(x / block);
      if (level > (lightest[index] as number)) lightest[index] = level;
    }
  }
  const background = new Uint8Array(blocksWide * blocksHigh);
  const histogram = new Uint32Array(256);
  for (let by = 0; by < blocksHigh; by += 1) {
    for (let bx = 0; bx < blocksWide; bx += 1) {
      let level = 0;
      for (let y = Math.max(0, by - 1); y <= Math.min(blocksHigh - 1, by + 1); y += 1) {
        for (let x = Math.max(0, bx - 1); x <= Math.min(blocksWide - 1, bx + 1); x += 1) level = Math.max(level, lightest[y * blocksWide + x] as number);
      }
      background[by * blocksWide + bx] = level;
      histogram[level] = (histogram[level] as number) + 1;
    }
  }
  const paper = histogram.reduce((best, count, level) => (count > (histogram[best] as number) ? level : best), 255);
  const factor = new Float32Array(blocksWide * blocksHigh).fill(1);
  let panels = 0;
  for (let index = 0; index < background.length; index += 1) {
    const level = background[index] as number;
    if (level >= FLAT_MIN_PAPER && level < paper - FLAT_PANEL_MARGIN) {
      factor[index] = paper / level;
      panels += 1;
    }
  }
  if (panels === 0) return null;
  // Bilinear between block centres: column indexes and weights once, each row's factors once.
  const column0 = new Int32Array(width);
  const columnWeight = new Float32Array(width);
  for (let x = 0; x < width; x += 1) {
    const position = Math.min(Math.max((x + 0.5) / block - 0.5, 0), blocksWide - 1);
    column0[x] = Math.min(Math.floor(position), Math.max(0, blocksWide - 2));
    columnWeight[x] = position - (column0[x] as number);
  }
  const out = converted ? Buffer.from(grey.buffer, grey.byteOffset, grey.length) : Buffer.from(grey);
  const rowFactor = new Float32Array(blocksWide + 1);
  for (let y = 0; y < height; y += 1) {
    const position = Math.min(Math.max((y + 0.5) / block - 0.5, 0), blocksHigh - 1);
    const y0 = Math.min(Math.floor(position), Math.max(0, blocksHigh - 2));
    const y1 = Math.min(y0 + 1, blocksHigh - 1);
    const weight = position - y0;
    let any = false;
    for (let bx = 0; bx < blocksWide; bx += 1) {
      const value = (factor[y0 * blocksWide + bx] as number) * (1 - weight) + (factor[y1 * blocksWide + bx] as number) * weight;
      rowFactor[bx] = value;
      if (value !== 1) any = true;
    }
    if (!any) continue;
    rowFactor[blocksWide] = rowFactor[blocksWide - 1] as number;
    for (let x = 0, offset = y * width; x < width; x += 1, offset += 1) {
      const x0 = column0[x] as number;
      const w = columnWeight[x] as number;
      const scaled = (out[offset] as number) * ((rowFactor[x0] as number) * (1 - w) + (rowFactor[x0 + 1] as number) * w);
      out[offset] = scaled >= 254.5 ? 255 : scaled + 0.5;
    }
  }
  return { data: out, width, height, channels: 1 };
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
  const scale = target !== null && dpi < Math.min(options.upscaleBelowDpi, target) ? Math.max(1, Math.min(target / dpi, 4, pixelCap)) : 1;
  const unchanged = (): PreparedImage => ({ image: input, width, height, skewDegrees: 0, scale: 1, dpi, toOriginal: (bbox) => [...bbox] });

  const otherSteps = options.grayscale || options.normalize || options.despeckle || options.flattenBackground;
  if (!options.deskew && scale === 1 && !otherSteps) return unchanged();
  const { pixels: decoded, opaque } = await decodeOnce(input, metadata, maxPixels);

  let skewDegrees = 0;
  if (options.deskew) {
    const estimate = estimateSkewDegrees(await smallGrey(decoded));
    if (Math.abs(estimate) >= 0.3) skewDegrees = estimate;
  }
  const flattened = options.flattenBackground ? flattenedBackground(decoded) : null;
  const changes = options.grayscale || options.normalize || options.despeckle || flattened !== null;
  if (skewDegrees === 0 && scale === 1 && !changes) {
    // Nothing to change: tesseract reads the given file, unless it is a grey page in RGB(A) or has an
    // opaque alpha channel, which it reads the same once handed over as grey / without alpha, for less work.
    if (!opaque || (!metadata.hasAlpha && decoded.channels === metadata.channels)) return unchanged();
  }

  let pixels: RawPixels = flattened ?? decoded;
  if (options.despeckle) {
    const grey = await toRaw(fromRaw(pixels).grayscale());
    // Blobs of up to ~0.6 mm square with no other ink within ~3.6 mm (colons and decimal commas of a
    // monospaced font stand up to ~3 mm from their neighbours and must stay).
    const maxArea = Math.max(9, Math.round((dpi / 200) ** 2 * 24));
    const margin = Math.max(8, Math.round(dpi / 7));
    removeSpecks({ data: grey.data, width: grey.width, height: grey.height }, maxArea, margin);
    pixels = grey;
  }
  // sharp turns clockwise for a positive angle; lines falling to the right (positive skew) go back anticlockwise.
  if (skewDegrees !== 0) {
    const background = options.cornerFill === "paper" ? paperColour(pixels) : "#ffffff";
    if (!metadata.hasAlpha || options.despeckle || flattened) pixels = await toRaw(fromRaw(pixels).rotate(-skewDegrees, { background }));
    else {
      // The former pipeline, kept for its pixels: removeAlpha and rotate together (premultiplied by alpha).
      // Turning the alpha-free pixels instead read the generator's grey + alpha TIFFs worse (seed 1234).
      let turned = sharp(input, { limitInputPixels: maxPixels }).removeAlpha().rotate(-skewDegrees, { background });
      if (!(metadata.depth === "uchar" && (metadata.space === "srgb" || metadata.space === "b-w"))) turned = turned.toColourspace(metadata.channels === 2 ? "b-w" : "srgb");
      const rotated = await toRaw(turned);
      pixels = (await greyOf(rotated)) ?? rotated;
    }
  }
  let pipeline = fromRaw(pixels);
  if (scale !== 1) pipeline = pipeline.resize({ width: Math.round(width * scale), kernel: "lanczos3" });
  if (options.grayscale) pipeline = pipeline.grayscale();
  if (options.normalize) pipeline = pipeline.normalize();
  // PNG at zlib level 1: of PNG 0/1/6, PNM and uncompressed TIFF, the cheapest encode + tesseract.js read
  // (measured; leptonica reads PNM a byte at a time, and big buffers cost their copies to the worker).
  // The given file's density, as sharp kept it when it worked from that file (even once upscaled): tesseract
  // reads it for its layout analysis, and estimates one itself without it (measured worse on degraded scans).
  if (metadata.density !== undefined) pipeline = pipeline.withDensity(metadata.density);
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
