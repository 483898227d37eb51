import { PDFName, PDFRawStream, type PDFDocument, type PDFRef } from "pdf-lib";

/**
 * An opaque 8-bit PNG (grey or RGB, not interlaced) as a PDF image XObject without decoding it: the PNG's
 * IDAT data is already a zlib stream with PNG row filters, which PDF's FlateDecode reads as it is with
 * /Predictor 15 (PDF 32000-1, 7.4.4.4). pdf-lib's embedPng decodes the pixels in JavaScript and deflates
 * them again, hundreds of milliseconds a 200 dpi page on the calling thread; this copies bytes.
 * Returns null for any other PNG (alpha, palette, 16-bit, interlaced, damaged): the caller then embeds it
 * the slow way.
 */
export interface PngLayout {
  width: number;
  height: number;
  colors: 1 | 3;
  idat: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function readOpaquePng(png: Buffer): PngLayout | null {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) return null;
  let width = 0;
  let height = 0;
  let colors: 1 | 3 | null = null;
  const idat: Buffer[] = [];
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const start = offset + 8;
    if (start + length + 4 > png.length) return null;
    if (type === "IHDR") {
      if (length !== 13) return null;
      width = png.readUInt32BE(start);
      height = png.readUInt32BE(start + 4);
      const bitDepth = png[start + 8];
      const colorType = png[start + 9];
      const interlace = png[start + 12];
      if (bitDepth !== 8 || interlace !== 0 || (colorType !== 0 && colorType !== 2)) return null;
      colors = colorType === 0 ? 1 : 3;
    } else if (type === "tRNS") {
      return null; // a transparent colour key: not opaque
    } else if (type === "IDAT") {
      idat.push(png.subarray(start, start + length));
    } else if (type === "IEND") {
      break;
    }
    offset = start + length + 4;
  }
  if (colors === null || width === 0 || height === 0 || idat.length === 0) return null;
  return { width, height, colors, idat: Buffer.concat(idat) };
}

export function embedOpaquePng(document: PDFDocument, layout: PngLayout): PDFRef {
  const dict = document.context.obj({
    Type: "XObject",
    Subtype: "Image",
    Width: layout.width,
    Height: layout.height,
    ColorSpace: layout.colors === 1 ? "DeviceGray" : "DeviceRGB",
    BitsPerComponent: 8,
    Filter: "FlateDecode",
    DecodeParms: { Predictor: 15, Colors: layout.colors, BitsPerComponent: 8, Columns: layout.width },
  });
  dict.set(PDFName.of("Length"), document.context.obj(layout.idat.length));
  return document.context.register(PDFRawStream.of(dict, layout.idat));
}
