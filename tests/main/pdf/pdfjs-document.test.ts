import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { cachedPdfjsAssetCount, CachedPdfjsAssets, loadPdfjs, openPdf, replacedBuiltins } from "../../../main/pdf/pdfjs-document.js";
import { readPageText } from "../../../main/pdf/text-layer.js";
import { invoicePdf } from "./sample-pdfs.js";

/** What a thread that imports the legacy pdfjs build as it is finds in place of the built-ins afterwards. */
function builtinsAfterPlainImport(): Promise<Record<string, boolean>> {
  const code = `
    const { parentPort } = require("node:worker_threads");
    const stringify = JSON.stringify, push = Array.prototype.push;
    import("pdfjs-dist/legacy/build/pdf.mjs").then(() => {
      parentPort.postMessage({ stringify: JSON.stringify === stringify, push: Array.prototype.push === push });
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once("message", (message: Record<string, boolean>) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

// Taken before this file loads pdfjs (the imports above do not load it: loadPdfjs is lazy).
const engineStringify = JSON.stringify;
const enginePush = Array.prototype.push;

describe("loadPdfjs", () => {
  it("leaves the engine's own JSON and Array.prototype.push in place, which the legacy build's core-js replaces", async () => {
    // The guard is needed: imported as it is, the legacy build swaps them for JavaScript versions on this Node.
    const plain = await builtinsAfterPlainImport();
    expect(plain).toEqual({ stringify: false, push: false });

    await loadPdfjs();
    const pdf = await openPdf(await invoicePdf());
    try {
      const page = await readPageText(pdf, 1);
      expect(page.words.some((word) => word.text === "FA-2024-0042")).toBe(true);
    } finally {
      await pdf.close();
    }
    expect(replacedBuiltins()).toEqual([]);
    expect(JSON.stringify).toBe(engineStringify);
    expect(Array.prototype.push).toBe(enginePush);
    // The parser half was loaded by loadPdfjs (so its own core-js ran before the built-ins were put back).
    expect(typeof (globalThis as { pdfjsWorker?: { WorkerMessageHandler?: unknown } }).pdfjsWorker?.WorkerMessageHandler).toBe("function");
  });
});

describe("CachedPdfjsAssets", () => {
  it("reads a standard font once per thread and hands out copies pdfjs may detach", async () => {
    const pdf = await openPdf(await invoicePdf());
    await readPageText(pdf, 1);
    await pdf.close();
    const afterOne = cachedPdfjsAssetCount();
    expect(afterOne).toBeGreaterThan(0);
    const again = await openPdf(await invoicePdf());
    await readPageText(again, 1);
    await again.close();
    expect(cachedPdfjsAssetCount()).toBe(afterOne);

    const { createRequire } = await import("node:module");
    const { dirname, join } = await import("node:path");
    const fonts = join(dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")), "standard_fonts") + "/";
    const assets = new CachedPdfjsAssets({ standardFontDataUrl: fonts });
    const first = await assets.fetch({ kind: "standardFontDataUrl", filename: "LiberationSans-Regular.ttf" });
    structuredClone(first, { transfer: [first.buffer as ArrayBuffer] }); // detached, as pdfjs may do
    const second = await assets.fetch({ kind: "standardFontDataUrl", filename: "LiberationSans-Regular.ttf" });
    expect(first.byteLength).toBe(0);
    expect(second.byteLength).toBeGreaterThan(10_000);
    await expect(assets.fetch({ kind: "standardFontDataUrl", filename: "../package.json" })).rejects.toThrow();
    await expect(assets.fetch({ kind: "cMapUrl", filename: "Adobe-Japan1-UCS2.bcmap" })).rejects.toThrow();
  });
});
