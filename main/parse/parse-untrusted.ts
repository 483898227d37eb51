import { Worker } from "node:worker_threads";
import { workerScriptUrl } from "../worker-url.js";
import { DEFAULT_PARSE_LIMITS, type ParseKind, type ParseLimits, type ParseOutcome, type ParseReply, type ParseRequest } from "./protocol.js";

export interface ParseUntrustedOptions {
  /** The compiled worker (dist/main/parse/parse-worker.js beside this file by default). */
  workerFile?: URL;
}

const defaultWorkerFile = (): URL => workerScriptUrl("./parse-worker.js", import.meta.url);

function isParseReply(value: unknown): value is ParseReply {
  if (typeof value !== "object" || value === null || !("ok" in value)) return false;
  return value.ok === true ? "result" in value : "reason" in value && typeof value.reason === "string";
}

/**
 * Parses an untrusted PDF or image in a fresh worker thread with a V8 heap cap and a wall-clock timeout.
 * Never throws for a bad file: a corrupt, hostile, too big, too slow or memory-hungry input gives
 * `{ ok: false, reason }` with one line for the user, and only its worker dies.
 */
export function parseUntrusted(input: Uint8Array | { path: string }, kind: ParseKind = "auto", overrides: Partial<ParseLimits> = {}, options: ParseUntrustedOptions = {}): Promise<ParseOutcome> {
  const limits: ParseLimits = { ...DEFAULT_PARSE_LIMITS, ...overrides };
  // The worker gets its own copy of the bytes; the caller's buffer stays usable.
  const source: ParseRequest["source"] = input instanceof Uint8Array ? { bytes: new Uint8Array(input) } : { path: input.path };
  const request: ParseRequest = { source, kind, limits: { ocrDpi: limits.ocrDpi, viewDpi: limits.viewDpi, pdf: limits.pdf, image: limits.image } };
  return new Promise((resolve) => {
    let settled = false;
    let worker: Worker;
    const finish = (outcome: ParseOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    try {
      worker = new Worker(options.workerFile ?? defaultWorkerFile(), {
        workerData: request,
        transferList: "bytes" in source ? [source.bytes.buffer as ArrayBuffer] : [],
        resourceLimits: {
          maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb,
          maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb,
          stackSizeMb: 4,
        },
        stdout: true,
        stderr: true,
      });
    } catch (error) {
      resolve({ ok: false, reason: `the parser could not start: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    // The worker's console output (pdfjs warnings about a broken file) is not ours to print.
    worker.stdout.resume();
    worker.stderr.resume();
    const timer = setTimeout(() => finish({ ok: false, reason: `parsing took longer than ${Math.round(limits.timeoutMs / 100) / 10} s` }), limits.timeoutMs);
    worker.on("message", (message: unknown) => {
      if (!isParseReply(message)) return finish({ ok: false, reason: "the parser sent an unreadable answer" });
      if (!message.ok) return finish(message);
      const result = message.result;
      const asBuffers = (pages: typeof result.ocrPages) =>
        pages.map((page) => ({ ...page, png: Buffer.from(page.png.buffer, page.png.byteOffset, page.png.byteLength) }));
      result.ocrPages = asBuffers(result.ocrPages);
      result.viewPages = asBuffers(result.viewPages);
      finish({ ok: true, result });
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") finish({ ok: false, reason: "parser ran out of memory" });
      else finish({ ok: false, reason: `the parser crashed: ${error.message.split("\n")[0]?.slice(0, 160) ?? "unknown error"}` });
    });
    worker.on("exit", (code) => finish({ ok: false, reason: `the parser stopped without an answer (exit code ${code})` }));
  });
}
