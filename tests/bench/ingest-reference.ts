/**
 * Reference runs for the ingest benchmark: the native tesseract CLI and ocrmypdf (Paperless-ngx's OCR
 * engine) as separate processes, timed by wall clock, on the very files Coffre reads.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { PageImageFile } from "./ingest-setup.js";

export interface ProcessRun {
  ms: number;
  code: number | null;
  stderr: string;
}

export function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString("utf8");
    });
    child.on("error", (error) => resolve({ ms: performance.now() - started, code: -1, stderr: error.message }));
    child.on("close", (code) => resolve({ ms: performance.now() - started, code, stderr }));
  });
}

export async function mapLanes<T, R>(items: readonly T[], lanes: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        results[index] = await work(items[index] as T, index);
      }
    }),
  );
  return results;
}

export function toolVersion(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).split("\n")[0]?.trim() ?? null;
  } catch {
    return null;
  }
}

/**
 * Coffre's own models (tessdata best_int, shipped gzipped in @tesseract.js-data) unpacked for the native
 * CLI, so engine speed can be compared on the same network; the Debian packages ship tessdata_fast.
 */
export function coffreModelsForNative(dir: string): string {
  const require = createRequire(import.meta.url);
  mkdirSync(dir, { recursive: true });
  for (const language of ["eng", "fra"]) {
    const source = join(dirname(require.resolve(`@tesseract.js-data/${language}/package.json`)), "4.0.0_best_int", `${language}.traineddata.gz`);
    writeFileSync(join(dir, `${language}.traineddata`), gunzipSync(readFileSync(source)));
  }
  return dir;
}

export interface NativeOcrRun {
  ms: number;
  failures: number;
  words: number;
}

/**
 * One `tesseract` process per page, `lanes` at a time, one thread each (OMP_THREAD_LIMIT=1, as ocrmypdf does
 * when it runs several jobs), LSTM only, hOCR output (words with boxes, like Coffre's result).
 */
export async function runNativeTesseract(pages: PageImageFile[], options: { lanes: number; outDir: string; tessdataDir?: string }): Promise<NativeOcrRun> {
  mkdirSync(options.outDir, { recursive: true });
  const env = { ...process.env, OMP_THREAD_LIMIT: "1" };
  const started = performance.now();
  const runs = await mapLanes(pages, options.lanes, (page) => {
    const out = join(options.outDir, basename(page.path, ".png"));
    const tessdata = options.tessdataDir ? ["--tessdata-dir", options.tessdataDir] : [];
    return runProcess("tesseract", [page.path, out, ...tessdata, "--dpi", String(page.dpi), "--oem", "1", "-l", "fra+eng", "-c", "tessedit_create_hocr=1", "-c", "tessedit_create_txt=0"], env);
  });
  const ms = performance.now() - started;
  let words = 0;
  for (const page of pages) {
    try {
      words += ((await readFile(join(options.outDir, `${basename(page.path, ".png")}.hocr`), "utf8")).match(/class=['"]ocrx_word['"]/g) ?? []).length;
    } catch {
      // counted as a failure below
    }
  }
  return { ms, failures: runs.filter((run) => run.code !== 0).length, words };
}

export const OCRMYPDF_FLAGS = ["-l", "fra+eng", "--output-type", "pdf", "--optimize", "0", "--skip-text", "-q"] as const;

export interface OcrmypdfRun {
  ms: number;
  perFileMs: number[];
  failures: { file: string; code: number | null; reason: string }[];
}

/**
 * ocrmypdf on each file in turn, `--jobs cores` inside each (Paperless-ngx runs one document per task
 * worker, its pages in parallel). `--skip-text` leaves pages that have a text layer alone (Paperless's
 * default mode); image pages are all OCRed. Exit code 6 ("already has text", not with --skip-text) and
 * 10 (PDF/A not produced; not asked here) are not failures.
 */
export async function runOcrmypdf(files: string[], options: { jobs: number; outDir: string }): Promise<OcrmypdfRun> {
  mkdirSync(options.outDir, { recursive: true });
  const env = { ...process.env };
  const perFileMs: number[] = [];
  const failures: OcrmypdfRun["failures"] = [];
  const started = performance.now();
  for (const file of files) {
    const run = await runProcess("ocrmypdf", ["--jobs", String(options.jobs), ...OCRMYPDF_FLAGS, file, join(options.outDir, basename(file))], env);
    perFileMs.push(run.ms);
    if (run.code !== 0 && run.code !== 6 && run.code !== 10) failures.push({ file: basename(file), code: run.code, reason: run.stderr.trim().split("\n").slice(-1)[0] ?? "" });
  }
  return { ms: performance.now() - started, perFileMs, failures };
}
