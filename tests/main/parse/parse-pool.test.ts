import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { burnBoxes } from "../../../main/ingest/renditions.js";
import { createParsePool, type ParsePool } from "../../../main/parse/parse-pool.js";
import type { ParseOutcome } from "../../../main/parse/protocol.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { invoicePdf } from "../pdf/sample-pdfs.js";

// The workers run compiled JavaScript, as in the app (`npm run build` first).
const WORKER = pathToFileURL(join(REPO_ROOT, "dist/main/parse/parse-worker.js"));
// The real parser for ordinary files; hangs, crashes, exits or eats memory for files that ask for it.
const HOSTILE = new URL("./hostile-worker.mjs", import.meta.url);

const invoiceText = (outcome: ParseOutcome): string | undefined => (outcome.ok ? outcome.result.textPages[0]?.text : `refused: ${outcome.reason}`);

async function withPool<T>(pool: ParsePool, work: (pool: ParsePool) => Promise<T>): Promise<T> {
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}

describe("parse pool", () => {
  it("keeps its workers between files, at most `size` of them, and ends them on close", async () => {
    const pdf = await invoicePdf();
    const pool = createParsePool({ size: 2, workerFile: WORKER });
    const outcomes = await withPool(pool, async () => {
      const all = await Promise.all(Array.from({ length: 6 }, () => pool.parse(pdf, "pdf", { viewDpi: 50 })));
      expect(pool.workersRunning).toBe(2);
      return all;
    });
    for (const outcome of outcomes) expect(invoiceText(outcome)).toContain("FA-2024-0042");
    // Each answer has its own page images (transferred, not shared between documents).
    const views = outcomes.map((outcome) => (outcome.ok ? outcome.result.viewPages[0]?.png : undefined));
    expect(views.every((png) => Buffer.isBuffer(png) && png.length > 0)).toBe(true);
    expect(new Set(views.map((png) => png?.buffer)).size).toBe(6);
    expect(pool.workersStarted).toBe(2);
    expect(pool.workersRunning).toBe(0);
    // A closed pool takes no more files.
    expect(await pool.parse(pdf, "pdf")).toEqual({ ok: false, reason: "the import was stopped" });
  });

  it("replaces a worker after N documents and after a refused file", async () => {
    const pdf = await invoicePdf();
    const pool = createParsePool({ size: 1, workerFile: WORKER, documentsPerWorker: 2 });
    await withPool(pool, async () => {
      for (let index = 0; index < 5; index += 1) expect(invoiceText(await pool.parse(pdf, "pdf"))).toContain("FA-2024-0042");
      expect(pool.workersStarted).toBe(3); // 2 + 2 + 1
      // The third worker has one document behind it: it takes the refused file, and is ended after it.
      const refused = await pool.parse(Buffer.from("%PDF-1.7\nnot really"), "pdf");
      expect(refused.ok).toBe(false);
      expect(pool.workersRunning).toBe(0); // the worker that refused it is gone
      expect(invoiceText(await pool.parse(pdf, "pdf"))).toContain("FA-2024-0042");
      expect(pool.workersStarted).toBe(4);
    });
  });

  it("counts a document once: the render jobs drawn from the PDF its worker kept do not bring the worker's recycling nearer", async () => {
    const pdf = await invoicePdf();
    const pool = createParsePool({ size: 1, workerFile: WORKER, documentsPerWorker: 2 });
    await withPool(pool, async () => {
      const parsed = await pool.parse(pdf, "pdf", { viewDpi: null }, { keepOpen: true });
      const handle = parsed.ok ? parsed.handle : undefined;
      expect(typeof handle).toBe("number");
      // The masked views, keeping it open again, then the redacted original: both from the kept PDF.
      const views = await pool.renderPages(pdf, { dpi: 60, pages: [{ page: 1, burn: [] }], keepOpen: true, ...(handle !== undefined ? { reuse: handle } : {}) });
      const again = views.ok ? views.handle : undefined;
      expect(typeof again).toBe("number");
      const original = await pool.renderPages(pdf, { dpi: 80, pages: [{ page: 1, burn: [] }], ...(again !== undefined ? { reuse: again } : {}) });
      expect(original.ok).toBe(true);
      expect(pool.workersStarted).toBe(1);
      // One document so far: the second one is still the first worker's, and ends it.
      expect(invoiceText(await pool.parse(pdf, "pdf"))).toContain("FA-2024-0042");
      expect(pool.workersRunning).toBe(0);
      expect(pool.workersStarted).toBe(1);
      // A render job that opens its file again (nothing kept) counts as a document.
      await pool.renderPages(pdf, { dpi: 60, pages: [{ page: 1, burn: [] }] });
      expect(invoiceText(await pool.parse(pdf, "pdf"))).toContain("FA-2024-0042");
      expect(pool.workersStarted).toBe(2);
      expect(pool.workersRunning).toBe(0);
    });
  });

  it("a file that crashes, hangs, exits or exhausts its worker fails alone; the next file in the same pool parses", async () => {
    const pdf = await invoicePdf();
    const pool = createParsePool({ size: 1, workerFile: HOSTILE, maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 });
    await withPool(pool, async () => {
      expect(invoiceText(await pool.parse(pdf, "pdf"))).toContain("FA-2024-0042");
      const hostile: [string, string][] = [
        ["crash", "the parser crashed: parser bug"],
        ["hang", "parsing took longer than 1 s"],
        ["exit", "the parser stopped without an answer (exit code 3)"],
        ["allocate", "parser ran out of memory"],
      ];
      for (const [behaviour, reason] of hostile) {
        const started = pool.workersStarted;
        // Queued together: the hostile file first, a good one right behind it on the same single worker.
        const [bad, good] = await Promise.all([pool.parse(Buffer.from(`%PDF-1.7\nCOFFRE-HOSTILE:${behaviour}\n`), "pdf", { timeoutMs: 1000 }), pool.parse(pdf, "pdf", { timeoutMs: 30_000 })]);
        expect(bad, behaviour).toEqual({ ok: false, reason });
        expect(invoiceText(good), behaviour).toContain("FA-2024-0042");
        expect(pool.workersStarted, behaviour).toBe(started + 1); // the lost worker was replaced
      }
    });
  });

  it("with two workers, a crash in one does not disturb the file the other is parsing", async () => {
    const pdf = await invoicePdf();
    const pool = createParsePool({ size: 2, workerFile: HOSTILE });
    await withPool(pool, async () => {
      const [good, bad, after] = await Promise.all([pool.parse(pdf, "pdf", { viewDpi: 110 }), pool.parse(Buffer.from("%PDF-1.7\nCOFFRE-HOSTILE:crash\n"), "pdf"), pool.parse(pdf, "pdf")]);
      expect(invoiceText(good)).toContain("FA-2024-0042");
      expect(good.ok && good.result.viewPages).toHaveLength(1);
      expect(bad).toEqual({ ok: false, reason: "the parser crashed: parser bug" });
      expect(invoiceText(after)).toContain("FA-2024-0042");
    });
  });

  it("close() stops a parse in progress with a one-line reason and leaves no worker", async () => {
    const pool = createParsePool({ size: 1, workerFile: HOSTILE });
    const running = pool.parse({ path: "hang" }, "pdf", { timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await pool.close();
    expect(await running).toEqual({ ok: false, reason: "the import was stopped" });
    expect(pool.workersRunning).toBe(0);
  });

  it("a render-only job gives the listed pages with their boxes burned in, the same pixels as burning the full parse's render, and nothing else", async () => {
    const pdf = await invoicePdf({ pages: 2 });
    const pool = createParsePool({ size: 1, workerFile: WORKER });
    await withPool(pool, async () => {
      const full = await pool.parse(pdf, "pdf", { viewDpi: 150 });
      if (!full.ok) throw new Error(full.reason);
      const text = full.result.textPages[0];
      if (!text) throw new Error("no text on page 1");
      const word = text.words.find((candidate) => candidate.text === "FA-2024-0042");
      if (!word) throw new Error("no invoice number on page 1");
      // Page 2 is blank (no usable text layer: the full parse sends it to OCR); it renders all the same.
      const rendered = await pool.renderPages(pdf, { dpi: 150, pages: [{ page: 1, burn: [word.bbox] }, { page: 2, burn: [] }] });
      if (!rendered.ok) throw new Error(rendered.reason);
      expect(rendered.result.textPages).toEqual([]);
      expect(rendered.result.ocrPages).toEqual([]);
      expect(rendered.result.eInvoice).toBeNull();
      expect(rendered.result.viewPages.map((page) => page.page)).toEqual([1, 2]);
      const png = rendered.result.viewPages[0]?.png ?? Buffer.alloc(0);
      const meta = await sharp(png).metadata();
      expect({ channels: meta.channels, hasAlpha: meta.hasAlpha }).toEqual({ channels: 3, hasAlpha: false });
      // Same pixels as the importing side burning the box into the full parse's render of that page.
      const fromFull = full.result.viewPages.find((page) => page.page === 1)?.png ?? Buffer.alloc(0);
      const expected = await burnBoxes(fromFull, [word.bbox], { width: text.width, height: text.height });
      expect((await sharp(png).raw().toBuffer()).equals(await sharp(expected).raw().toBuffer())).toBe(true);
      // The box is black where the word was drawn.
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      const [x0, y0, x1, y1] = word.bbox;
      const cx = Math.floor(((x0 + x1) / 2) * (info.width / text.width));
      const cy = Math.floor(((y0 + y1) / 2) * (info.height / text.height));
      expect([...data.subarray((cy * info.width + cx) * 3, (cy * info.width + cx) * 3 + 3)]).toEqual([0, 0, 0]);
      // An image is no PDF to render pages of; a page the PDF does not have is refused.
      const image = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#fff" } }).png().toBuffer();
      expect(await pool.renderPages(image, { dpi: 150, pages: [{ page: 1, burn: [] }] })).toEqual({ ok: false, reason: "not a PDF: no %PDF header" });
      expect(await pool.renderPages(pdf, { dpi: 150, pages: [{ page: 3, burn: [] }] })).toEqual({ ok: false, reason: "page 3 does not exist (the PDF has 2)" });
    });
  });

  it("a parse asked to keep its PDF open gives a handle; the render job of that file reuses it, and renders the same pixels when the worker has moved on", async () => {
    const pdf = await invoicePdf();
    const other = await invoicePdf({ pages: 2 });
    const pool = createParsePool({ size: 1, workerFile: WORKER });
    await withPool(pool, async () => {
      const reference = await pool.renderPages(pdf, { dpi: 120, pages: [{ page: 1, burn: [[40, 40, 200, 70]] }] });
      if (!reference.ok) throw new Error(reference.reason);
      const raw = async (outcome: ParseOutcome): Promise<Buffer> => sharp(outcome.ok ? outcome.result.viewPages[0]?.png : Buffer.alloc(0)).raw().toBuffer();
      const expected = await raw(reference);

      const kept = await pool.parse(pdf, "pdf", { viewDpi: 50 }, { keepOpen: true });
      expect(invoiceText(kept)).toContain("FA-2024-0042");
      const handle = kept.ok ? kept.handle : undefined;
      expect(typeof handle).toBe("number");
      // Drawn from the PDF the worker kept: the bytes sent along are not read (here they are not even a PDF).
      const notRead = Buffer.from("%PDF-1.7 not read\n");
      const reused = await pool.renderPages(notRead, { dpi: 120, pages: [{ page: 1, burn: [[40, 40, 200, 70]] }], ...(handle !== undefined ? { reuse: handle } : {}) });
      expect((await raw(reused)).equals(expected)).toBe(true);
      // Used once: the worker closed it after that render.
      expect((await pool.renderPages(notRead, { dpi: 120, pages: [{ page: 1, burn: [] }], ...(handle !== undefined ? { reuse: handle } : {}) })).ok).toBe(false);

      // Without keepOpen, no handle; a handle whose worker has taken another file since is opened again.
      const plain = await pool.parse(pdf, "pdf", { viewDpi: 50 });
      expect(plain.ok && plain.handle).toBeUndefined();
      const again = await pool.parse(pdf, "pdf", { viewDpi: 50 }, { keepOpen: true });
      const stale = again.ok ? again.handle : undefined;
      await pool.parse(other, "pdf", { viewDpi: 50 });
      const reopened = await pool.renderPages(pdf, { dpi: 120, pages: [{ page: 1, burn: [[40, 40, 200, 70]] }], ...(stale !== undefined ? { reuse: stale } : {}) });
      expect((await raw(reopened)).equals(expected)).toBe(true);
      // A released handle: the next file may go to its worker (one worker here), and the render still works.
      const released = await pool.parse(pdf, "pdf", { viewDpi: 50 }, { keepOpen: true });
      if (released.ok && released.handle !== undefined) pool.release(released.handle);
      expect(invoiceText(await pool.parse(other, "pdf"))).toContain("FA-2024-0042");
      // Two workers in all: the refused render above ended the first one (as any refusal does).
      expect(pool.workersStarted).toBe(2);
    });
  });

  it("on Linux, a parse worker's thread runs at a lower priority (nice 5) than the importing thread", async () => {
    const pool = createParsePool({ size: 1, workerFile: WORKER });
    await withPool(pool, async () => {
      expect(invoiceText(await pool.parse(await invoicePdf(), "pdf"))).toContain("FA-2024-0042");
      if (process.platform !== "linux") return;
      const niceOf = (task: string): number => {
        const stat = readFileSync(`/proc/self/task/${task}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
      };
      const tasks = readdirSync("/proc/self/task");
      expect(niceOf(String(process.pid))).toBe(0);
      expect(tasks.filter((task) => niceOf(task) === 5)).toHaveLength(1);
    });
  });
});
