import sharp from "sharp";
import type { Worker as NodeWorker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Word } from "../../../main/ingest/types.js";
import { estimateSkewDegrees } from "../../../main/ocr/deskew.js";
import { createOcrPool, type OcrPool } from "../../../main/ocr/pool.js";
import { renderPdfPage } from "../../../main/pdf/render.js";
import { INVOICE_LINES, invoicePdf, PAGE } from "../pdf/sample-pdfs.js";

const DPI = 300;
const toPixels = (points: number): number => (points * DPI) / 72;

/** Where pdf-lib drew a line, in pixels of a DPI render (top-left origin). */
function drawnLineBox(line: (typeof INVOICE_LINES)[number]): Word["bbox"] {
  return [toPixels(line.x), toPixels(PAGE.height - line.y - line.size), toPixels(line.x + line.text.length * line.size * 0.62), toPixels(PAGE.height - line.y + line.size * 0.3)];
}

function inside(inner: Word["bbox"] | undefined, outer: Word["bbox"], slack = 10): boolean {
  return inner !== undefined && inner[0] >= outer[0] - slack && inner[1] >= outer[1] - slack && inner[2] <= outer[2] + slack && inner[3] <= outer[3] + slack;
}

describe("OCR pool (tesseract.js, offline, fra+eng)", () => {
  let pool: OcrPool;
  let page: Buffer;
  let straightBox: Word["bbox"] | undefined;

  beforeAll(async () => {
    pool = createOcrPool({ size: 1 });
    page = await renderPdfPage(await invoicePdf(), 1, DPI);
  });
  afterAll(() => pool.terminate());

  it("reads a rendered invoice page: invoice number and amount, boxed where they were drawn", async () => {
    const result = await pool.recognize(page, { page: 1, dpi: DPI });
    expect(result).toMatchObject({ page: 1, source: "ocr", width: Math.floor(toPixels(PAGE.width)), height: Math.floor(toPixels(PAGE.height)) });
    const number = result.words.find((word) => word.text === "FA-2024-0042");
    expect(inside(number?.bbox, drawnLineBox(INVOICE_LINES[0]))).toBe(true);
    expect(number?.confidence).toBeGreaterThan(80);
    straightBox = number?.bbox;
    const total = result.words.find((word) => word.text === "234,56");
    expect(inside(total?.bbox, drawnLineBox(INVOICE_LINES[5]))).toBe(true);
    expect(result.text).toContain("Total TTC 1 234,56 EUR");
    expect(result.text.indexOf("FACTURE")).toBeLessThan(result.text.indexOf("Total TTC"));
    expect(result.confidence).toBeGreaterThan(80);
    console.info(`OCR of one 300 dpi page with a pool of 1, cold (worker start included): ${result.ms} ms`);
  });

  it("reads a batch of more pages than it lets in at once (size + 1), each answered for its own request", async () => {
    // The top of the page (invoice number) at four widths: 5 requests on a pool of 1 pass its gate in turn.
    const top = await sharp(page).extract({ left: 0, top: 0, width: Math.floor(toPixels(PAGE.width)), height: Math.floor(toPixels(140)) }).png().toBuffer();
    const widths = [2480, 2300, 2100, 1900, 1700];
    const crops = await Promise.all(widths.map((width) => sharp(top).resize({ width }).png().toBuffer()));
    const results = await Promise.all(crops.map((crop, index) => pool.recognize(crop, { page: index + 10, dpi: DPI })));
    expect(results.map((result) => result.page)).toEqual([10, 11, 12, 13, 14]);
    expect(results.map((result) => result.width)).toEqual(widths);
    for (const result of results) expect(result.text).toContain("FA-2024-0042");
  });

  it("straightens a skewed low-resolution scan and maps the boxes back to its pixels", async () => {
    // A 150 dpi "scan" turned 2 degrees clockwise: upscaled to 300 dpi and deskewed before OCR.
    const skewed = await sharp(page).resize({ width: Math.round(toPixels(PAGE.width) / 2) }).rotate(2, { background: "#ffffff" }).png().toBuffer();
    const { width, height } = await sharp(skewed).metadata();
    const result = await pool.recognize(skewed, { page: 2, dpi: 150, preprocessing: { deskew: true, grayscale: true } });
    expect(result.skewDegrees).toBeCloseTo(2, 0);
    expect([result.width, result.height]).toEqual([width, height]);
    const number = result.words.find((word) => word.text === "FA-2024-0042");
    // Where the straight page's box centre lands once halved and turned 2 degrees clockwise about the centre.
    const [x0, y0, x1, y1] = straightBox ?? [0, 0, 0, 0];
    const [cx, cy] = [(x0 + x1) / 4 - toPixels(PAGE.width) / 4, (y0 + y1) / 4 - toPixels(PAGE.height) / 4];
    const turn = (2 * Math.PI) / 180;
    const expected = [cx * Math.cos(turn) - cy * Math.sin(turn) + width / 2, cx * Math.sin(turn) + cy * Math.cos(turn) + height / 2];
    const box = number?.bbox ?? [0, 0, 0, 0];
    expect(Math.abs((box[0] + box[2]) / 2 - (expected[0] ?? 0))).toBeLessThan(8);
    expect(Math.abs((box[1] + box[3]) / 2 - (expected[1] ?? 0))).toBeLessThan(8);
  });
});

