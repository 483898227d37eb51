/**
 * Stage profile of a born-digital import for the ingest benchmark: the real importFiles (main/ingest/pipeline.ts)
 * at one document at a time, timed by the pipeline itself (its onStageTime laps), so the profile cannot drift
 * from the pipeline. Then the parse split in its parts, in this thread, with the parse worker's own functions.
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { VaultSession } from "../../main/auth/session.js";
import { DEFAULT_LIMITS } from "../../main/ingest/intake.js";
import { IMPORT_STAGES, importFiles, type ImportStage } from "../../main/ingest/pipeline.js";
import { VIEW_DPI } from "../../main/ingest/renditions.js";
import { createOcrPool } from "../../main/ocr/pool.js";
import { renderOpenPdfPage, VIEW_PNG_LEVEL } from "../../main/pdf/render.js";
import { readEInvoice } from "../../main/pdf/einvoice.js";
import { openPdf } from "../../main/pdf/pdfjs-document.js";
import { readPageText } from "../../main/pdf/text-layer.js";
import { listBlobsOfDocument } from "../../main/vault/queries/documents.js";

const LABELS = {
  intake: "intake (read, content MAC, duplicate lookup)",
  parse: "parse (pool worker: text layer, e-invoice)",
  ocr: "OCR (none on born-digital pages)",
  classify: "classify (fields, supplier match)",
  supplier: "supplier + duplicate rows",
  protect: "detect + protect (findings, sealing)",
  renditions: "masked views (pool worker) + scans, thumbnail",
  original: "redacted original (redact-class values only)",
  store: "store (encrypt + fsync blobs, one SQLCipher transaction with the audit row, head file)",
} as const satisfies Record<ImportStage, string>;
export type Stage = (typeof LABELS)[ImportStage];
export const STAGES: readonly Stage[] = IMPORT_STAGES.map((stage) => LABELS[stage]);

/** Inside the parse (same calls as parse-document.ts, in-process, pdfjs already loaded). */
export const PARSE_PARTS = ["open PDF (pdfjs)", "text layer (all pages)", `render view pages at ${VIEW_DPI} dpi + PNG encode`, "e-invoice attachment lookup"] as const;
export type ParsePart = (typeof PARSE_PARTS)[number];

export interface StageProfile {
  documents: number;
  pages: number;
  skipped: number;
  wallMs: number;
  stageMs: Record<Stage, number>;
  parseMs: Record<ParsePart, number>;
  /** Pages with no box to burn (their view render is stored as it is: no decode, no encode). */
  burnWithoutBoxes: number;
  blobsWritten: number;
  /** viewPng: the renders as the parse worker made them; maskedPng and thumbnail: as stored (encrypted). */
  bytes: { original: number; viewPng: number; maskedPng: number; thumbnail: number };
}

const zero = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

async function timed<T>(into: Record<string, number>, key: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    into[key] = (into[key] ?? 0) + performance.now() - started;
  }
}

/** The parse again, in this thread, split in its parts (to see what the worker spends its time on). */
async function profileParse(bytes: Uint8Array, parts: Record<ParsePart, number>, viewBytes: { total: number }): Promise<void> {
  const pdf = await timed(parts, "open PDF (pdfjs)", () => openPdf(bytes, { maxPages: DEFAULT_LIMITS.maxPages, maxBytes: DEFAULT_LIMITS.maxFileBytes }));
  try {
    for (let page = 1; page <= pdf.pageCount; page += 1) {
      const text = await timed(parts, "text layer (all pages)", () => readPageText(pdf, page));
      if (!text.hasUsableText) continue;
      const view = await timed(parts, `render view pages at ${VIEW_DPI} dpi + PNG encode`, () => renderOpenPdfPage(pdf, page, VIEW_DPI, VIEW_PNG_LEVEL));
      viewBytes.total += view.png.length;
    }
    await timed(parts, "e-invoice attachment lookup", () => readEInvoice(pdf));
  } finally {
    await pdf.close();
  }
}

