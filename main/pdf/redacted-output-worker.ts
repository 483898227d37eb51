import { parentPort, workerData } from "node:worker_threads";
import { buildRedactedPdf, type RedactedPageInput } from "./redacted-output.js";

/**
 * Builds one redacted PDF on its own thread (redacted-output-thread.ts starts it): pdf-lib's PNG embedding
 * and serialisation are synchronous and take hundreds of milliseconds on a multi-page scan, which would
 * stall the thread that imports documents and answers the app. Input: workerData.pages (images as
 * transferred Uint8Arrays); answer: {ok: true, pdf} (transferred) or {ok: false, reason}; then the thread ends.
 */
const port = parentPort;
if (port) {
  const { pages } = workerData as { pages: RedactedPageInput[] };
  try {
    const pdf = await buildRedactedPdf(pages.map((page) => ({ ...page, image: Buffer.from(page.image.buffer, page.image.byteOffset, page.image.byteLength) })));
    port.postMessage({ ok: true, pdf }, [pdf.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ ok: false, reason: (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "unknown error" });
  }
}
