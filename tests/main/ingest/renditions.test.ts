import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { burnBoxes, maskedRenditions, THUMBNAIL_WIDTH, type PageSource } from "../../../main/ingest/renditions.js";

/** A page of mid-grey with a white band, as RGBA, optionally with transparent pixels (a scan with alpha). */
async function page(width: number, height: number, options: { transparent?: boolean } = {}): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 4);
  for (let index = 0; index < width * height; index += 1) {
    const y = Math.floor(index / width);
    const value = y > height / 2 ? 255 : 128;
    pixels.set([value, value, value, options.transparent && y < 10 ? 0 : 255], index * 4);
  }
  return sharp(pixels, { raw: { width, height, channels: 4 } }).png().toBuffer();
}

async function pixelAt(png: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return [...data.subarray(offset, offset + info.channels)];
}

describe("masked renditions", () => {
  it("burns each box black (padded), leaves the rest as it was, and makes the thumbnail from the masked pixels", async () => {
    const source = await page(400, 600);
    // Page in points 200 x 300: scale 2. A box over the top-left quarter.
    const box: [number, number, number, number] = [0, 0, 100, 150];
    const { pages, thumbnail } = await maskedRenditions([{ page: 1, png: source, width: null, opaque: true, pageSize: { width: 200, height: 300 }, boxes: [box] }]);
    const masked = pages.get(1);
    if (!masked || !thumbnail) throw new Error("no rendition");
    const meta = await sharp(masked).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(["png", 400, 600, false]);
    expect(await pixelAt(masked, 10, 10)).toEqual([0, 0, 0]);
    expect(await pixelAt(masked, 199, 299)).toEqual([0, 0, 0]);
    expect(await pixelAt(masked, 201, 301)).toEqual([0, 0, 0]); // the padding (2 px at this width)
    expect(await pixelAt(masked, 210, 10)).toEqual([128, 128, 128]);
    expect(await pixelAt(masked, 10, 400)).toEqual([255, 255, 255]);
    const thumb = await sharp(thumbnail).metadata();
    expect(thumb.width).toBe(THUMBNAIL_WIDTH);
    expect((await pixelAt(thumbnail, 5, 5)).slice(0, 3)).toEqual([0, 0, 0]);
    // The same as burnBoxes on the same image.
    expect(await sharp(await burnBoxes(source, [box], { width: 200, height: 300 })).raw().toBuffer()).toEqual(await sharp(masked).raw().toBuffer());
  });

  it("keeps an opaque page with nothing to burn as it is, and flattens a transparent one", async () => {
    const opaque = await page(200, 300);
    const transparent = await page(200, 300, { transparent: true });
    const sources: PageSource[] = [
      { page: 1, png: opaque, width: null, opaque: true, pageSize: { width: 200, height: 300 }, boxes: [] },
      { page: 2, png: transparent, width: null, opaque: false, pageSize: { width: 200, height: 300 }, boxes: [] },
    ];
    const { pages, thumbnail } = await maskedRenditions(sources);
    expect(pages.get(1)).toBe(opaque);
    const flattened = pages.get(2);
    if (!flattened) throw new Error("no page 2");
    expect((await sharp(flattened).metadata()).hasAlpha).toBe(false);
    expect(await pixelAt(flattened, 5, 5)).toEqual([255, 255, 255]); // transparent -> white, not what was under it
    expect((await sharp(thumbnail ?? Buffer.alloc(0)).metadata()).width).toBe(200); // never enlarged
  });

  it("resizes a scan to the viewer's width and burns its boxes, given in the scan's own pixels", async () => {
    const scan = await page(1200, 1800);
    const { pages } = await maskedRenditions([{ page: 1, png: scan, width: 400, opaque: false, pageSize: { width: 1200, height: 1800 }, boxes: [[600, 0, 1200, 300]] }]);
    const masked = pages.get(1);
    if (!masked) throw new Error("no rendition");
    expect((await sharp(masked).metadata()).width).toBe(400);
    expect(await pixelAt(masked, 300, 50)).toEqual([0, 0, 0]);
    expect(await pixelAt(masked, 100, 50)).toEqual([128, 128, 128]);
  });
});
