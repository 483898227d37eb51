import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../main/parse/parse-document.js";
import { DEFAULT_PARSE_LIMITS } from "../../../main/parse/protocol.js";
import { openPdf } from "../../../main/pdf/pdfjs-document.js";
import { fullPageScanImage } from "../../../main/pdf/scan-image.js";

const A4 = { width: 595.28, height: 841.89 };

/** A grey "scan" at `dpi` of an A4 page: every pixel a function of its position, a black bar for the eye. */
async function scanPixels(dpi: number): Promise<{ raw: Buffer; width: number; height: number }> {
  const width = Math.round((A4.width / 72) * dpi);
  const height = Math.round((A4.height / 72) * dpi);
  const raw = Buffer.alloc(width * height);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) raw[y * width + x] = y > 100 && y < 130 && x > 80 ? 0 : 200 + ((x * 7 + y * 3) % 55);
  return { raw, width, height };
}

async function imagePdf(options: { dpi: number; format: "png" | "jpeg"; text?: boolean; inset?: number }): Promise<{ pdf: Uint8Array; raw: Buffer; width: number; height: number }> {
  const { raw, width, height } = await scanPixels(options.dpi);
  const grey = sharp(raw, { raw: { width, height, channels: 1 } }).toColourspace("b-w");
  const document = await PDFDocument.create();
  const image = options.format === "png" ? await document.embedPng(await grey.png().toBuffer()) : await document.embedJpg(await grey.jpeg({ quality: 90 }).toBuffer());
  const page = document.addPage([A4.width, A4.height]);
  const inset = options.inset ?? 0;
  page.drawImage(image, { x: inset, y: inset, width: A4.width - 2 * inset, height: A4.height - 2 * inset });
  if (options.text) page.drawText("Facture 2024-001", { x: 50, y: 50, size: 12, font: await document.embedFont(StandardFonts.Helvetica) });
  return { pdf: await document.save(), raw, width, height };
}

async function scanOf(pdf: Uint8Array): ReturnType<typeof fullPageScanImage> {
  const open = await openPdf(pdf);
  try {
    return await fullPageScanImage(open, 1, 1);
  } finally {
    await open.close();
  }
}

describe("a scanned PDF page's own picture (fullPageScanImage)", () => {
  it("gives the embedded image's pixels and resolution, not a 300 dpi render", async () => {
    const { pdf, raw, width, height } = await imagePdf({ dpi: 200, format: "png" });
    const scan = await scanOf(pdf);
    expect(scan).not.toBeNull();
    expect(scan?.width).toBe(width);
    expect(scan?.height).toBe(height);
    expect(scan?.dpi).toBeCloseTo(200, 0);
    // A grey picture comes back as one grey channel (pdfjs decodes it to RGB), pixel for pixel.
    const metadata = await sharp(scan?.png).metadata();
    expect(metadata.channels).toBe(1);
    expect(metadata.density).toBeCloseTo(200, 0);
    expect((await sharp(scan?.png).extractChannel(0).raw().toBuffer()).equals(raw)).toBe(true);
  });

  it("reads a JPEG scan too", async () => {
    const { pdf, width } = await imagePdf({ dpi: 150, format: "jpeg" });
    const scan = await scanOf(pdf);
    expect(scan?.width).toBe(width);
    expect(scan?.dpi).toBeCloseTo(150, 0);
  });

  it("leaves a page with anything else on it, or an image not covering the page, to the render", async () => {
    expect(await scanOf((await imagePdf({ dpi: 100, format: "png", text: true })).pdf)).toBeNull();
    expect(await scanOf((await imagePdf({ dpi: 100, format: "png", inset: 40 })).pdf)).toBeNull();
  });

  it("is what the parse hands to the OCR for an image-only PDF page", async () => {
    const { pdf, width, height } = await imagePdf({ dpi: 200, format: "png" });
    const parsed = await parseDocument({ bytes: pdf }, "pdf", { ...DEFAULT_PARSE_LIMITS, viewDpi: null });
    expect(parsed.ocrPages).toHaveLength(1);
    expect(parsed.ocrPages[0]).toMatchObject({ page: 1, width, height });
    expect(parsed.ocrPages[0]?.dpi).toBeCloseTo(200, 0);
    // The page with text over the picture is rendered at the OCR resolution, as before.
    const withText = await parseDocument({ bytes: (await imagePdf({ dpi: 100, format: "png", text: true })).pdf }, "pdf", { ...DEFAULT_PARSE_LIMITS, viewDpi: null });
    expect(withText.textPages.length + withText.ocrPages.length).toBe(1);
  });
});
