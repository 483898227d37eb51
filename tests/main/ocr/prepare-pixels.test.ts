import sharp, { type Sharp } from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { estimateSkewDegrees, estimateSkewDegreesExhaustive } from "../../../main/ocr/deskew.js";
import { DEFAULT_OCR_PREPROCESSING, prepareForOcr } from "../../../main/ocr/preprocess.js";
import { renderPdfPage } from "../../../main/pdf/render.js";
import { invoicePdf } from "../pdf/sample-pdfs.js";

/** Pixels as [width, height, channels, bytes] for comparisons. */
async function rawOf(image: Buffer | Sharp): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await (Buffer.isBuffer(image) ? sharp(image) : image).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** The first channel of an image whose channels must all be equal (fails otherwise). */
function onlyChannel(pixels: { data: Buffer; channels: number }): Buffer {
  const out = Buffer.alloc(pixels.data.length / pixels.channels);
  for (let i = 0, j = 0; i < out.length; i += 1, j += pixels.channels) {
    const value = pixels.data[j] ?? -1;
    for (let c = 1; c < Math.min(3, pixels.channels); c += 1) if (pixels.data[j + c] !== value) throw new Error(`channel ${c} differs at pixel ${i}`);
    out[i] = value;
  }
  return out;
}

describe("prepareForOcr pixels (no tesseract)", () => {
  // An RGB render of a grey page, as the PDF renderer gives it, at 200 dpi.
  let page: Buffer;
  beforeAll(async () => {
    page = await renderPdfPage(await invoicePdf(), 1, 200);
  });

  it("hands a grey-valued RGB page over as one grey channel with the very same values, density kept", async () => {
    const turned = await sharp(page).rotate(2, { background: "#ffffff" }).removeAlpha().withDensity(200).png().toBuffer();
    const prepared = await prepareForOcr(turned, { ...DEFAULT_OCR_PREPROCESSING, upscaleToDpi: null }, 200, 50_000_000);
    expect(prepared.skewDegrees).toBeCloseTo(2, 0);
    const meta = await sharp(prepared.image).metadata();
    expect(meta.channels).toBe(1);
    expect(Math.round(meta.density ?? 0)).toBe(200);
    // The same rotation sharp does on the three RGB channels.
    const expected = await rawOf(sharp(turned).rotate(-prepared.skewDegrees, { background: "#ffffff" }));
    const got = await rawOf(prepared.image);
    expect([got.width, got.height]).toEqual([expected.width, expected.height]);
    expect(onlyChannel(got).equals(onlyChannel(expected))).toBe(true);
  });

  it("upscales from the decoded pixels exactly as from a PNG of them", async () => {
    const straight = await sharp(page).removeAlpha().withDensity(200).png().toBuffer();
    const prepared = await prepareForOcr(straight, { ...DEFAULT_OCR_PREPROCESSING, deskew: false, upscaleToDpi: 300, upscaleBelowDpi: 240 }, 200, 50_000_000);
    expect(prepared.scale).toBe(1.5);
    const { width } = await sharp(straight).metadata();
    const expected = await rawOf(sharp(straight).resize({ width: Math.round(width * 1.5), kernel: "lanczos3" }));
    const got = await rawOf(prepared.image);
    expect([got.width, got.height]).toEqual([expected.width, expected.height]);
    expect(onlyChannel(got).equals(onlyChannel(expected))).toBe(true);
  });

  it("upscales only under upscaleBelowDpi", async () => {
    const straight = await sharp(page).removeAlpha().png().toBuffer();
    const options = { ...DEFAULT_OCR_PREPROCESSING, deskew: false, upscaleToDpi: 300 };
    expect((await prepareForOcr(straight, { ...options, upscaleBelowDpi: 240 }, 200, 50_000_000)).scale).toBe(1.5);
    const untouched = await prepareForOcr(straight, { ...options, upscaleBelowDpi: 150 }, 200, 50_000_000);
    expect(untouched.scale).toBe(1);
    expect(untouched.image).toBe(straight);
  });

  it("gives tesseract the given file when a straight colour page needs nothing", async () => {
    const colour = await sharp(page).removeAlpha().tint("#3050a0").png().toBuffer();
    const prepared = await prepareForOcr(colour, { ...DEFAULT_OCR_PREPROCESSING, upscaleToDpi: null }, 200, 50_000_000);
    expect(prepared.skewDegrees).toBe(0);
    expect(prepared.image).toBe(colour);
  });

  it("hands a straight page with an opaque alpha channel (an RGBA render, a screenshot) over without it, same grey values", async () => {
    // The PDF renderer now writes opaque RGB; an RGBA page with alpha 255 everywhere still comes from elsewhere.
    const withAlpha = await sharp(page).ensureAlpha(1).png().toBuffer();
    expect((await sharp(withAlpha).metadata()).hasAlpha).toBe(true);
    const prepared = await prepareForOcr(withAlpha, { ...DEFAULT_OCR_PREPROCESSING, upscaleToDpi: null }, 200, 50_000_000);
    expect(prepared.skewDegrees).toBe(0);
    expect(await sharp(prepared.image).metadata()).toMatchObject({ channels: 1, hasAlpha: false });
    expect(onlyChannel(await rawOf(prepared.image)).equals(onlyChannel(await rawOf(sharp(page).removeAlpha())))).toBe(true);
  });

  it("leaves a straight page with a real alpha channel to tesseract as it is (tesseract blends it on white)", async () => {
    // Grey + alpha with alpha = ink, as the generator's multi-page TIFFs decode.
    const grey = await sharp(page).removeAlpha().extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const raw = { width: grey.info.width, height: grey.info.height, channels: 1 } as const;
    const greyAlpha = await sharp(grey.data, { raw }).joinChannel(grey.data, { raw }).png().toBuffer();
    expect((await sharp(greyAlpha).metadata()).hasAlpha).toBe(true);
    const prepared = await prepareForOcr(greyAlpha, { ...DEFAULT_OCR_PREPROCESSING, upscaleToDpi: null }, 200, 50_000_000);
    expect(prepared.image).toBe(greyAlpha);
  });
});

describe("estimateSkewDegrees, coarse to fine", () => {
  it("finds the exhaustive search's angle on turned pages", async () => {
    const png = await renderPdfPage(await invoicePdf(), 1, 100);
    for (const degrees of [-4.3, -2.5, -0.7, 0, 0.4, 1.2, 3.1, 4.8]) {
      const { data, info } = await sharp(png).rotate(degrees, { background: "#ffffff" }).grayscale().raw().toBuffer({ resolveWithObject: true });
      const image = { data, width: info.width, height: info.height };
      const fast = estimateSkewDegrees(image);
      expect(fast).toBe(estimateSkewDegreesExhaustive(image));
      expect(Math.abs(fast - degrees)).toBeLessThan(0.35);
    }
  });
});
