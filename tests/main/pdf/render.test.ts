import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import { openPdf } from "../../../main/pdf/pdfjs-document.js";
import { dropSpareCanvases, renderCanvasStats, renderOpenPdfPage } from "../../../main/pdf/render.js";
import { invoicePdf, PAGE, pdfWithPageSize } from "./sample-pdfs.js";

async function render(bytes: Uint8Array, dpi: number, burn: [number, number, number, number][] = []) {
  const pdf = await openPdf(bytes);
  try {
    return await renderOpenPdfPage(pdf, 1, dpi, 3, burn);
  } finally {
    await pdf.close();
  }
}

const pixelsOf = async (png: Buffer): Promise<Buffer> => sharp(png).raw().toBuffer();
const darkPixels = (raw: Buffer): number => {
  let dark = 0;
  for (let index = 0; index < raw.length; index += 3) if ((raw[index] ?? 255) < 128) dark += 1;
  return dark;
};

describe("renderOpenPdfPage on a kept canvas", () => {
  beforeEach(() => dropSpareCanvases());

  it("draws a later page of the same size on the same canvas, with nothing of the earlier page left", async () => {
    const invoice = await invoicePdf();
    const blank = await pdfWithPageSize(PAGE.width, PAGE.height);
    const first = await render(invoice, 110);
    const created = renderCanvasStats().created;
    const after = await render(blank, 110);
    // The same canvas (no new one), white all over: the invoice's text is gone.
    expect(renderCanvasStats().created).toBe(created);
    expect(after.width).toBe(first.width);
    expect(darkPixels(await pixelsOf(first.png))).toBeGreaterThan(500);
    expect(darkPixels(await pixelsOf(after.png))).toBe(0);
  });

  it("renders the same pixels on a kept canvas as on a new one, burned boxes of an earlier render included", async () => {
    const invoice = await invoicePdf();
    const fresh = await pixelsOf((await render(invoice, 110)).png);
    // A render that burns a large box into the canvas's own pixels, then the same page without any box.
    const burned = await render(invoice, 110, [[0, 0, PAGE.width / 2, PAGE.height / 2]]);
    expect(darkPixels(await pixelsOf(burned.png))).toBeGreaterThan(darkPixels(fresh) + 100_000);
    const created = renderCanvasStats().created;
    const again = await pixelsOf((await render(invoice, 110)).png);
    expect(renderCanvasStats().created).toBe(created);
    expect(again.equals(fresh)).toBe(true);
  });

  it("keeps a canvas of each of two sizes (a document's 110 and 200 dpi renders), not more", async () => {
    const invoice = await invoicePdf();
    await render(invoice, 110);
    await render(invoice, 200);
    const created = renderCanvasStats().created;
    await render(invoice, 110);
    await render(invoice, 200);
    expect(renderCanvasStats().created).toBe(created);
    await render(invoice, 150);
    expect(renderCanvasStats().spare).toBe(2);
  });
});

describe("renderOpenPdfPage with another render of the page to follow", () => {
  it("keeps the page's operator list for it (only painting is left to do), and draws the same pixels", async () => {
    const pdf = await openPdf(await invoicePdf());
    try {
      // pdfjs's per-intent state of the page holds the operator list; cleanup() empties it.
      const intents = async (): Promise<number> => ((await pdf.proxy.getPage(1)) as unknown as { _intentStates: Map<string, unknown> })._intentStates.size;
      const plain = await renderOpenPdfPage(pdf, 1, 200);
      expect(await intents()).toBe(0);
      await renderOpenPdfPage(pdf, 1, 110, 3, [], undefined, true);
      expect(await intents()).toBe(1);
      const second = await renderOpenPdfPage(pdf, 1, 200);
      expect((await pixelsOf(second.png)).equals(await pixelsOf(plain.png))).toBe(true);
      expect(await intents()).toBe(0);
    } finally {
      await pdf.close();
    }
  });
});
