import { Worker } from "node:worker_threads";
import { CoffreError } from "../errors.js";
import { workerScriptUrl } from "../worker-url.js";
import { readOpaquePng } from "./png-xobject.js";
import { buildRedactedPdf, type RedactedPageInput } from "./redacted-output.js";

export interface RedactedOutputThreadOptions {
  /** The compiled worker (dist/main/pdf/redacted-output-worker.js beside this file by default). */
  workerFile?: URL;
}

/**
 * buildRedactedPdf without stalling the caller's event loop. Opaque 8-bit PNGs (what the masked renditions
 * are) are embedded without decoding (png-xobject.ts): ~20-50 ms for a 200 dpi page with its text layer,
 * built here. Any other image would go through pdf-lib's JavaScript PNG decoder (measured up to ~0.7 s of
 * blocking a page), so then the PDF is built on a thread of its own, which ends with its answer. The
 * inputs are our own renditions, not untrusted files.
 */
export async function buildRedactedPdfNonBlocking(pages: readonly RedactedPageInput[], options: RedactedOutputThreadOptions = {}): Promise<Uint8Array> {
  if (pages.every((page) => readOpaquePng(page.image) !== null)) {
    try {
      return await buildRedactedPdf([...pages]);
    } catch (error) {
      throw new CoffreError("INTERNAL", `the redacted PDF could not be built: ${(error instanceof Error ? error.message : String(error)).split("\n")[0] ?? ""}`);
    }
  }
  return buildRedactedPdfOffThread(pages, options);
}

/** buildRedactedPdf on a thread of its own (whatever the images). */
export function buildRedactedPdfOffThread(pages: readonly RedactedPageInput[], options: RedactedOutputThreadOptions = {}): Promise<Uint8Array> {
  // Each image in an ArrayBuffer of its own, so it can be handed over without a second copy.
  const own = pages.map((page) => ({ ...page, image: new Uint8Array(page.image) }));
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: { ok: true; pdf: Uint8Array } | { ok: false; reason: string }) => {
      if (settled) return;
      settled = true;
      if (outcome.ok) resolve(outcome.pdf);
      else reject(new CoffreError("INTERNAL", `the redacted PDF could not be built: ${outcome.reason}`));
    };
    let worker: Worker;
    try {
      worker = new Worker(options.workerFile ?? workerScriptUrl("./redacted-output-worker.js", import.meta.url), {
        workerData: { pages: own },
        transferList: own.map((page) => page.image.buffer),
      });
    } catch (error) {
      settle({ ok: false, reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    worker.once("message", (message: { ok: true; pdf: Uint8Array } | { ok: false; reason: string }) => settle(message));
    worker.once("error", (error) => settle({ ok: false, reason: error.message }));
    worker.once("exit", (code) => settle({ ok: false, reason: `the thread stopped without an answer (exit code ${code})` }));
  });
}
