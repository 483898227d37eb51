import { Worker } from "node:worker_threads";
import { workerScriptUrl } from "../worker-url.js";
import { DEFAULT_PARSE_LIMITS, type PageImage, type ParseJob, type ParseJobReply, type ParseKind, type ParseLimits, type ParseOutcome, type ParseReply, type ParseRequest, type RenderJob } from "./protocol.js";

/**
 * A pool of long-lived parse workers (decision 005). Each worker is a thread with a V8 heap cap
 * (resourceLimits) that parses one untrusted file at a time under a wall-clock cap. A file that crashes,
 * hangs or blows the heap of its worker fails alone ({ ok: false, reason }): that worker is ended and
 * another is started for the next file. A worker is also ended after any refused file and after
 * `documentsPerWorker` files (64 by default), which bounds its memory growth and how many documents pass
 * through one heap. A file counts once per job that opens it: the render jobs drawn from the PDF its worker
 * kept open (its masked views, its redacted original) do not count again (decision 008; before, a
 * redact-class document counted 3 and a worker was recycled after ~25 of them, its kept PDF lost).
 * close() ends every worker: a pool lives as long as one import batch.
 */
export interface ParsePoolOptions {
  /** Workers at most (started on demand). Default 1. */
  size?: number;
  /** The compiled worker (dist/main/parse/parse-worker.js beside this file by default). */
  workerFile?: URL;
  /** V8 heap caps of each worker. */
  maxOldGenerationSizeMb?: number;
  maxYoungGenerationSizeMb?: number;
  /** Files a worker parses before it is replaced by a fresh one. */
  documentsPerWorker?: number;
}

/** What one parse may change: everything but the heap caps, which belong to the pool's workers. */
export type ParseOverrides = Partial<Omit<ParseLimits, "maxOldGenerationSizeMb" | "maxYoungGenerationSizeMb">>;

export interface ParsePool {
  readonly size: number;
  /** Never throws for a bad file: a refusal or a lost worker is `{ ok: false, reason }` in one line. */
  parse(input: Uint8Array | { path: string }, kind?: ParseKind, overrides?: ParseOverrides, options?: { keepOpen?: boolean }): Promise<ParseOutcome>;
  /**
   * A render-only job on the same workers and caps (protocol.ts RenderJob): the listed pages of a PDF at
   * `job.dpi`, boxes burned in, as `viewPages`; nothing else is read. Never throws either.
   */
  renderPages(input: Uint8Array | { path: string }, job: RenderJob, overrides?: ParseOverrides): Promise<ParseOutcome>;
  /**
   * No render job will follow the parse of `handle` (ParseOutcome.handle): its worker may be given another
   * file first (the kept PDF is closed when that job starts).
   */
  release(handle: number): void;
  /** Ends every worker (a parse still running answers `{ ok: false }`); the pool takes no more files. */
  close(): Promise<void>;
  /** Workers started so far, and running now (tests and benchmarks: to see recycling and the end). */
  readonly workersStarted: number;
  readonly workersRunning: number;
}

/**
 * 64 documents per worker. A fresh worker costs far more CPU than its start-up wall time says (pdfjs
 * compiled again, JIT warm-up): recycling every 8 documents doubled the parse's CPU a document, every 32
 * added 20-30 %, every 64 ~15 % (decision 005).
 */
export const DEFAULT_DOCUMENTS_PER_WORKER = 64;

const defaultWorkerFile = (): URL => workerScriptUrl("./parse-worker.js", import.meta.url);

interface Job {
  id: number;
  request: ParseRequest;
  transfer: ArrayBuffer[];
  timeoutMs: number;
  resolve: (outcome: ParseOutcome) => void;
  /** A render job given to the worker that keeps its file's PDF open: drawn from it, no new document opened. */
  reused?: boolean;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  documents: number;
  /** The job whose PDF the worker keeps open (a render job of it may follow), unless released. */
  kept: number | null;
}

function isJobReply(value: unknown): value is ParseJobReply {
  if (typeof value !== "object" || value === null) return false;
  const { id, reply } = value as { id?: unknown; reply?: unknown };
  if (typeof id !== "number" || typeof reply !== "object" || reply === null || !("ok" in reply)) return false;
  return reply.ok === true ? "result" in reply : "reason" in reply && typeof reply.reason === "string";
}

const firstLine = (message: string): string => message.split("\n")[0]?.slice(0, 160) ?? "unknown error";

/** The page images arrive as Uint8Arrays over the same (transferred) memory: make them Buffers again. */
function withBuffers(reply: ParseReply, handle: number | null): ParseOutcome {
  if (!reply.ok) return reply;
  const asBuffers = (pages: PageImage[]): PageImage[] => pages.map((page) => ({ ...page, png: Buffer.from(page.png.buffer, page.png.byteOffset, page.png.byteLength) }));
  const { thumbnail } = reply.result;
  const result = { ...reply.result, ocrPages: asBuffers(reply.result.ocrPages), viewPages: asBuffers(reply.result.viewPages), ...(thumbnail ? { thumbnail: Buffer.from(thumbnail.buffer, thumbnail.byteOffset, thumbnail.byteLength) } : {}) };
  return { ok: true, result, ...(handle !== null ? { handle } : {}) };
}

