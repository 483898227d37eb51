import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decodeImage } from "../../../main/ocr/decode-image.js";
import { hugeBlankPng } from "./huge-png.js";

const solid = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } });

describe("decodeImage", () => {
  it("decodes PNG and JPEG to one upright PNG page, keeping the written dpi", async () => {
    const png = await solid(300, 200, "#ff0000").withMetadata({ density: 200 }).png().toBuffer();
    const [page] = await decodeImage(png);
    expect(page).toMatchObject({ page: 1, width: 300, height: 200, dpi: 200 });
    // EXIF orientation 6 (turn 90 degrees clockwise to view): the page comes back upright, 200 x 300.
    const jpeg = await solid(300, 200, "#00ff00").withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const [upright] = await decodeImage(jpeg);
    expect([upright?.width, upright?.height]).toEqual([200, 300]);
    expect((await sharp(upright?.png).metadata()).format).toBe("png");
  });

  it("decodes every page of a multi-page TIFF", async () => {
    const first = await solid(200, 100, "#ff0000").png().toBuffer();
    const second = await solid(200, 100, "#0000ff").png().toBuffer();
    const tiff = await sharp([first, second], { join: { animated: true } }).tiff().toBuffer();
    const pages = await decodeImage(tiff);
    expect(pages.map((page) => page.page)).toEqual([1, 2]);
    const stats = await sharp(pages[1]?.png).stats();
    expect(stats.channels[2]?.mean).toBeGreaterThan(250); // the blue page
    await expect(decodeImage(tiff, { maxPages: 1 })).rejects.toThrow("the image has 2 pages, more than the limit of 1");
  });

  it("refuses a 20 000 x 20 000 PNG from its header, quickly and without decoding it", async () => {
    const bomb = hugeBlankPng(20_000, 20_000);
    expect(bomb.length).toBeLessThan(1_000_000);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    await expect(decodeImage(bomb)).rejects.toMatchObject({
      code: "BAD_INPUT",
      message: "the image is 20000 x 20000 pixels, more than the limit of 50 megapixels",
    });
    expect(performance.now() - started).toBeLessThan(500);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it("refuses empty, unknown and truncated files with a one-line reason", async () => {
    await expect(decodeImage(new Uint8Array(0))).rejects.toThrow("not an image: the file is empty");
    await expect(decodeImage(Buffer.from("GIF89a..."))).rejects.toThrow("not an image: only PNG, JPEG and TIFF are accepted");
    const png = await solid(400, 400, "#123456").png({ compressionLevel: 0 }).toBuffer();
    const error = await decodeImage(png.subarray(0, png.length / 2)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "BAD_INPUT" });
    expect((error as Error).message).toMatch(/^corrupt image: [^\n]+$/);
  });
});
