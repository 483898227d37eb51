/**
 * Ingest speed benchmark: `npm run bench:ingest [-- --pages 12 --docs 40 --scans 6 --mixed-born 6 --parts ocr,pool,mixed,born --pool-rounds 1]`.
 *
 * One run, same images, same cores, printed as ratios against reference runs on this machine:
 *  1. OCR pages/s: Coffre's pool (size = cores) vs the native tesseract CLI (one process a page, cores at a
 *     time) vs ocrmypdf (Paperless-ngx's engine) on a PDF of the same page images; and a mixed batch
 *     (born-digital + scanned PDFs) through Coffre's whole import vs ocrmypdf `--skip-text` on the same files.
 *     Also prepareForOcr alone (the default preprocessing, one page at a time, after a warm-up pass): wall
 *     and CPU ms per page.
 *  2. Pool of 2 vs pool of 1 on the same pages (alternately, `--pool-rounds` times), and beside it the
 *     machine's own scaling: native tesseract with 2 processes at a time vs 1, on the same pages.
 *  3. Born-digital documents/s through the real importFiles into a real encrypted vault, with a stage
 *     profile (ingest-stages.ts) and the parse worker's start-up cost.
 *  4. Main-thread event-loop delay p99 during the imports.
 * Every page and file is generated (seed 31337 by default) and cached in bench-results/fixtures/; the
 * vaults live in a temporary folder removed at the end. Results: console + bench-results/ingest.json.
 * Numbers are only comparable within one run: other load on the machine slows every engine alike.
 */
import { existsSync, rmSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import type { VaultSession } from "../../main/auth/session.js";
import { importFiles, type ImportProgress, type ImportResult } from "../../main/ingest/pipeline.js";
import { createOcrPool, type OcrPool } from "../../main/ocr/pool.js";
import { VIEW_DPI } from "../../main/ingest/renditions.js";
import { DEFAULT_OCR_PREPROCESSING, NO_PREPROCESSING, prepareForOcr } from "../../main/ocr/preprocess.js";
import { measure, percentile, round, type Measured } from "./ingest-measure.js";
import { coffreModelsForNative, OCRMYPDF_FLAGS, runNativeTesseract, runOcrmypdf, toolVersion } from "./ingest-reference.js";
import { BenchVaults, prepareFixtures, type BenchFixtures, type PageImageFile } from "./ingest-setup.js";
import { measureReusedParseWorker, measureWorkerStartup, PARSE_PARTS, profileBornDigitalImport, STAGES } from "./ingest-stages.js";

const RESULTS = "bench-results";
const PARTS = ["ocr", "pool", "mixed", "born"] as const;
type Part = (typeof PARTS)[number];

interface Options {
  seed: number;
  pages: number;
  docs: number;
  scans: number;
  mixedBorn: number;
  cores: number;
  parts: Part[];
  /** Pool of 1 and pool of 2 run alternately this many times (shared machine: compare within a round). */
  poolRounds: number;
}

function fail(reason: string): never {
  process.stderr.write(`bench:ingest: ${reason}\n`);
  process.exit(2);
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      seed: { type: "string", default: "31337" },
      pages: { type: "string", default: "12" },
      docs: { type: "string", default: "40" },
      scans: { type: "string", default: "6" },
      "mixed-born": { type: "string", default: "6" },
      cores: { type: "string", default: String(availableParallelism()) },
      parts: { type: "string", default: PARTS.join(",") },
      "pool-rounds": { type: "string", default: "1" },
    },
    strict: true,
  });
  const integer = (value: string, name: string, min = 1): number => (/^\d+$/.test(value) && Number(value) >= min ? Number(value) : fail(`--${name} must be an integer >= ${min}`));
  const parts = values.parts.split(",").map((part) => part.trim()).filter(Boolean);
  const unknown = parts.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) fail(`unknown part(s) ${unknown.join(", ")}; known: ${PARTS.join(", ")}`);
  const options = {
    seed: integer(values.seed, "seed", 0),
    pages: integer(values.pages, "pages"),
    docs: integer(values.docs, "docs"),
    scans: integer(values.scans, "scans"),
    mixedBorn: integer(values["mixed-born"], "mixed-born", 0),
    cores: integer(values.cores, "cores"),
    parts: parts as Part[],
    poolRounds: integer(values["pool-rounds"], "pool-rounds"),
  };
  if (options.mixedBorn > options.docs) fail("--mixed-born cannot exceed --docs (the mixed batch reuses born-digital files)");
  return options;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const perSecond = (count: number, ms: number): number => round(count / (ms / 1000), 2);