/** importFiles over `files`, one at a time (its own pool of one parse worker), then the parse split in its parts (in-process, warm). */
export async function profileBornDigitalImport(session: VaultSession, files: string[]): Promise<StageProfile> {
  const profile: StageProfile = {
    documents: 0,
    pages: 0,
    skipped: 0,
    wallMs: 0,
    stageMs: zero(STAGES),
    parseMs: zero(PARSE_PARTS),
    burnWithoutBoxes: 0,
    blobsWritten: 0,
    bytes: { original: 0, viewPng: 0, maskedPng: 0, thumbnail: 0 },
  };
  const ocr = createOcrPool({ size: 1 });
  const started = performance.now();
  let results;
  try {
    results = await importFiles(session, files, {
      ocr,
      concurrency: 1,
      onStageTime: (stage, ms) => {
        const label = LABELS[stage];
        profile.stageMs[label] = (profile.stageMs[label] ?? 0) + ms;
      },
    });
  } finally {
    await ocr.terminate();
  }
  profile.wallMs = performance.now() - started;
  for (const result of results) {
    if (result.status !== "imported" || !result.id || result.source === "ocr") {
      profile.skipped += 1;
      continue;
    }
    profile.documents += 1;
    profile.pages += result.pages ?? 0;
    const pagesWithBoxes = new Set((result.sensitive ?? []).filter((entry) => entry.bbox !== null).map((entry) => entry.page));
    profile.burnWithoutBoxes += (result.pages ?? 0) - pagesWithBoxes.size;
    for (const blob of listBlobsOfDocument(session.db, result.id)) {
      profile.blobsWritten += 1;
      if (blob.kind === "original") profile.bytes.original += blob.byteSize;
      else if (blob.kind === "page") profile.bytes.maskedPng += blob.byteSize;
      else if (blob.kind === "thumbnail") profile.bytes.thumbnail += blob.byteSize;
    }
  }
  // Warm pdfjs once so its module load is not charged to the first document.
  const firstFile = files[0];
  const viewBytes = { total: 0 };
  if (firstFile) await profileParse(new Uint8Array(await readFile(firstFile)), zero(PARSE_PARTS), { total: 0 });
  for (const file of files) await profileParse(new Uint8Array(await readFile(file)), profile.parseMs, viewBytes);
  profile.bytes.viewPng = viewBytes.total;
  return profile;
}

export interface WorkerStartup {
  /** A worker thread with the parse worker's resource limits that posts one message and ends. */
  emptyWorkerMs: number;
  /** The same, loading pdfjs (the compiled pdfjs-document.js) before it answers. */
  pdfjsWorkerMs: number;
  runs: number;
}

function timeWorker(code: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: DEFAULT_LIMITS.parseMemoryMb, maxYoungGenerationSizeMb: 48, stackSizeMb: 4 },
    });
    worker.once("message", () => {
      const ms = performance.now() - started;
      void worker.terminate().then(() => resolve(ms));
    });
    worker.once("error", reject);
  });
}

/** What a fresh parse worker costs before it reads a byte: thread start-up, then pdfjs's module load. */
export async function measureWorkerStartup(distPdfjsModule: string, runs = 5): Promise<WorkerStartup> {
  const url = pathToFileURL(distPdfjsModule).href;
  const empty = `require("node:worker_threads").parentPort.postMessage(1);`;
  const withPdfjs = `import(${JSON.stringify(url)}).then((m) => m.loadPdfjs()).then(() => require("node:worker_threads").parentPort.postMessage(1));`;
  let emptyMs = 0;
  let pdfjsMs = 0;
  for (let run = 0; run < runs; run += 1) {
    emptyMs += await timeWorker(empty);
    pdfjsMs += await timeWorker(withPdfjs);
  }
  return { emptyWorkerMs: emptyMs / runs, pdfjsWorkerMs: pdfjsMs / runs, runs };
}

export interface ReusedWorkerParse {
  documents: number;
  firstMs: number;
  meanAfterFirstMs: number;
}

/**
 * What a long-lived parse worker would cost per document: one worker (same limits) parses every file in
 * turn with the compiled parseDocument, as the pipeline's worker does, and reports each duration.
 */
export function measureReusedParseWorker(distParseModule: string, files: string[], viewDpi: number): Promise<ReusedWorkerParse> {
  const url = pathToFileURL(distParseModule).href;
  const limits = { ocrDpi: 300, viewDpi, pdf: { maxPages: DEFAULT_LIMITS.maxPages, maxBytes: DEFAULT_LIMITS.maxFileBytes }, image: {} };
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    import(${JSON.stringify(url)}).then(async ({ parseDocument }) => {
      const times = [];
      for (const path of workerData.files) {
        const started = performance.now();
        await parseDocument({ path }, "pdf", workerData.limits);
        times.push(performance.now() - started);
      }
      parentPort.postMessage(times);
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, {
      eval: true,
      workerData: { files, limits },
      resourceLimits: { maxOldGenerationSizeMb: DEFAULT_LIMITS.parseMemoryMb, maxYoungGenerationSizeMb: 48, stackSizeMb: 4 },
    });
    worker.once("message", (times: number[]) => {
      void worker.terminate();
      const rest = times.slice(1);
      resolve({ documents: times.length, firstMs: times[0] ?? Number.NaN, meanAfterFirstMs: rest.reduce((a, b) => a + b, 0) / Math.max(1, rest.length) });
    });
    worker.once("error", reject);
  });
}
