import sharp, { type Metadata } from "sharp";
import { CoffreError } from "../errors.js";

export interface ImageLimits {
  maxBytes: number;
  /** Most pixels of one page, checked from the file header before anything is decoded. */
  maxPixelsPerPage: number;
  /** Most pages of a multi-page TIFF. */
  maxPages: number;
}

export const DEFAULT_IMAGE_LIMITS: Readonly<ImageLimits> = Object.freeze({
  maxBytes: 100 * 1024 * 1024,
  // An A4 page at 600 dpi is 34.8 MP, an A3 at 400 dpi 31 MP.
  maxPixelsPerPage: 50_000_000,
  maxPages: 300,
});

export type ImageFormat = "png" | "jpeg" | "tiff";

export interface DecodedPage {
  /** 1-based */
  page: number;
  /** The page as PNG, upright (EXIF orientation applied). */
  png: Buffer;
  width: number;
  height: number;
  /** Resolution written in the file, if any. */
  dpi: number | null;
}

export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return "png";
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "jpeg";
  if ((b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0x00) || (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0x00 && b(3) === 0x2a)) return "tiff";
  return null;
}

async function headerOf(bytes: Uint8Array, page: number): Promise<Metadata> {
  try {
    // metadata() reads the header only; nothing is decoded yet.
    return await sharp(bytes, { page, limitInputPixels: false }).metadata();
  } catch (error) {
    throw new CoffreError("BAD_INPUT", `corrupt image: ${error instanceof Error ? error.message.split("\n")[0] : "unreadable header"}`, { cause: error });
  }
}

/**
 * Decodes an untrusted PNG, JPEG or (multi-page) TIFF into upright PNG pages. Every page's dimensions are
 * read from its header and checked against `maxPixelsPerPage` before any pixel is decoded, and sharp is
 * given the same cap (`limitInputPixels`) as a second guard. Throws `CoffreError("BAD_INPUT", reason)`.
 */
export async function decodeImage(bytes: Uint8Array, overrides: Partial<ImageLimits> = {}): Promise<DecodedPage[]> {
  const limits = { ...DEFAULT_IMAGE_LIMITS, ...overrides };
  if (bytes.byteLength === 0) throw new CoffreError("BAD_INPUT", "not an image: the file is empty");
  const format = sniffImageFormat(bytes);
  if (format === null) throw new CoffreError("BAD_INPUT", "not an image: only PNG, JPEG and TIFF are accepted");
  if (bytes.byteLength > limits.maxBytes) throw new CoffreError("BAD_INPUT", `the image is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB`);
  const first = await headerOf(bytes, 0);
  const pageCount = format === "tiff" ? (first.pages ?? 1) : 1;
  if (pageCount > limits.maxPages) throw new CoffreError("BAD_INPUT", `the image has ${pageCount} pages, more than the limit of ${limits.maxPages}`);
  const headers = [first];
  for (let page = 1; page < pageCount; page += 1) headers.push(await headerOf(bytes, page));
  headers.forEach((header, index) => {
    if (!(header.width > 0 && header.height > 0)) throw new CoffreError("BAD_INPUT", `corrupt image: page ${index + 1} has no size`);
    if (header.width * header.height > limits.maxPixelsPerPage) {
      throw new CoffreError(
        "BAD_INPUT",
        `the image is ${header.width} x ${header.height} pixels${pageCount > 1 ? ` (page ${index + 1})` : ""}, more than the limit of ${Math.round(limits.maxPixelsPerPage / 1e6)} megapixels`,
      );
    }
  });
  const pages: DecodedPage[] = [];
  for (const [index, header] of headers.entries()) {
    try {
      const { data, info } = await sharp(bytes, { page: index, limitInputPixels: limits.maxPixelsPerPage, failOn: "error" })
        .autoOrient()
        .png({ compressionLevel: 3 })
        .toBuffer({ resolveWithObject: true });
      pages.push({ page: index + 1, png: data, width: info.width, height: info.height, dpi: header.density ?? null });
    } catch (error) {
      throw new CoffreError("BAD_INPUT", `corrupt image: ${error instanceof Error ? error.message.split("\n")[0] : "cannot decode"}`, { cause: error });
    }
  }
  return pages;
}