const ratio = (a: number, b: number): number => round(a / b, 2);

// ---------------------------------------------------------------------------------------------- OCR

interface PoolRun {
  size: number;
  preprocessing: "default" | "none";
  startupMs: number;
  wallMs: number;
  pagesPerSecond: number;
  cpuSecondsPerPage: number;
  words: number;
  meanConfidence: number;
}

/** A pool with its workers started (blank pages, one per worker), so the timed batch is OCR only. */
async function warmPool(size: number): Promise<{ pool: OcrPool; startupMs: number }> {
  const blank = await sharp({ create: { width: 800, height: 200, channels: 3, background: "#ffffff" } }).withMetadata({ density: 300 }).png().toBuffer();
  const pool = createOcrPool({ size });
  const started = performance.now();
  await Promise.all(Array.from({ length: size }, (_, index) => pool.recognize(blank, { page: index + 1, dpi: 300 })));
  return { pool, startupMs: performance.now() - started };
}

async function runPool(pool: OcrPool, images: Buffer[], pages: PageImageFile[], startupMs: number, preprocessing: PoolRun["preprocessing"]): Promise<PoolRun> {
  const run = await measure(() =>
    Promise.all(
      images.map((image, index) =>
        pool.recognize(image, { page: index + 1, dpi: pages[index]?.dpi ?? null, ...(preprocessing === "none" ? { preprocessing: NO_PREPROCESSING } : {}) }),
      ),
    ),
  );
  const words = run.value.reduce((sum, page) => sum + page.words.length, 0);
  return {
    size: pool.size,
    preprocessing,
    startupMs: round(startupMs, 0),
    wallMs: round(run.wallMs, 0),
    pagesPerSecond: perSecond(images.length, run.wallMs),
    cpuSecondsPerPage: round(run.cpuSeconds / images.length, 2),
    words,
    meanConfidence: round(run.value.reduce((sum, page) => sum + page.confidence, 0) / Math.max(1, run.value.length), 1),
  };
}

interface PreprocessRun {
  pages: number;
  /** prepareForOcr alone, default preprocessing, one page at a time. */
  wallMsPerPage: number;
  cpuMsPerPage: number;
  deskewed: number;
  upscaled: number;
}

async function preprocessOnly(images: Buffer[], pages: PageImageFile[]): Promise<PreprocessRun> {
  let deskewed = 0;
  let upscaled = 0;
  // One pass first, so sharp's and V8's start-up is not counted (it is paid once per process).
  for (const [index, image] of images.entries()) await prepareForOcr(image, DEFAULT_OCR_PREPROCESSING, pages[index]?.dpi ?? null, 50_000_000);
  const run = await measure(async () => {
    for (const [index, image] of images.entries()) {
      const prepared = await prepareForOcr(image, DEFAULT_OCR_PREPROCESSING, pages[index]?.dpi ?? null, 50_000_000);
      if (prepared.skewDegrees !== 0) deskewed += 1;
      if (prepared.scale !== 1) upscaled += 1;
    }
  });
  return { pages: images.length, wallMsPerPage: round(run.wallMs / images.length, 0), cpuMsPerPage: round((run.cpuSeconds * 1000) / images.length, 0), deskewed, upscaled };
}

interface ReferenceRun {
  engine: string;
  wallMs: number;
  pagesPerSecond: number;
  cpuSecondsPerPage: number;
  failures: number;
  words?: number;
}

