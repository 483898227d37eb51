import sharp from "sharp";
import type { Word } from "../ingest/types.js";
import { paperColour } from "./preprocess.js";

/**
 * One region of a page image to read again (main/ingest/reread.ts): a line's box, read differently from the
 * page read: cropped, turned straight by the page's skew, upscaled, with its own page segmentation mode
 * (7: one line) and binarisation.
 */
export interface OcrRegionRequest {
  /** The region in the page image's pixels [x0, y0, x1, y1], margin included. */
  box: Word["bbox"];
  /** The page's skew (OcrPageText.skewDegrees): the crop is turned by -skew before it is read. */
  skewDegrees?: number;
  /**
   * Height (page pixels) of the straight band kept around the region's middle once turned: the line and its
   * margin, without the ends of the lines above and below that a turned crop brings in. Default: all of it.
   */
  bandHeight?: number;
  /** Upscale factor of the crop (lanczos3), 1-4. Default 2. */
  scale?: number;
  /** Tesseract page segmentation mode: 7 one line (default), 6 one block, 13 raw line. */
  psm?: "6" | "7" | "13";
  /**
   * How the crop becomes black and white: tesseract's own Otsu ("otsu", default), Sauvola's adaptive
   * threshold inside tesseract ("sauvola": faint or uneven strokes), or the crop's contrast stretched to the
   * full range first (sharp normalise) and then Otsu ("stretched"), or a 3x3 median filter on the upscaled
   * crop first ("median": a degraded scan's specks beside the strokes go, the strokes stay).
   */
  binarisation?: "otsu" | "sauvola" | "stretched" | "median";
  /** The page image's resolution when known (not handed to tesseract: see finish). */
  dpi?: number | null;
}

export interface PreparedRegion {
  image: Buffer;
  psm: string;
  /** tesseract's thresholding_method: 0 Otsu, 2 Sauvola. */
  thresholdingMethod: string;
  /** Maps a box on the prepared crop back to the page image's pixels. */
  toPage(bbox: Word["bbox"]): Word["bbox"];
}

/** The crop to hand to tesseract, or null when the region is (nearly) empty once clamped to the image. */
export async function prepareRegion(image: Buffer, region: OcrRegionRequest, maxPixels: number): Promise<PreparedRegion | null> {
  const metadata = await sharp(image, { limitInputPixels: maxPixels }).metadata();
  const left = Math.max(0, Math.floor(region.box[0]));
  const top = Math.max(0, Math.floor(region.box[1]));
  const right = Math.min(metadata.width, Math.ceil(region.box[2]));
  const bottom = Math.min(metadata.height, Math.ceil(region.box[3]));
  const width = right - left;
  const height = bottom - top;
  if (width < 4 || height < 4) return null;
  const scale = Math.min(4, Math.max(1, region.scale ?? 2));
  const skew = region.skewDegrees ?? 0;

  const crop = await sharp(image, { limitInputPixels: maxPixels }).extract({ left, top, width, height }).grayscale().raw().toBuffer({ resolveWithObject: true });
  // The crop, turned straight when the page is skewed (about its centre; the corners it gains get the paper's colour).
  let turned: { data: Buffer; width: number; height: number; channels: 1 | 2 | 3 | 4 } = { data: crop.data, width: crop.info.width, height: crop.info.height, channels: 1 };
  if (skew !== 0) {
    const paper = paperColour({ ...turned, channels: 1 });
    const rotated = await sharp(turned.data, { raw: { width: turned.width, height: turned.height, channels: 1 } })
      .rotate(-skew, { background: { r: paper.r, g: paper.r, b: paper.r } })
      .grayscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    turned = { data: rotated.data, width: rotated.info.width, height: rotated.info.height, channels: rotated.info.channels };
  }
  // The straight band around its middle, trimmed to the rows of the line's own ink.
  const cap = Math.min(turned.height, Math.max(4, Math.round(region.bandHeight ?? turned.height)));
  const middle = Math.floor((turned.height - cap) / 2);
  const [bandTop, bandBottom] = lineRows(turned, middle, middle + cap);
  let pixels = { data: turned.data, width: turned.width, height: turned.height };
  if (skew !== 0 || bandTop > 0 || bandBottom < turned.height) {
    const kept = await sharp(turned.data, { raw: { width: turned.width, height: turned.height, channels: turned.channels } })
      .extract({ left: 0, top: bandTop, width: turned.width, height: bandBottom - bandTop })
      .grayscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    pixels = { data: kept.data, width: kept.info.width, height: kept.info.height };
  }
  return finish(pixels, { left, top, width, height, skew, bandTop, turnedWidth: turned.width, turnedHeight: turned.height, scale, region });
}

