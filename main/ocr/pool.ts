import { availableParallelism } from "node:os";
import type { Worker as NodeWorker } from "node:worker_threads";
import tesseract from "tesseract.js";
import type { Worker as TesseractWorker, WorkerParams } from "tesseract.js";
import type { PageText, Word } from "../ingest/types.js";
import { CoffreError } from "../errors.js";
import { prepareLanguageData, type OcrLanguage } from "./language-data.js";
import { DEFAULT_OCR_PREPROCESSING, prepareForOcr, type OcrPreprocessing, type PreparedImage } from "./preprocess.js";
import { prepareRegion, type OcrRegionRequest } from "./region.js";
import { wordsFromTesseract } from "./tesseract-page.js";

export type { OcrRegionRequest } from "./region.js";

export interface OcrPoolOptions {
  /** Tesseract workers (each its own thread, ~165 MB). Default: the number of cores. */
  size?: number;
  languages?: readonly OcrLanguage[];
  preprocessing?: Partial<OcrPreprocessing>;
  /** Where the offline language files are gathered; default a folder under os.tmpdir(). */
  languageDataDir?: string;
  /** Biggest image accepted, in pixels (checked from the header). */
  maxPixels?: number;
  /** Tesseract settings (page segmentation mode, other parameters). */
  recognition?: Partial<OcrRecognition>;
  /**
   * Called with each worker's thread as soon as it is spawned, while tesseract.js is still starting it
   * (monitoring; the tests stop one, at startup or later, to see the pool cope).
   */
  onWorkerThread?: (thread: NodeWorker) => void;
}

/** Tesseract page segmentation modes worth trying on invoices. */
export type PageSegmentationMode = "3" | "4" | "6" | "11" | "12";

export interface OcrRecognition {
  /** 3: automatic (tesseract's default), 4: one column, 6: one block, 11/12: sparse text (+ OSD). */
  psm: PageSegmentationMode;
  /** Tell tesseract the prepared image's resolution (user_defined_dpi) instead of letting it guess. */
  passDpi: boolean;
  /** Other tesseract parameters, passed to setParameters as they are. */
  parameters: Readonly<Record<string, string>>;
}

export const DEFAULT_OCR_RECOGNITION: Readonly<OcrRecognition> = Object.freeze({ psm: "3", passDpi: false, parameters: Object.freeze({}) });

export interface OcrPageRequest {
  /** 1-based page number reported in the result. */
  page: number;
  /** Resolution of the image when known (a PDF render); otherwise read from the file or guessed. */
  dpi?: number | null;
  /** Overrides the pool's preprocessing for this page (benchmarks). */
  preprocessing?: Partial<OcrPreprocessing>;
  recognition?: Partial<OcrRecognition>;
}

export interface OcrPageText extends PageText {
  source: "ocr";
  /** Mean word confidence 0..100, weighted by word length. */
  confidence: number;
  skewDegrees: number;
  ms: number;
}

/** What a region read gives: its words boxed in the page image's pixels. */
export interface OcrRegionText {
  words: Word[];
  text: string;
  /** Mean word confidence 0..100, weighted by word length. */
  confidence: number;
  ms: number;
}

export interface OcrPool {
  readonly size: number;
  /** OCR of one PNG or JPEG page: words boxed in the image's pixels, origin top-left. */
  recognize(image: Buffer, request: OcrPageRequest): Promise<OcrPageText>;
  /**
   * OCR of one region of a page image (a line read again, main/ingest/reread.ts): cropped, turned straight by
   * the page's skew, upscaled and read with its own segmentation mode and binarisation; the words come back
   * boxed in the page image's pixels. The worker's page settings are restored after it.
   */
  recognizeRegion(image: Buffer, region: OcrRegionRequest): Promise<OcrRegionText>;
  terminate(): Promise<void>;
}

/**
 * A pool of tesseract.js workers (LSTM, offline language data). Workers start lazily, up to `size`, and
 * run one page each at a time; pages wait in FIFO order, at most size + 1 of them past the gate. Tesseract
 * runs in its own worker threads and sharp's preprocessing in libuv's pool; the calling thread only runs
 * the skew search (~10 ms a page) and small loops.
 */
/** Fewer words than this on a turned page: read again with the paper's colour in its corners. */
const NEARLY_EMPTY_WORDS = 10;

/**
 * Runs `spawn`, which creates one worker thread synchronously (tesseract.js's createWorker does, and hands the
 * thread over only once the worker has started), and passes that thread to `found` as Node announces it: the
 * process 'worker' event, queued with process.nextTick when the thread is constructed. A tick queued before
 * `spawn` and one after bracket the announcement of the thread made inside it, and of no other (threads made
 * before it are announced before the first tick, threads made after it after the second). Nothing announced:
 * `found` is not called.
 */