async function ocrSection(options: Options, fixtures: BenchFixtures, scratch: string, results: Record<string, unknown>): Promise<void> {
  const pages = fixtures.pages;
  const images = await Promise.all(pages.map((page) => readFile(page.path)));
  log(`OCR: ${pages.length} pages (${[...new Set(pages.map((page) => page.dpi))].join("/")} dpi), pool of ${options.cores}...`);
  const preprocess = await preprocessOnly(images, pages);
  log(`  prepareForOcr alone: ${preprocess.wallMsPerPage} ms/page (${preprocess.cpuMsPerPage} ms CPU; ${preprocess.deskewed} deskewed, ${preprocess.upscaled} upscaled)`);
  const { pool, startupMs } = await warmPool(options.cores);
  let coffre: PoolRun;
  let engineOnly: PoolRun;
  try {
    coffre = await runPool(pool, images, pages, startupMs, "default");
    log(`  coffre pool(${options.cores}): ${coffre.pagesPerSecond} pages/s`);
    engineOnly = await runPool(pool, images, pages, startupMs, "none");
    log(`  coffre pool(${options.cores}), no preprocessing: ${engineOnly.pagesPerSecond} pages/s`);
  } finally {
    await pool.terminate();
  }
  const references: ReferenceRun[] = [];
  const native = async (engine: string, tessdataDir?: string): Promise<void> => {
    const run = await measure(() => runNativeTesseract(pages, { lanes: options.cores, outDir: join(scratch, `native-${references.length}`), ...(tessdataDir ? { tessdataDir } : {}) }));
    references.push({ engine, wallMs: round(run.wallMs, 0), pagesPerSecond: perSecond(pages.length, run.wallMs), cpuSecondsPerPage: round(run.childCpuSeconds / pages.length, 2), failures: run.value.failures, words: run.value.words });
    log(`  ${engine}: ${perSecond(pages.length, run.wallMs)} pages/s${run.value.failures > 0 ? ` (${run.value.failures} failed)` : ""}`);
  };
  await native("tesseract CLI, Debian tessdata_fast");
  await native("tesseract CLI, Coffre's tessdata_best_int", coffreModelsForNative(join(scratch, "tessdata-best-int")));
  const ocrmypdf = await measure(() => runOcrmypdf([fixtures.pagesPdf], { jobs: options.cores, outDir: join(scratch, "ocrmypdf-pages") }));
  references.push({ engine: "ocrmypdf on a PDF of the same pages", wallMs: round(ocrmypdf.wallMs, 0), pagesPerSecond: perSecond(pages.length, ocrmypdf.wallMs), cpuSecondsPerPage: round(ocrmypdf.childCpuSeconds / pages.length, 2), failures: ocrmypdf.value.failures.length });
  log(`  ocrmypdf: ${perSecond(pages.length, ocrmypdf.wallMs)} pages/s${ocrmypdf.value.failures.length > 0 ? ` (failed: ${ocrmypdf.value.failures[0]?.reason ?? ""})` : ""}`);
  const [fast, bestInt, paperless] = references;
  results.ocr = {
    pages: pages.length,
    dpi: pages.map((page) => page.dpi),
    coffre,
    coffreNoPreprocessing: engineOnly,
    preprocessOnly: preprocess,
    references,
    ratios: {
      coffreOverNativeFast: fast ? ratio(coffre.pagesPerSecond, fast.pagesPerSecond) : null,
      coffreOverNativeSameModels: bestInt ? ratio(coffre.pagesPerSecond, bestInt.pagesPerSecond) : null,
      coffreNoPreprocessingOverNativeSameModels: bestInt ? ratio(engineOnly.pagesPerSecond, bestInt.pagesPerSecond) : null,
      coffreOverOcrmypdf: paperless ? ratio(coffre.pagesPerSecond, paperless.pagesPerSecond) : null,
    },
  };
}

/** The median of a list (null when empty). */
function median(values: readonly number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return sorted.length % 2 === 1 ? (sorted[(sorted.length - 1) / 2] ?? null) : round(((sorted[sorted.length / 2 - 1] ?? 0) + (sorted[sorted.length / 2] ?? 0)) / 2, 2);
}

