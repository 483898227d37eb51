import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { parseUntrusted } from "../../../main/parse/parse-untrusted.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { hugeBlankPng } from "../ocr/huge-png.js";
import { blankishPdf, CII_2X_XML, invoicePdf } from "../pdf/sample-pdfs.js";

// The worker runs compiled JavaScript, as it does in the app (`npm run build` first).
const WORKER = { workerFile: pathToFileURL(join(REPO_ROOT, "dist/main/parse/parse-worker.js")) };
const HOSTILE = { workerFile: new URL("./hostile-worker.mjs", import.meta.url) };

/** After every refusal, a good file parses in a fresh worker. */
async function expectNextParseWorks(): Promise<void> {
  const outcome = await parseUntrusted(await invoicePdf(), "pdf", {}, WORKER);
  expect(outcome.ok && outcome.result.textPages[0]?.text).toContain("FA-2024-0042");
}

describe("parseUntrusted", () => {
  it("returns text pages, renders of pages to OCR and the embedded e-invoice", async () => {
    const outcome = await parseUntrusted(await invoicePdf({ attachments: [{ name: "factur-x.xml", xml: CII_2X_XML }] }), "auto", {}, WORKER);
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.result).toMatchObject({ kind: "pdf", pageCount: 1, encrypted: false, ocrPages: [] });
    expect(outcome.result.textPages[0]?.words.length).toBeGreaterThan(10);
    expect(outcome.result.eInvoice?.fields.totalGross).toBe("1234.56");

    const scan = await parseUntrusted(await blankishPdf(), "pdf", { ocrDpi: 100 }, WORKER);
    if (!scan.ok) throw new Error(scan.reason);
    expect(scan.result.textPages).toEqual([]);
    const [render] = scan.result.ocrPages;
    expect(render).toMatchObject({ page: 1, dpi: 100, width: Math.floor((595 * 100) / 72) });
    expect(Buffer.isBuffer(render?.png)).toBe(true);
    expect((await sharp(render?.png).metadata()).format).toBe("png");
  });

  it("reads a file by path, and gives the pages of an image to OCR", async () => {
    const path = join(tempDir(), "scan.png");
    writeFileSync(path, await sharp({ create: { width: 120, height: 80, channels: 3, background: "#ffffff" } }).png().toBuffer());
    const outcome = await parseUntrusted({ path }, "auto", {}, WORKER);
    expect(outcome.ok && outcome.result.ocrPages.map((page) => [page.width, page.height])).toEqual([[120, 80]]);
  });

  it("kills a parser that hangs, with a one-line reason", async () => {
    const started = performance.now();
    expect(await parseUntrusted({ path: "hang" }, "pdf", { timeoutMs: 1000 }, HOSTILE)).toEqual({ ok: false, reason: "parsing took longer than 1 s" });
    expect(performance.now() - started).toBeLessThan(5000);
    await expectNextParseWorks();
  });

  it("kills a parser that eats memory past its heap cap", async () => {
    const outcome = await parseUntrusted({ path: "allocate" }, "pdf", { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, timeoutMs: 60_000 }, HOSTILE);
    expect(outcome).toEqual({ ok: false, reason: "parser ran out of memory" });
    await expectNextParseWorks();
  });

  it("reports a parser crash in one line", async () => {
    const outcome = await parseUntrusted({ path: "crash" }, "pdf", {}, HOSTILE);
    expect(outcome).toEqual({ ok: false, reason: "the parser crashed: parser bug" });
  });

  it("refuses corrupt, empty, unknown and oversized files, each in one line", async () => {
    const good = await invoicePdf();
    const cases: [Uint8Array, string, string | RegExp][] = [
      [Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(4000, 0x41)]), "pdf", /^(corrupt|unreadable) PDF: [^\n]+$/],
      [good.subarray(0, 40), "auto", /^(corrupt|unreadable) PDF: [^\n]+$/],
      [new Uint8Array(0), "auto", "the file is empty"],
      [Buffer.from("just some text"), "auto", "not a PDF or an image (PNG, JPEG, TIFF)"],
      [Buffer.from("just some text"), "pdf", "not a PDF: no %PDF header"],
      [hugeBlankPng(20_000, 20_000), "auto", "the image is 20000 x 20000 pixels, more than the limit of 50 megapixels"],
    ];
    for (const [bytes, kind, reason] of cases) {
      const outcome = await parseUntrusted(bytes, kind as "pdf" | "auto", {}, WORKER);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.reason).toMatch(reason);
    }
    await expectNextParseWorks();
  });

  it("says so when the worker file is missing", async () => {
    const outcome = await parseUntrusted(await invoicePdf(), "pdf", {}, { workerFile: pathToFileURL(join(tempDir(), "nope.js")) });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reason).not.toContain("\n");
  });
});