describe("OCR pool: a worker whose thread stops", () => {
  const threads: NodeWorker[] = [];
  let pool: OcrPool;
  let top: Buffer;

  beforeAll(async () => {
    pool = createOcrPool({ size: 1, onWorkerThread: (thread) => threads.push(thread) });
    const page = await renderPdfPage(await invoicePdf(), 1, DPI);
    top = await sharp(page).extract({ left: 0, top: 0, width: Math.floor(toPixels(PAGE.width)), height: Math.floor(toPixels(140)) }).png().toBuffer();
  });
  afterAll(() => pool.terminate());

  it("rejects the page its thread was reading when the thread exits mid-page, and reads the next page with a new worker", async () => {
    expect((await pool.recognize(top, { page: 1, dpi: DPI })).text).toContain("FA-2024-0042");
    expect(threads).toHaveLength(1);
    const first = threads[0] as NodeWorker;
    // Stopped as the pool hands it the page's recognize job (a reply already queued by the thread would still
    // be delivered after terminate(), so waiting for its first progress message would race on a busy machine).
    let stopped = false;
    const send = first.postMessage.bind(first);
    first.postMessage = (message: { action?: string }, transfer?: Parameters<NodeWorker["postMessage"]>[1]) => {
      send(message, transfer);
      if (message.action === "recognize" && !stopped) {
        stopped = true;
        void first.terminate();
      }
    };
    // Both pages are prepared at once: whichever is ready first gets the worker that is stopped.
    const settled = await Promise.allSettled([pool.recognize(top, { page: 2, dpi: DPI }), pool.recognize(top, { page: 3, dpi: DPI })]);
    expect(stopped).toBe(true);
    const lost = settled.filter((result) => result.status === "rejected");
    const read = settled.filter((result) => result.status === "fulfilled");
    expect(lost).toHaveLength(1);
    expect(String(lost[0]?.reason)).toMatch(/an OCR worker stopped \(its thread exited with code \d+\)/);
    // The page waiting behind it got the new worker.
    expect(read[0]?.value.text).toContain("FA-2024-0042");
    expect(threads).toHaveLength(2);
  });

  it("survives an error thrown in a worker's thread (an 'error' event tesseract.js does not listen to)", async () => {
    const second = threads[1] as NodeWorker;
    const exited = new Promise((resolve) => second.once("exit", resolve));
    // An action the worker script does not know: its message handler throws, uncaught, in the thread.
    second.postMessage({ workerId: "test", jobId: "test", action: "no-such-action", payload: {} });
    await exited;
    const result = await pool.recognize(top, { page: 4, dpi: DPI });
    expect(result.text).toContain("FA-2024-0042");
    expect(threads).toHaveLength(3);
  });

  /**
   * Two pages on a pool of 1 whose first thread `stop` stops while tesseract.js is still starting it: at its
   * first message, the 'load' job's (the wasm core loaded; languages and initialisation still to come), so its
   * createWorker promise would never settle. One page fails with the one-line reason, the other is read by a
   * new worker.
   */
  async function firstThreadStoppedAtStartup(stop: (thread: NodeWorker) => void): Promise<{ reason: string; threads: number }> {
    const spawned: NodeWorker[] = [];
    let firstMessage: string | undefined;
    const startup = createOcrPool({
      size: 1,
      onWorkerThread: (thread) => {
        spawned.push(thread);
        if (spawned.length > 1) return;
        thread.once("message", (message: { action?: string }) => {
          firstMessage = message.action;
          stop(thread);
        });
      },
    });
    try {
      const settled = await Promise.allSettled([startup.recognize(top, { page: 1, dpi: DPI }), startup.recognize(top, { page: 2, dpi: DPI })]);
      const lost = settled.filter((result) => result.status === "rejected");
      const read = settled.filter((result) => result.status === "fulfilled");
      expect(firstMessage).toBe("load");
      expect(lost).toHaveLength(1);
      expect(read[0]?.value.text).toContain("FA-2024-0042");
      return { reason: String(lost[0]?.reason), threads: spawned.length };
    } finally {
      await startup.terminate();
    }
  }

  it("rejects the page a worker was starting for when its thread exits during startup, and reads the next page with a new worker", async () => {
    const { reason, threads: spawned } = await firstThreadStoppedAtStartup((thread) => void thread.terminate());
    expect(reason).toMatch(/^CoffreError: an OCR worker stopped \(its thread exited with code \d+\)$/);
    expect(spawned).toBe(2);
  });

  it("survives an error thrown in a worker's thread during startup", async () => {
    // The worker script throws on an action it does not know.
    const { reason, threads: spawned } = await firstThreadStoppedAtStartup((thread) => thread.postMessage({ workerId: "test", jobId: "test", action: "no-such-action", payload: {} }));
    expect(reason).toMatch(/^CoffreError: an OCR worker stopped \(error in its thread: TypeError\)$/);
    expect(spawned).toBe(2);
  });
});

describe("estimateSkewDegrees", () => {
  it("finds a small rotation of a text page, and zero on a straight one", async () => {
    const png = await renderPdfPage(await invoicePdf(), 1, 100);
    const measure = async (degrees: number): Promise<number> => {
      const { data, info } = await sharp(png).rotate(degrees, { background: "#ffffff" }).grayscale().raw().toBuffer({ resolveWithObject: true });
      return estimateSkewDegrees({ data, width: info.width, height: info.height });
    };
    expect(await measure(0)).toBeCloseTo(0, 0);
    expect(await measure(3)).toBeCloseTo(3, 0);
    expect(await measure(-1.5)).toBeCloseTo(-1.5, 0);
  });
});