/**
 * The machine's own scaling on the same pages: native tesseract (Coffre's models, one process a page,
 * OMP_THREAD_LIMIT=1) with 2 processes at a time against 1. Two engines that share nothing but the cores:
 * what 2 lanes can gain here at most (memory bandwidth, shared caches, a virtual machine's cores).
 */
async function nativeScaling(fixtures: BenchFixtures, scratch: string, pass: number): Promise<{ oneLanePagesPerSecond: number; twoLanesPagesPerSecond: number; ratio: number }> {
  const tessdataDir = coffreModelsForNative(join(scratch, "tessdata-best-int"));
  const rates: number[] = [];
  for (const lanes of [1, 2]) {
    const run = await measure(() => runNativeTesseract(fixtures.pages, { lanes, outDir: join(scratch, `native-scaling-${pass}-${lanes}`), tessdataDir }));
    rates.push(perSecond(fixtures.pages.length, run.wallMs));
  }
  const [one = 0, two = 0] = rates;
  log(`  native tesseract, same pages: 1 process ${one} pages/s, 2 processes ${two} pages/s`);
  return { oneLanePagesPerSecond: one, twoLanesPagesPerSecond: two, ratio: ratio(two, one) };
}

async function poolSection(options: Options, fixtures: BenchFixtures, scratch: string, results: Record<string, unknown>): Promise<void> {
  const images = await Promise.all(fixtures.pages.map((page) => readFile(page.path)));
  const runs: PoolRun[] = [];
  const roundRatios: number[] = [];
  const native: Awaited<ReturnType<typeof nativeScaling>>[] = [];
  for (let pass = 1; pass <= options.poolRounds; pass += 1) {
    const pair: PoolRun[] = [];
    for (const size of [1, 2]) {
      log(`Pool of ${size}${options.poolRounds > 1 ? ` (round ${pass})` : ""}: ${images.length} pages, load average ${loadavg()[0]?.toFixed(2) ?? "?"}...`);
      const { pool, startupMs } = await warmPool(size);
      try {
        pair.push(await runPool(pool, images, fixtures.pages, startupMs, "default"));
      } finally {
        await pool.terminate();
      }
      log(`  ${pair.at(-1)?.pagesPerSecond ?? 0} pages/s`);
    }
    const [one, two] = pair;
    if (one && two) roundRatios.push(ratio(two.pagesPerSecond, one.pagesPerSecond));
    runs.push(...pair);
    if (options.cores >= 2) native.push(await nativeScaling(fixtures, scratch, pass));
  }
  results.pool = {
    runs,
    roundRatios,
    scaling2over1: median(roundRatios),
    nativeTesseract: { runs: native, scaling2over1: median(native.map((run) => run.ratio)) },
  };
}

// ------------------------------------------------------------------------------------------- imports

interface ImportRun {
  files: number;
  concurrency: number;
  wallMs: number;
  documentsPerSecond: number;
  pagesPerSecond: number;
  cpuSeconds: number;
  statuses: Record<string, number>;
  sources: Record<string, number>;
  pages: number;
  ocrPages: number;
  perDocumentMs: { p50: number; p90: number; max: number };
  /** Real pipeline, from its progress events: start -> "store" (intake, parse, OCR, classify, protect, renditions) and "store" -> done. */
  phaseMs: { beforeStore: number; storeAndAudit: number };
  eventLoopLag: Measured<unknown>["lag"];
}

