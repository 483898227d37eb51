import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeImage } from "../../../main/ocr/decode-image.js";
import { createOcrPool, type OcrPool } from "../../../main/ocr/pool.js";
import { DEFAULT_OCR_PREPROCESSING, paperColour, prepareForOcr } from "../../../main/ocr/preprocess.js";
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

  it("reads a dull grey scan turned straight again with the paper's colour in its corners when white corners left it empty", async () => {
    // A grey paper (contrast 0.65) turned 3 deg: with white corners tesseract's threshold falls between the
    // paper and the white and the page comes back with 0 words (measured; 9 such pages on seeds 1234 + 5151).
    const scan = await renderScan(await invoicePdf(), { dpi: DPI, degrade: "degraded", format: "jpeg", seed: 4, plan: { rotationDeg: 3, contrast: 0.65, dpi: DPI } });
    const image = scan.files[0];
    if (!image) throw new Error("no scan rendered");
    const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
    const paper = paperColour({ data, width: info.width, height: info.height, channels: info.channels });
    expect(paper.r).toBeGreaterThan(150);
    expect(paper.r).toBeLessThan(240); // grey, not white: the case the fill is for
    const result = await pool.recognize(image, { page: 1, dpi: DPI });
    expect(Math.abs(result.skewDegrees)).toBeGreaterThan(2);
    expect(result.words.length).toBeGreaterThan(20);
    expect(result.text).toContain("Papeterie Dupont");
    expect(result.text).toContain("1 234,56");
  });

  it("fills a turned page's corners with white or with the paper's colour, as asked", async () => {
    const scan = await renderScan(await invoicePdf(), { dpi: DPI, degrade: "degraded", format: "jpeg", seed: 4, plan: { rotationDeg: 3, contrast: 0.65, dpi: DPI } });
    const image = scan.files[0];
    if (!image) throw new Error("no scan rendered");
    const corner = async (cornerFill: "white" | "paper"): Promise<number> => {
      const prepared = await prepareForOcr(image, { ...DEFAULT_OCR_PREPROCESSING, cornerFill }, DPI, 50_000_000);
      expect(Math.abs(prepared.skewDegrees)).toBeGreaterThan(2);
      const { data } = await sharp(prepared.image).extract({ left: 0, top: 0, width: 4, height: 4 }).greyscale().raw().toBuffer({ resolveWithObject: true });
      return data[0] as number;
    };
    expect(await corner("white")).toBe(255);
    const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
    const paper = paperColour({ data, width: info.width, height: info.height, channels: info.channels });
    expect(Math.abs((await corner("paper")) - paper.r)).toBeLessThanOrEqual(2);
  });

  it("takes the most common value of each channel as the paper colour", () => {
    const width = 10;
    const height = 10;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i += 1) data.set(i % 10 === 0 ? [20, 20, 20] : [230, 225, 210], i * 3);
    expect(paperColour({ data, width, height, channels: 3 })).toEqual({ r: 230, g: 225, b: 210 });
    const grey = new Uint8Array(width * height).fill(200);
    grey.fill(0, 0, 30);
    expect(paperColour({ data: grey, width, height, channels: 1 })).toEqual({ r: 200, g: 200, b: 200 });
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