/**
 * The rows of the line in the middle of a crop, within [from, to): from the inkiest row near the middle,
 * out to the first nearly blank row on each side (the gap between two lines), plus a few rows of paper.
 * The ends of the lines above and below, which a crop with margin takes in and which make tesseract's
 * one-line mode read nothing, stay out.
 */
export function lineRows(pixels: { data: Uint8Array; width: number; height: number; channels: number }, from: number, to: number): [number, number] {
  const { data, width, channels } = pixels;
  // Ink: darker than the paper (the most common level) by 40 % of the way to the ink's own level (the 2nd
  // percentile, not the darkest speck): faint grey text counts as ink too.
  const histogram = new Uint32Array(256);
  let samples = 0;
  for (let i = 0; i < data.length; i += channels * 3) {
    histogram[data[i] as number] = (histogram[data[i] as number] ?? 0) + 1;
    samples += 1;
  }
  const paper = histogram.reduce((best, count, level) => (count > (histogram[best] ?? 0) ? level : best), 255);
  let dark = 0;
  for (let level = 0, seen = 0; level < 256; level += 1) {
    seen += histogram[level] ?? 0;
    if (seen >= 0.02 * samples) {
      dark = level;
      break;
    }
  }
  const threshold = paper - 0.4 * Math.max(0, paper - dark);
  const ink: number[] = [];
  for (let row = from; row < to; row += 1) {
    let count = 0;
    for (let column = 0, offset = row * width * channels; column < width; column += 1, offset += channels) if ((data[offset] as number) < threshold) count += 1;
    ink.push(count);
  }
  const most = Math.max(1, ...ink);
  // The inkiest row within the middle third: the line's body.
  const third = Math.floor(ink.length / 3);
  let centre = third;
  for (let i = third; i < ink.length - third; i += 1) if ((ink[i] ?? 0) > (ink[centre] ?? 0)) centre = i;
  const blank = (i: number): boolean => (ink[i] ?? 0) <= 0.02 * most;
  let top = centre;
  while (top > 0 && !blank(top - 1)) top -= 1;
  let bottom = centre;
  while (bottom < ink.length - 1 && !blank(bottom + 1)) bottom += 1;
  // A few rows of paper each side (but never into the next line's ink).
  const pad = Math.max(2, Math.round((bottom - top) / 6));
  let padTop = 0;
  while (padTop < pad && top - 1 >= 0 && blank(top - 1)) {
    top -= 1;
    padTop += 1;
  }
  let padBottom = 0;
  while (padBottom < pad && bottom + 1 < ink.length && blank(bottom + 1)) {
    bottom += 1;
    padBottom += 1;
  }
  if (bottom - top < 4) return [from, to];
  return [from + top, from + bottom + 1];
}

interface Geometry {
  left: number;
  top: number;
  width: number;
  height: number;
  skew: number;
  bandTop: number;
  turnedWidth: number;
  turnedHeight: number;
  scale: number;
  region: OcrRegionRequest;
}

async function finish(pixels: { data: Buffer; width: number; height: number }, geometry: Geometry): Promise<PreparedRegion> {
  const { left, top, width, height, skew, bandTop, turnedWidth, turnedHeight, scale, region } = geometry;
  let pipeline = sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 1 } }).toColourspace("b-w");
  if (scale !== 1) pipeline = pipeline.resize({ width: Math.round(pixels.width * scale), height: Math.round(pixels.height * scale), kernel: "lanczos3" });
  if (region.binarisation === "stretched") pipeline = pipeline.normalise();
  if (region.binarisation === "median") pipeline = pipeline.median(3);
  // No density in the crop: with one (the page's times the scale) tesseract.js read nothing at all on some
  // crops it reads without (a 2.3 deg degraded IBAN line of seed 77 at 400 dpi).
  const { data, info } = await pipeline.png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
  const scaleX = info.width / pixels.width;
  const scaleY = info.height / pixels.height;
  // The rotation applied was -skew degrees (sharp: clockwise positive), about the crop's centre.
  const radians = (-skew * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const toPage = (bbox: Word["bbox"]): Word["bbox"] => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [px, py] of [[bbox[0], bbox[1]], [bbox[2], bbox[1]], [bbox[0], bbox[3]], [bbox[2], bbox[3]]] as const) {
      const x = px / scaleX - turnedWidth / 2;
      const y = py / scaleY + bandTop - turnedHeight / 2;
      xs.push(x * cos + y * sin + width / 2 + left);
      ys.push(-x * sin + y * cos + height / 2 + top);
    }
    const round = (value: number): number => Math.round(value * 10) / 10;
    return [round(Math.max(left, Math.min(...xs))), round(Math.max(top, Math.min(...ys))), round(Math.min(left + width, Math.max(...xs))), round(Math.min(top + height, Math.max(...ys)))];
  };
  return { image: data, psm: region.psm ?? "7", thresholdingMethod: region.binarisation === "sauvola" ? "2" : "0", toPage };
}