async function importRun(session: VaultSession, files: string[], cores: number, concurrency: number, ocrPages: (results: ImportResult[]) => number): Promise<ImportRun> {
  const pool = createOcrPool({ size: cores }); // cold: started on the first scanned page, as in the app
  const started = new Map<string, number>();
  const storing = new Map<string, number>();
  const phase = { beforeStore: 0, storeAndAudit: 0 };
  const onProgress = (event: ImportProgress): void => {
    const now = performance.now();
    if (event.type === "document" && event.stage === "start") started.set(event.file, now);
    if (event.type === "document" && event.stage === "store") storing.set(event.file, now);
    if (event.type === "done") {
      const store = storing.get(event.file);
      const start = started.get(event.file);
      if (store !== undefined && start !== undefined) {
        phase.beforeStore += store - start;
        phase.storeAndAudit += now - store;
      }
    }
  };
  let run: Measured<ImportResult[]>;
  try {
    run = await measure(() => importFiles(session, files, { ocr: pool, concurrency, onProgress }), { lag: true });
  } finally {
    await pool.terminate();
  }
  const results = run.value;
  const count = <K extends string>(key: (result: ImportResult) => K | undefined): Record<string, number> =>
    results.reduce<Record<string, number>>((tally, result) => {
      const name = key(result) ?? "none";
      tally[name] = (tally[name] ?? 0) + 1;
      return tally;
    }, {});
  const pages = results.reduce((sum, result) => sum + (result.pages ?? 0), 0);
  const ms = results.map((result) => result.ms);
  return {
    files: files.length,
    concurrency,
    wallMs: round(run.wallMs, 0),
    documentsPerSecond: perSecond(results.length, run.wallMs),
    pagesPerSecond: perSecond(pages, run.wallMs),
    cpuSeconds: round(run.cpuSeconds, 1),
    statuses: count((result) => (result.status === "quarantined" ? `quarantined: ${result.reason ?? ""}` : result.status)),
    sources: count((result) => result.source),
    pages,
    ocrPages: ocrPages(results),
    perDocumentMs: { p50: percentile(ms, 50), p90: percentile(ms, 90), max: Math.max(...ms) },
    phaseMs: { beforeStore: round(phase.beforeStore / Math.max(1, results.length), 0), storeAndAudit: round(phase.storeAndAudit / Math.max(1, results.length), 0) },
    eventLoopLag: run.lag,
  };
}

async function withSession<T>(vaults: BenchVaults, work: (session: VaultSession) => Promise<T>): Promise<T> {
  const session = await vaults.openFresh();
  try {
    return await work(session);
  } finally {
    session.lock();
  }
}

async function mixedSection(options: Options, fixtures: BenchFixtures, vaults: BenchVaults, scratch: string, results: Record<string, unknown>): Promise<void> {
  const files = [...fixtures.bornDigital.slice(0, options.mixedBorn), ...fixtures.scannedPdfs];
  log(`Mixed batch: ${options.mixedBorn} born-digital + ${fixtures.scannedPdfs.length} scanned PDFs through importFiles (pool and lanes = ${options.cores})...`);
  // The pipeline reports OCR per document, not per page: count image pages from ocrmypdf's point of view instead.
  const coffre = await withSession(vaults, (session) => importRun(session, files, options.cores, options.cores, (list) => list.filter((result) => result.ocr?.used).length));
  log(`  coffre: ${round(coffre.wallMs / 1000, 1)} s`);
  const ocrmypdf = await measure(() => runOcrmypdf(files, { jobs: options.cores, outDir: join(scratch, "ocrmypdf-mixed") }));
  log(`  ocrmypdf: ${round(ocrmypdf.wallMs / 1000, 1)} s`);
  const bornCount = Math.min(options.mixedBorn, fixtures.bornDigital.length);
  const bornMs = ocrmypdf.value.perFileMs.slice(0, bornCount);
  results.mixed = {
    files: files.map((file) => basename(file)),
    coffre,
    ocrmypdf: {
      wallMs: round(ocrmypdf.wallMs, 0),
      documentsPerSecond: perSecond(files.length, ocrmypdf.wallMs),
      cpuSeconds: round(ocrmypdf.childCpuSeconds, 1),
      meanMsPerBornDigitalFile: bornMs.length > 0 ? round(bornMs.reduce((a, b) => a + b, 0) / bornMs.length, 0) : null,
      meanMsPerScannedFile: round(ocrmypdf.value.perFileMs.slice(bornCount).reduce((a, b) => a + b, 0) / Math.max(1, files.length - bornCount), 0),
      failures: ocrmypdf.value.failures,
    },
    speedupCoffreOverOcrmypdf: ratio(ocrmypdf.wallMs, coffre.wallMs),
  };
}

