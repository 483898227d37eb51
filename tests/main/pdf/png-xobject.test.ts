import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { readOpaquePng } from "../../../main/pdf/png-xobject.js";
import { buildRedactedPdf } from "../../../main/pdf/redacted-output.js";

const dir = mkdtempSync(join(tmpdir(), "coffre-png-xobject-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A page-like image with every row different (so each PNG row filter gets used) and a black box. */
async function testImage(channels: 1 | 3, alpha = false): Promise<{ png: Buffer; raw: Buffer; width: number; height: number }> {
  const width = 301;
  const height = 207;
  const raw = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      for (let c = 0; c < channels; c += 1) raw[(y * width + x) * channels + c] = x > 40 && x < 120 && y > 30 && y < 60 ? 0 : (x * 7 + y * 13 + c * 50 + ((x * y) % 17)) & 0xff;
    }
  }
  let image = sharp(raw, { raw: { width, height, channels } });
  if (channels === 1) image = image.toColourspace("b-w");
  if (alpha) image = image.ensureAlpha(0.5);
  return { png: await image.png({ compressionLevel: 6, adaptiveFiltering: true }).toBuffer(), raw, width, height };
}

/** The image inside the PDF as poppler's pdfimages decodes it (an independent reader), as raw pixels. */
function extracted(pdf: Uint8Array, name: string, count = 1): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync("pdfimages", ["-png", file, join(dir, name)]);
  const images = readdirSync(dir).filter((entry) => entry.startsWith(`${name}-`) && entry.endsWith(".png"));
  expect(images).toHaveLength(count);
  return join(dir, images.sort()[0] ?? "");
}

describe("opaque PNGs embedded in a PDF without decoding", () => {
  it.each([3, 1] as const)("an independent reader gets the same pixels back (%i channel(s))", async (channels) => {
    const { png, raw, width, height } = await testImage(channels);
    const layout = readOpaquePng(png);
    expect(layout).toMatchObject({ width, height, colors: channels });
    const pdf = await buildRedactedPdf([{ image: png, width, height, unit: "pixels", words: [] }]);
    const decoded = sharp(readFileSync(extracted(pdf, `c${channels}`)));
    const back = await (channels === 1 ? decoded.extractChannel(0) : decoded.removeAlpha()).raw().toBuffer({ resolveWithObject: true });
    expect(back.info.width).toBe(width);
    expect(back.info.height).toBe(height);
    expect(back.info.channels).toBe(channels);
    expect(back.data.equals(raw)).toBe(true);
  });

  it("leaves a PNG with an alpha channel, a damaged one or another format to pdf-lib's decoder", async () => {
    const { png } = await testImage(3, true);
    expect(readOpaquePng(png)).toBeNull();
    expect(readOpaquePng(png.subarray(0, 40))).toBeNull();
    expect(readOpaquePng(Buffer.from("GIF89a not a png at all, long enough to be read"))).toBeNull();
    const pdf = await buildRedactedPdf([{ image: png, width: 301, height: 207, unit: "pixels", words: [] }]);
    // pdf-lib's way: the colour image and its alpha as a soft mask.
    expect(readFileSync(extracted(pdf, "alpha", 2)).length).toBeGreaterThan(0);
  });
});