function catchSpawnedThread<T>(spawn: () => T, found: (thread: NodeWorker) => void): T {
  let phase: "spawning" | "spawned" | "announcing" | "done" = "spawning";
  const listener = (thread: NodeWorker): void => {
    if (phase !== "spawning" && phase !== "announcing") return;
    phase = "done";
    found(thread);
  };
  process.on("worker", listener);
  process.nextTick(() => {
    if (phase === "spawned") phase = "announcing";
  });
  try {
    return spawn();
  } finally {
    if (phase === "spawning") phase = "spawned";
    process.nextTick(() => {
      phase = "done";
      process.off("worker", listener);
    });
  }
}

/** A started tesseract.js worker with its thread's fate. */
interface PoolWorker {
  tesseract: TesseractWorker;
  /** Rejects with a one-line error when the worker stops: its thread's error or exit, or a failed job. */
  death: Promise<never>;
  /** Drops the worker (idempotent): its page fails, it is never handed out again, its place is freed. */
  kill: (reason: string) => void;
  dead: boolean;
  /** The parameters the worker holds now, so a page only pays setParameters when they change. */
  settings?: string;
}

export function createOcrPool(options: OcrPoolOptions = {}): OcrPool {
  const size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
  const languages = options.languages ?? ["fra", "eng"];
  const preprocessing: OcrPreprocessing = { ...DEFAULT_OCR_PREPROCESSING, ...options.preprocessing };
  const maxPixels = options.maxPixels ?? 50_000_000;
  const recognition: OcrRecognition = { ...DEFAULT_OCR_RECOGNITION, ...options.recognition };
  const langPath = prepareLanguageData(languages, options.languageDataDir);
  const idle: PoolWorker[] = [];
  const all: Promise<PoolWorker>[] = [];
  const waiting: { resolve: (worker: PoolWorker) => void; reject: (error: unknown) => void }[] = [];
  let terminated = false;

  function forget(entry: Promise<PoolWorker>): void {
    const at = all.indexOf(entry);
    if (at >= 0) all.splice(at, 1);
  }

  /**
   * A new worker. tesseract.js listens only to its thread's messages: an error thrown in the thread (an 'error'
   * event with no listener) would take the whole process down, and a thread that exits leaves its page waiting
   * for ever, createWorker's promise too when it happens while the worker starts. So the pool watches the thread
   * itself from its spawning on: a worker whose thread stops (an error thrown in it, an exit), whose start fails
   * or whose job fails is dropped and never handed out again; its death rejects the page it was reading, or the
   * page it was starting for, and its place goes to the next page waiting.
   */
  function start(): Promise<PoolWorker> {
    let fail: (error: Error) => void = () => undefined;
    const death = new Promise<never>((_, reject) => {
      fail = reject;
    });
    death.catch(() => undefined);
    let thread: NodeWorker | undefined;
    let started: PoolWorker | undefined;
    let dead = false;
    const kill = (reason: string): void => {
      if (dead) return;
      dead = true;
      if (started) started.dead = true;
      forget(entry);
      const at = started ? idle.indexOf(started) : -1;
      if (at >= 0) idle.splice(at, 1);
      fail(new CoffreError("INTERNAL", `an OCR worker stopped (${reason})`));
      if (started) void started.tesseract.terminate().catch(() => undefined);
      else void thread?.terminate().catch(() => undefined);
      // Its place is free: the next page waiting gets a new worker.
      const next = waiting.shift();
      if (next && !terminated) start().then(next.resolve, next.reject);
    };
    const watch = (found: NodeWorker): void => {
      thread = found;
      found.on("error", (error: Error) => kill(`error in its thread: ${error.name}`));
      found.on("exit", (code: number) => kill(`its thread exited with code ${code}`));
      options.onWorkerThread?.(found);
    };
    // errorHandler: a failed job rejects its own promise; without a handler tesseract.js rethrows it in an
    // event callback, which would take the whole process down.
    const created = catchSpawnedThread(
      () => tesseract.createWorker([...languages], 1 /* OEM.LSTM_ONLY */, { langPath, cacheMethod: "none", gzip: true, errorHandler: () => undefined }),
      watch,
    );
    const entry: Promise<PoolWorker> = Promise.race([created, death]).then((worker) => {
      started = { tesseract: worker, death, kill, dead };
      // The thread as tesseract.js hands it over, should its spawning not have been seen.
      const own = (worker as unknown as { worker?: NodeWorker }).worker;
      if (!thread && own) watch(own);
      return dead ? death : started;
    });
    all.push(entry);
    // A worker that fails to start frees its place for the next call.
    entry.catch(() => kill("it failed to start"));
    return entry;
  }

  /** The worker's job, or the worker's death, whichever comes first. */
  function job<T>(worker: PoolWorker, work: Promise<T>): Promise<T> {
    return Promise.race([work, worker.death]);
  }

  async function acquire(): Promise<PoolWorker> {
    const ready = idle.pop();
    if (ready) return ready;
    if (all.length < size) return start();
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  }

  function release(worker: PoolWorker): void {
    if (worker.dead) return;
    const next = waiting.shift();
    if (next) next.resolve(worker);
    else idle.push(worker);
  }

  // Pages in flight (preprocessing, waiting for a worker, recognised): one more than the workers, so the
  // next page is prepared while the workers read, and a 300-page batch does not hold 300 decoded pages
  // (tens of MB each) at once. The others wait in FIFO order, their given image only.
  const inFlightLimit = size + 1;
  let inFlight = 0;
  const gate: (() => void)[] = [];
  async function enter(): Promise<void> {
    if (inFlight < inFlightLimit) {
      inFlight += 1;
      return;
    }
    // The place is handed over by leave(), not counted again.
    await new Promise<void>((resolve) => gate.push(resolve));
  }
  function leave(): void {
    const next = gate.shift();
    if (next) next();
    else inFlight -= 1;
  }

  async function recognize(image: Buffer, request: OcrPageRequest): Promise<OcrPageText> {
    if (terminated) throw new CoffreError("INTERNAL", "the OCR pool has been terminated");
    const started = performance.now();
    await enter();
    try {
      return await recognizeNow(image, request, started);
    } finally {
      leave();
    }
  }

  async function recognizeNow(image: Buffer, request: OcrPageRequest, started: number): Promise<OcrPageText> {
    if (terminated) throw new CoffreError("INTERNAL", "the OCR pool has been terminated");
    const steps = { ...preprocessing, ...request.preprocessing };
    let prepared = await prepareForOcr(image, steps, request.dpi ?? null, maxPixels);
    const worker = await acquire();
    try {
      const settings = { ...recognition, ...request.recognition };
      const read = async (page: PreparedImage): Promise<ReturnType<typeof wordsFromTesseract>> => {
        // debug_file: tesseract's own notes ("Detected 62 diacritics") would otherwise land on the app's stderr.
        const wanted = { debug_file: "/dev/null", ...settings.parameters, tessedit_pageseg_mode: settings.psm, ...(settings.passDpi ? { user_defined_dpi: String(Math.round(page.dpi)) } : {}) };
        const key = JSON.stringify(wanted);
        if (worker.settings !== key) {
          await job(worker, worker.tesseract.setParameters(wanted as Partial<WorkerParams>));
          worker.settings = key;
        }
        const { data } = await job(worker, worker.tesseract.recognize(page.image, {}, { blocks: true, text: false }));
        return wordsFromTesseract(data, page.toOriginal);
      };
      let result = await read(prepared);
      // A turned page that came back (nearly) empty: white corners on a grey paper can throw tesseract's
      // threshold (see OcrPreprocessing.cornerFill); read it again with the paper's colour in the corners.
      if (prepared.skewDegrees !== 0 && steps.cornerFill === "white" && result.words.length < NEARLY_EMPTY_WORDS) {
        const again = await prepareForOcr(image, { ...steps, cornerFill: "paper" }, request.dpi ?? null, maxPixels);
        const second = await read(again);
        if (second.words.length > result.words.length) {
          prepared = again;
          result = second;
        }
      }
      const { words, text, confidence } = result;
      return {
        page: request.page,
        width: prepared.width,
        height: prepared.height,
        words,
        text,
        source: "ocr",
        confidence,
        skewDegrees: prepared.skewDegrees,
        ms: Math.round(performance.now() - started),
      };
    } catch (error) {
      // A worker whose job failed (tesseract's wasm may be left aborted) is replaced, not handed out again.
      worker.kill("a page it read failed");
      throw error;
    } finally {
      release(worker);
    }
  }

  async function recognizeRegion(image: Buffer, region: OcrRegionRequest): Promise<OcrRegionText> {
    if (terminated) throw new CoffreError("INTERNAL", "the OCR pool has been terminated");
    const started = performance.now();
    const prepared = await prepareRegion(image, region, maxPixels);
    if (!prepared) return { words: [], text: "", confidence: 0, ms: Math.round(performance.now() - started) };
    const worker = await acquire();
    try {
      // Only the keys of the region read; the next page read sets its own again (its settings key is dropped).
      const wanted = { debug_file: "/dev/null", tessedit_pageseg_mode: prepared.psm, thresholding_method: prepared.thresholdingMethod };
      worker.settings = undefined;
      await job(worker, worker.tesseract.setParameters(wanted as Partial<WorkerParams>));
      try {
        const { data } = await job(worker, worker.tesseract.recognize(prepared.image, {}, { blocks: true, text: false }));
        const { words, text, confidence } = wordsFromTesseract(data, prepared.toPage);
        return { words, text, confidence, ms: Math.round(performance.now() - started) };
      } finally {
        // Back to tesseract's own thresholding; the page segmentation mode is set by the next page read.
        await job(worker, worker.tesseract.setParameters({ thresholding_method: "0" } as Partial<WorkerParams>)).catch(() => undefined);
      }
    } catch (error) {
      worker.kill("a region it read failed");
      throw error;
    } finally {
      release(worker);
    }
  }

  async function terminate(): Promise<void> {
    terminated = true;
    for (const next of waiting.splice(0)) next.reject(new CoffreError("INTERNAL", "the OCR pool has been terminated"));
    const workers = await Promise.allSettled(all);
    await Promise.all(workers.map((result) => (result.status === "fulfilled" ? result.value.tesseract.terminate().catch(() => undefined) : undefined)));
  }

  return { size, recognize, recognizeRegion, terminate };
}
