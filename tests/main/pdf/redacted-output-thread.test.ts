import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildRedactedPdfNonBlocking, buildRedactedPdfOffThread } from "../../../main/pdf/redacted-output-thread.js";

const page = async (width: number, height: number) => ({
  image: await sharp({ create: { width, height, channels: 3, background: "#ffffff" } }).png().toBuffer(),
  width,
  height,
  unit: "pixels" as const,
  words: [{ text: "Total", bbox: [10, 10, 60, 30] as [number, number, number, number], confidence: 95 }],
});

describe("redacted PDF built without blocking the caller", () => {
  it("gives a PDF with one page an input and leaves the caller's images usable", async () => {
    const inputs = [await page(400, 566), await page(300, 424)];
    const before = inputs.map((input) => input.image.length);
    for (const build of [buildRedactedPdfNonBlocking, buildRedactedPdfOffThread]) {
      const pdf = await build(inputs);
      const document = await PDFDocument.load(pdf);
      expect(document.getPageCount()).toBe(2);
    }
    const withAlpha = { ...(await page(200, 200)), image: await sharp({ create: { width: 200, height: 200, channels: 4, background: "#ffffff80" } }).png().toBuffer() };
    const pdf = await buildRedactedPdfNonBlocking([...inputs, withAlpha]); // through the thread: not an opaque PNG
    const document = await PDFDocument.load(pdf);
    expect(document.getPageCount()).toBe(3);
    expect(document.getPage(1).getWidth()).toBeCloseTo(595.28, 1);
    expect(inputs.map((input) => input.image.length)).toEqual(before);
    expect((await sharp(inputs[0]?.image).metadata()).width).toBe(400);
  });

  it("refuses an image that is not a PNG with a one-line error", async () => {
    const bad = { ...(await page(100, 100)), image: Buffer.from("not an image at all") };
    await expect(buildRedactedPdfNonBlocking([bad])).rejects.toThrow(/^the redacted PDF could not be built: [^\n]+$/);
  });
});
