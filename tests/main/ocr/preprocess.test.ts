import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeImage } from "../../../main/ocr/decode-image.js";
import { createOcrPool, type OcrPool } from "../../../main/ocr/pool.js";
import { DEFAULT_OCR_PREPROCESSING } from "../../../main/ocr/preprocess.js";
import { renderScan } from "../../fixtures/generator/index.js";
import { invoicePdf } from "../pdf/sample-pdfs.js";

const DPI = 200;
const FIELDS = ["FA-2024-0042", "Papeterie", "15/03/2024", "1 028,80", "205,76", "1 234,56"];

describe("OCR preprocessing of scans (default settings)", () => {
  let pool: OcrPool;
  beforeAll(() => {
    pool = createOcrPool({ size: 1 });
  });
  afterAll(() => pool.terminate());

  it("deskews by default, and reads every field of the generator's degraded scan of the sample invoice", async () => {
    expect(DEFAULT_OCR_PREPROCESSING.deskew).toBe(true);
    // Seed 4 of the generator (specks, blur, JPEG, turned ~1-3 deg): without deskew tesseract loses "1 028,80" (measured).
    const scan = await renderScan(await invoicePdf(), { dpi: DPI, degrade: "degraded", format: "jpeg", seed: 4 });
    const image = scan.files[0];
    if (!image) throw new Error("no scan rendered");
    const result = await pool.recognize(image, { page: 1, dpi: DPI });
    expect(Math.abs(result.skewDegrees)).toBeGreaterThan(0.3);
    for (const expected of FIELDS) expect(result.text).toContain(expected);
  });

  it("reads a deskewed page of a degraded multi-page TIFF (grey + alpha) instead of a blank page", async () => {
    // The generator's multi-page TIFFs decode with an alpha channel; rotating that with sharp gave
    // tesseract a blank page (0 words) until the alpha channel was dropped first.
    const scan = await renderScan(await invoicePdf({ pages: 2 }), { dpi: DPI, degrade: "degraded", format: "tiff", seed: 4 });
    const tiff = scan.files[0];
    if (!tiff) throw new Error("no scan rendered");
    const [first] = await decodeImage(tiff);
    if (!first) throw new Error("no page decoded");
    expect((await sharp(first.png).metadata()).hasAlpha).toBe(true);
    const result = await pool.recognize(first.png, { page: 1, dpi: first.dpi });
    expect(Math.abs(result.skewDegrees)).toBeGreaterThan(0.3);
    expect(result.text).toContain("FA-2024-0042");
    expect(result.text).toContain("1 234,56");
  });
});