export function createParsePool(options: ParsePoolOptions = {}): ParsePool {
  const size = Math.max(1, Math.floor(options.size ?? 1));
  const documentsPerWorker = Math.max(1, Math.floor(options.documentsPerWorker ?? DEFAULT_DOCUMENTS_PER_WORKER));
  const resourceLimits = {
    maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? DEFAULT_PARSE_LIMITS.maxOldGenerationSizeMb,
    maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb ?? DEFAULT_PARSE_LIMITS.maxYoungGenerationSizeMb,
    stackSizeMb: 4,
  };
  const slots: Slot[] = [];
  const queue: Job[] = [];
  const endings: Promise<unknown>[] = [];
  let nextId = 1;
  let started = 0;
  let closed = false;

  /** Ends a worker for good; its job, if any, fails with `reason`. */
  const retire = (slot: Slot, reason: string | null): void => {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    endings.push(slot.worker.terminate().catch(() => undefined));
    if (job) job.resolve({ ok: false, reason: reason ?? "the parser stopped" });
  };

  const spawn = (): Slot | string => {
    let worker: Worker;
    try {
      worker = new Worker(options.workerFile ?? defaultWorkerFile(), { resourceLimits, stdout: true, stderr: true });
    } catch (error) {
      return `the parser could not start: ${firstLine(error instanceof Error ? error.message : String(error))}`;
    }
    started += 1;
    const slot: Slot = { worker, job: null, timer: null, documents: 0, kept: null };
    // The worker's console output (pdfjs warnings about a broken file) is not ours to print.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on("message", (message: unknown) => {
      const job = slot.job;
      if (!job || !isJobReply(message) || message.id !== job.id) return retire(slot, "the parser sent an unreadable answer");
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.job = null;
      // A document is counted when a job opens it: a render drawn from the PDF kept for it is the same one.
      if (!job.reused) slot.documents += 1;
      // After a refusal the worker may be in any state; after N documents it has seen enough of them.
      const retiring = !message.reply.ok || slot.documents >= documentsPerWorker;
      slot.kept = !retiring && message.reply.ok && message.reply.kept === true ? job.id : null;
      if (retiring) retire(slot, null);
      else slot.worker.unref(); // an idle worker never keeps the process alive
      job.resolve(withBuffers(message.reply, slot.kept));
      dispatch();
    });
    worker.on("error", (error: Error & { code?: string }) => {
      retire(slot, error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "parser ran out of memory" : `the parser crashed: ${firstLine(error.message)}`);
      dispatch();
    });
    worker.on("exit", (code) => {
      retire(slot, `the parser stopped without an answer (exit code ${code})`);
      dispatch();
    });
    slots.push(slot);
    return slot;
  };

  const run = (slot: Slot, job: Job): void => {
    slot.job = job;
    job.reused = job.request.render?.reuse !== undefined && slot.kept === job.request.render.reuse;
    slot.kept = null; // the worker closes (or, for this file's render job, uses) what it kept
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      retire(slot, `parsing took longer than ${Math.round(job.timeoutMs / 100) / 10} s`);
      dispatch();
    }, job.timeoutMs);
    const message: ParseJob = { id: job.id, request: job.request };
    try {
      slot.worker.postMessage(message, job.transfer);
    } catch (error) {
      retire(slot, `the parser could not be given the file: ${firstLine(error instanceof Error ? error.message : String(error))}`);
    }
  };

  /**
   * The worker for a job: a render job goes to the worker that keeps its file open, when that one is idle;
   * any other job to an idle worker that keeps nothing, else a new worker, else an idle one that keeps a file
   * (which it then closes).
   */
  const slotFor = (job: Job): Slot | string | undefined => {
    const idle = slots.filter((candidate) => candidate.job === null);
    const reuse = job.request.render?.reuse;
    const holder = reuse === undefined ? undefined : idle.find((candidate) => candidate.kept === reuse);
    if (holder) return holder;
    const free = idle.find((candidate) => candidate.kept === null);
    if (free) return free;
    if (slots.length < size) return spawn();
    return idle[0];
  };

  const dispatch = (): void => {
    while (queue.length > 0 && !closed) {
      const next = queue[0];
      if (!next) return;
      const slot = slotFor(next);
      if (!slot) return;
      queue.shift();
      if (typeof slot === "string") next.resolve({ ok: false, reason: slot });
      else run(slot, next);
    }
  };

  const submit = (input: Uint8Array | { path: string }, kind: ParseKind, overrides: ParseOverrides, render: RenderJob | undefined, keepOpen = false): Promise<ParseOutcome> => {
    if (closed) return Promise.resolve({ ok: false, reason: "the import was stopped" });
    const limits = { ...DEFAULT_PARSE_LIMITS, ...overrides };
    // The worker gets its own copy of the bytes (transferred); the caller's buffer stays usable.
    const source: ParseRequest["source"] = input instanceof Uint8Array ? { bytes: new Uint8Array(input) } : { path: input.path };
    const request: ParseRequest = { source, kind, limits: { ocrDpi: limits.ocrDpi, viewDpi: limits.viewDpi, pdf: limits.pdf, image: limits.image }, ...(render ? { render } : {}), ...(keepOpen ? { keepOpen } : {}) };
    return new Promise<ParseOutcome>((resolve) => {
      queue.push({ id: nextId++, request, transfer: "bytes" in source ? [source.bytes.buffer as ArrayBuffer] : [], timeoutMs: limits.timeoutMs, resolve });
      dispatch();
    });
  };

  return {
    size,
    get workersStarted() {
      return started;
    },
    get workersRunning() {
      return slots.length;
    },
    parse(input, kind = "auto", overrides = {}, parseOptions = {}) {
      return submit(input, kind, overrides, undefined, parseOptions.keepOpen === true);
    },
    renderPages(input, job, overrides = {}) {
      return submit(input, "pdf", overrides, job);
    },
    release(handle) {
      for (const slot of slots) if (slot.kept === handle) slot.kept = null;
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.resolve({ ok: false, reason: "the import was stopped" });
      for (const slot of [...slots]) retire(slot, "the import was stopped");
      await Promise.all(endings);
    },
  };
}