async function bornSection(options: Options, fixtures: BenchFixtures, vaults: BenchVaults, results: Record<string, unknown>): Promise<void> {
  const files = fixtures.bornDigital.slice(0, options.docs);
  log(`Born-digital: ${files.length} PDFs through importFiles, ${options.cores} lanes...`);
  const noOcr = (): number => 0;
  const parallel = await withSession(vaults, (session) => importRun(session, files, options.cores, options.cores, noOcr));
  log(`  ${parallel.documentsPerSecond} documents/s (event-loop p99 ${parallel.eventLoopLag?.p99Ms ?? "?"} ms)`);
  log("  again with 1 lane...");
  const serial = await withSession(vaults, (session) => importRun(session, files, options.cores, 1, noOcr));
  log(`  ${serial.documentsPerSecond} documents/s`);
  log("  stage profile (replica of importFile, one document at a time)...");
  const profile = await withSession(vaults, (session) => profileBornDigitalImport(session, files));
  const workerModule = join("dist", "main", "pdf", "pdfjs-document.js");
  const startup = existsSync(workerModule) ? await measureWorkerStartup(workerModule) : null;
  const parseModule = join("dist", "main", "parse", "parse-document.js");
  const reused = existsSync(parseModule) ? await measureReusedParseWorker(parseModule, files, VIEW_DPI) : null;
  const perDocument = (ms: number): number => round(ms / Math.max(1, profile.documents), 1);
  results.bornDigital = {
    parallel,
    serial,
    profile: {
      documents: profile.documents,
      pages: profile.pages,
      skipped: profile.skipped,
      msPerDocument: perDocument(profile.wallMs),
      stagesMsPerDocument: Object.fromEntries(STAGES.map((stage) => [stage, perDocument(profile.stageMs[stage])])),
      insideParseMsPerDocument: Object.fromEntries(PARSE_PARTS.map((part) => [part, perDocument(profile.parseMs[part])])),
      workerStartup: startup && { emptyWorkerMs: round(startup.emptyWorkerMs, 1), workerLoadingPdfjsMs: round(startup.pdfjsWorkerMs, 1), runs: startup.runs },
      reusedParseWorker: reused && { firstDocumentMs: round(reused.firstMs, 0), meanMsAfterFirst: round(reused.meanAfterFirstMs, 1), documents: reused.documents },
      burnWithoutBoxes: profile.burnWithoutBoxes,
      blobsPerDocument: round(profile.blobsWritten / Math.max(1, profile.documents), 1),
      kilobytesPerDocument: Object.fromEntries(Object.entries(profile.bytes).map(([key, bytes]) => [key, round(bytes / 1024 / Math.max(1, profile.documents), 1)])),
    },
  };
}

// -------------------------------------------------------------------------------------------- report

interface Goal {
  name: string;
  value: number | null;
  goal: string;
  pass: boolean | null;
}

function goals(results: Record<string, unknown>): Goal[] {
  const get = (path: string[]): number | null => {
    let node: unknown = results;
    for (const key of path) node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    return typeof node === "number" && Number.isFinite(node) ? node : null;
  };
  const check = (name: string, value: number | null, goal: string, pass: (v: number) => boolean): Goal => ({ name, value, goal, pass: value === null ? null : pass(value) });
  return [
    check("OCR pages/s, coffre / native tesseract (fast models)", get(["ocr", "ratios", "coffreOverNativeFast"]), "report", () => true),
    check("OCR pages/s, coffre / native tesseract (same models)", get(["ocr", "ratios", "coffreOverNativeSameModels"]), "report", () => true),
    check("OCR pages/s, coffre / ocrmypdf (same pages)", get(["ocr", "ratios", "coffreOverOcrmypdf"]), "report", () => true),
    check("mixed batch, ocrmypdf time / coffre time", get(["mixed", "speedupCoffreOverOcrmypdf"]), ">= 1.5", (v) => v >= 1.5),
    check("pool of 2 / pool of 1", get(["pool", "scaling2over1"]), ">= 1.8", (v) => v >= 1.8),
    check("  the machine: native tesseract, 2 processes / 1", get(["pool", "nativeTesseract", "scaling2over1"]), "report", () => true),
    check("born-digital documents/s (importFiles)", get(["bornDigital", "parallel", "documentsPerSecond"]), ">= 20", (v) => v >= 20),
    check("event-loop delay p99, born-digital import (ms)", get(["bornDigital", "parallel", "eventLoopLag", "p99Ms"]), "< 50", (v) => v < 50),
    check("event-loop delay p99, mixed import (ms)", get(["mixed", "coffre", "eventLoopLag", "p99Ms"]), "< 50", (v) => v < 50),
  ];
}

