import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { removeSpecks, otsuThreshold } from "../../../main/ocr/despeckle.js";
import { renderPdfPage } from "../../../main/pdf/render.js";
import { invoicePdf } from "../pdf/sample-pdfs.js";

const DPI = 200;

async function greyPage(): Promise<{ data: Uint8Array; width: number; height: number }> {
  const png = await renderPdfPage(await invoicePdf(), 1, DPI);
  const { data, info } = await sharp(png).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

describe("removeSpecks", () => {
  it("finds the threshold between ink and paper", () => {
    const data = new Uint8Array(1000).fill(230);
    data.fill(40, 0, 100);
    const threshold = otsuThreshold(data);
    expect(threshold).toBeGreaterThanOrEqual(40);
    expect(threshold).toBeLessThan(230);
  });

  it("paints isolated specks white and leaves every ink pixel of the text, colons and commas included", async () => {
    const page = await greyPage();
    const { width, height } = page;
    const threshold = otsuThreshold(page.data);
    const inkNear = (x: number, y: number, r: number): boolean => {
      for (let dy = -r; dy <= r; dy += 1) for (let dx = -r; dx <= r; dx += 1) if ((page.data[(y + dy) * width + x + dx] ?? 255) <= threshold) return true;
      return false;
    };
    // 3 x 3 specks on a 37 px grid (a fixed pattern), only where no ink is within 40 px (the margin used at 200 dpi is 29).
    const specked = new Uint8Array(page.data);
    const specks: [number, number][] = [];
    for (let y = 50; y < height - 50; y += 37) {
      for (let x = 50; x < width - 50; x += 37) {
        if (inkNear(x, y, 40)) continue;
        specks.push([x, y]);
        for (let dy = 0; dy < 3; dy += 1) for (let dx = 0; dx < 3; dx += 1) specked[(y + dy) * width + x + dx] = 30;
      }
    }
    expect(specks.length).toBeGreaterThan(500);
    const result = removeSpecks({ data: specked, width, height }, 24, 29);
    expect(result.removed).toBe(specks.length);
    for (const [x, y] of specks) expect(specked[y * width + x]).toBeGreaterThan(threshold);
    // The text is untouched: every pixel of the rendered page is as it was.
    let changed = 0;
    for (let i = 0; i < page.data.length; i += 1) if (specked[i] !== page.data[i] && (page.data[i] ?? 255) <= threshold) changed += 1;
    expect(changed).toBe(0);
  });
});
