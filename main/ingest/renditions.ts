import sharp from "sharp";
import { fillBoxes as fillPixelBoxes, type Box } from "../parse/burn.js";

/**
 * Images for the viewer: each page as a PNG with the boxes of hidden values burned in (black, opaque —
 * the pixels underneath are gone), and a small thumbnail of the first page made from the masked image.
 * Each image is decoded once and encoded once: the boxes are filled in the decoded pixels, and the
 * thumbnail is made from those same pixels.
 */
export const VIEW_DPI = 110;
export const THUMBNAIL_WIDTH = 240;
/**
 * zlib level of the masked page PNGs. Level 3 writes a page at VIEW_DPI 15–35 % faster than sharp's
 * default 6 for 2–3 % more bytes (measured on the bench's born-digital pages; decision 005).
 */
export const PAGE_PNG_LEVEL = 3;
/**
 * zlib level of the thumbnail PNG. 6, not 9: on the bench's born-digital first pages (shrunk to 240 px)
 * level 9 took 8.2 CPU ms a thumbnail against 1.6 for level 6, for 11.5 KB against 14.1 (decision 009).
 */
export const THUMBNAIL_PNG_LEVEL = 6;

export type { Box };

/** Decoded pixels, 3 channels (RGB, opaque). */
interface Pixels {
  data: Buffer;
  width: number;
  height: number;
}

/** The source image, flattened on white (no alpha channel can keep the pixels under a box), optionally resized. */
async function decodeOpaque(image: Buffer, width: number | null): Promise<Pixels> {
  let pipeline = sharp(image);
  if (width !== null) pipeline = pipeline.resize({ width });
  const { data, info } = await pipeline.flatten({ background: "#ffffff" }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Fills the boxes (given in `pageSize` units, padded a little) with black, in place. */
function fillBoxes(pixels: Pixels, boxes: readonly Box[], pageSize: { width: number; height: number }): void {
  fillPixelBoxes({ ...pixels, channels: 3 }, boxes, pageSize);
}

const encodePng = (pixels: Pixels, level: number): Promise<Buffer> =>
  sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 3 } }).png({ compressionLevel: level }).toBuffer();

const thumbnailOf = (pixels: Pixels): Promise<Buffer> =>
  sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 3 } })
    .resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true })
    .png({ compressionLevel: THUMBNAIL_PNG_LEVEL })
    .toBuffer();

/** The page image with the boxes burned in: always an opaque PNG (RGB), whether or not there are boxes. */
export async function burnBoxes(image: Buffer, boxes: Box[], pageSize: { width: number; height: number }): Promise<Buffer> {
  const pixels = await decodeOpaque(image, null);
  fillBoxes(pixels, boxes, pageSize);
  return encodePng(pixels, PAGE_PNG_LEVEL);
}

export interface PageSource {
  page: number;
  /** The page as rendered or scanned (PNG). */
  png: Buffer;
  /** Resize to this width first (a scan kept at about VIEW_DPI), or keep the size (null). */
  width: number | null;
  /** The source has no transparency (the parse worker's own renders on white): kept as it is when nothing is burned. */
  opaque: boolean;
  /** The page's size in the units of its boxes (points for a text layer, the OCR image's pixels for a scan). */
  pageSize: { width: number; height: number };
  boxes: Box[];
}

/**
 * The masked renditions of a document: for each page one decode (resized if asked), its boxes filled, one
 * PNG encode — or the source PNG itself when nothing is to be burned on an opaque page at its size — and
 * the thumbnail of the first page from the masked pixels.
 */
export async function maskedRenditions(sources: readonly PageSource[], options: { thumbnail?: Buffer } = {}): Promise<{ pages: Map<number, Buffer>; thumbnail: Buffer | null }> {
  const pages = new Map<number, Buffer>();
  // Given: made by the parse worker from the first page's masked pixels (pipeline.ts maskedViews).
  let thumbnail: Buffer | null = options.thumbnail ?? null;
  const firstPage = Math.min(...sources.map((source) => source.page));
  for (const source of sources) {
    const wantsThumbnail = source.page === firstPage && !options.thumbnail;
    if (source.boxes.length === 0 && source.width === null && source.opaque) {
      pages.set(source.page, source.png);
      if (wantsThumbnail) thumbnail = await thumbnailOf(await decodeOpaque(source.png, null));
      continue;
    }
    const pixels = await decodeOpaque(source.png, source.width);
    fillBoxes(pixels, source.boxes, source.pageSize);
    pages.set(source.page, await encodePng(pixels, PAGE_PNG_LEVEL));
    if (wantsThumbnail) thumbnail = await thumbnailOf(pixels);
  }
  return { pages, thumbnail };
}