function printSummary(results: Record<string, unknown>, list: Goal[]): void {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const born = results.bornDigital as { profile: { stagesMsPerDocument: Record<string, number>; insideParseMsPerDocument: Record<string, number>; msPerDocument: number; workerStartup: unknown } } | undefined;
  out("");
  out("Ingest benchmark (ratios only mean something within one run; see bench-results/ingest.json)");
  for (const goal of list) {
    const mark = goal.goal === "report" ? "    " : goal.pass === null ? " -- " : goal.pass ? " ok " : "MISS";
    out(`  [${mark}] ${goal.name.padEnd(56)} ${String(goal.value ?? "n/a").padStart(8)}   goal ${goal.goal}`);
  }
  if (born) {
    out("");
    out(`Born-digital stage profile, one document at a time (${born.profile.msPerDocument} ms/document):`);
    const total = Object.values(born.profile.stagesMsPerDocument).reduce((a, b) => a + b, 0);
    for (const [stage, ms] of Object.entries(born.profile.stagesMsPerDocument)) out(`  ${stage.padEnd(48)} ${String(ms).padStart(8)} ms  ${String(round((100 * ms) / Math.max(1e-9, total), 0)).padStart(3)} %`);
    out("  inside the parse (in-process, pdfjs warm):");
    for (const [part, ms] of Object.entries(born.profile.insideParseMsPerDocument)) out(`    ${part.padEnd(46)} ${String(ms).padStart(8)} ms`);
    out(`  parse worker start-up: ${JSON.stringify(born.profile.workerStartup)}`);
    out(`  one long-lived parse worker for all documents: ${JSON.stringify((born.profile as { reusedParseWorker?: unknown }).reusedParseWorker ?? null)}`);
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  const machine = {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: availableParallelism(),
    coresUsed: options.cores,
    loadAverageBefore: loadavg().map((value) => round(value, 2)),
    loadAverageAfter: [] as number[],
    node: process.version,
    tesseract: toolVersion("tesseract", ["--version"]),
    ocrmypdf: toolVersion("ocrmypdf", ["--version"]),
    ocrmypdfFlags: ["--jobs", String(options.cores), ...OCRMYPDF_FLAGS],
  };
  log(`bench:ingest on ${machine.cores} cores (${machine.cpu}), load average ${machine.loadAverageBefore.join(" ")}; generating fixtures (cached)...`);
  const fixtures = await prepareFixtures({ seed: options.seed, pages: options.pages, docs: options.docs, scans: options.scans, concurrency: options.cores });
  const vaults = new BenchVaults();
  const scratch = join(tmpdir(), `coffre-bench-ingest-out-${process.pid}`);
  const results: Record<string, unknown> = {};
  try {
    if (options.parts.includes("ocr")) await ocrSection(options, fixtures, scratch, results);
    if (options.parts.includes("pool")) await poolSection(options, fixtures, scratch, results);
    if (options.parts.includes("mixed")) await mixedSection(options, fixtures, vaults, scratch, results);
    if (options.parts.includes("born")) await bornSection(options, fixtures, vaults, results);
  } finally {
    vaults.remove();
    rmSync(scratch, { recursive: true, force: true });
  }
  machine.loadAverageAfter = loadavg().map((value) => round(value, 2));
  const list = goals(results);
  printSummary(results, list);
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, "ingest.json"), JSON.stringify({ date: new Date().toISOString(), options, machine, goals: list, ...results }, null, 2) + "\n");
  process.stdout.write(`\nload average before ${machine.loadAverageBefore.join(" ")}, after ${machine.loadAverageAfter.join(" ")} (${machine.cores} cores); written ${join(RESULTS, "ingest.json")}\n`);
}

await main();
