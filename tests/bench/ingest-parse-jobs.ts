/**
 * The parse side of a born-digital import alone, by thread: `npx tsx tests/bench/ingest-parse-jobs.ts [--base
 * ../other-checkout --rounds 4 --lanes 2 --jobs parse,views,original --warm]`. Needs dist/ (npm run build), and
 * the other checkout's dist/ for --base.
 * The pipeline's three parse-worker jobs per document, as importFiles asks them (main/ingest/pipeline.ts): the
 * parse keeping its PDF open, the masked views at VIEW_DPI with every protected box burned and the thumbnail,
 * and for a document with a redact-class value its pages at ORIGINAL_DPI with those boxes. The boxes are the
 * detector's (detectSensitive, default policy; the invoice-field findings are left out), found once before
 * the runs. Each run is a fresh pool of `--lanes` workers (as importFiles makes one per batch; --warm: a
 * first pass over half the files on it, not counted), the checkouts' workers alternated run by run in this
 * one process. Per document: CPU ms of the threads born in the run (the parse workers), libvips's, the older
 * ones (V8's platform threads: compilers and GC of every isolate; libuv's pool) and all but the main thread,
 * from /proc (Linux). No classification, detection, sealing or storage: those are the importing thread's
 * (bench:ingest-cpu). --jobs leaves jobs out, to see each one's share by difference.
 */
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { detectSensitive } from "../../main/detect/index.js";
import { DEFAULT_POLICY } from "../../main/detect/policy.js";
import { ORIGINAL_DPI } from "../../main/ingest/redact-original.js";
import { THUMBNAIL_PNG_LEVEL, THUMBNAIL_WIDTH, VIEW_DPI } from "../../main/ingest/renditions.js";
import { createParsePool, type ParsePool } from "../../main/parse/parse-pool.js";
import type { Box } from "../../main/parse/burn.js";
import { generateFixtureSet } from "../fixtures/generator/index.js";
import { round } from "./ingest-measure.js";

const { values } = parseArgs({
  options: {
    base: { type: "string", default: "" },
    dir: { type: "string", default: "" },
    seed: { type: "string", default: "31337" },
    docs: { type: "string", default: "40" },
    rounds: { type: "string", default: "3" },
    lanes: { type: "string", default: "2" },
    jobs: { type: "string", default: "parse,views,original" },
    warm: { type: "boolean", default: false },
  },
  strict: true,
});
const jobs = new Set(values.jobs.split(","));
const lanes = Number(values.lanes);
const TICK_MS = 10; // CLK_TCK 100 on Linux

/** The same born-digital files as the ingest bench's (seed, start 1000), or the PDFs of --dir. */
async function files(): Promise<string[]> {
  let dir = values.dir;
  if (!dir) {
    dir = join("bench-results", "fixtures", `parse-jobs-${values.seed}-${values.docs}`);
    await generateFixtureSet({ seed: Number(values.seed), count: Number(values.docs), outDir: dir, kinds: ["pdf"], start: 1000, concurrency: 2 });
  }
  return readdirSync(dir).filter((name) => name.endsWith(".pdf")).sort().map((name) => join(dir, name)).slice(0, Number(values.docs));
}

interface Plan {
  bytes: Buffer;
  textPages: number[];
  burn: Map<number, Box[]>;
  redact: Map<number, Box[]>;
}

const limits = { timeoutMs: 60_000, viewDpi: null, pdf: { maxPages: 50, maxBytes: 50 * 1024 * 1024 } };
const workerFile = (root: string): URL => pathToFileURL(join(root, "dist", "main", "parse", "parse-worker.js"));

async function plans(paths: string[]): Promise<Plan[]> {
  const pool = createParsePool({ size: 1, workerFile: workerFile(process.cwd()) });
  try {
    const out: Plan[] = [];
    for (const path of paths) {
      const bytes = readFileSync(path);
      const parsed = await pool.parse(bytes, "pdf", limits);
      if (!parsed.ok) throw new Error(`${path}: ${parsed.reason}`);
      const burn = new Map<number, Box[]>();
      const redact = new Map<number, Box[]>();
      for (const finding of detectSensitive(parsed.result.textPages)) {
        const action = DEFAULT_POLICY[finding.type];
        if (!finding.bbox || finding.page === null || action === "keep") continue;
        burn.set(finding.page, [...(burn.get(finding.page) ?? []), finding.bbox]);
        if (action === "redact") redact.set(finding.page, [...(redact.get(finding.page) ?? []), finding.bbox]);
      }
      out.push({ bytes, textPages: parsed.result.textPages.map((page) => page.page), burn, redact });
    }
    return out;
  } finally {
    await pool.close();
  }
}

async function runJobs(pool: ParsePool, documents: readonly Plan[]): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < documents.length) {
      const plan = documents[next] as Plan;
      next += 1;
      const handles: number[] = [];
      try {
        const parsed = await pool.parse(plan.bytes, "pdf", limits, { keepOpen: true });
        if (!parsed.ok) throw new Error(parsed.reason);
        if (parsed.handle !== undefined) handles.push(parsed.handle);
        const original = jobs.has("original") && plan.redact.size > 0;
        if (jobs.has("views")) {
          const pages = plan.textPages.map((page) => ({ page, burn: plan.burn.get(page) ?? [] }));
          const reuse = handles.at(-1);
          const views = await pool.renderPages(plan.bytes, { dpi: VIEW_DPI, pages, ...(reuse !== undefined ? { reuse } : {}), ...(original ? { keepOpen: true } : {}), thumbnail: { page: 1, width: THUMBNAIL_WIDTH, pngLevel: THUMBNAIL_PNG_LEVEL } }, limits);
          if (!views.ok) throw new Error(views.reason);
          if (views.handle !== undefined) handles.push(views.handle);
        }
        if (original) {
          const pages = plan.textPages.map((page) => ({ page, burn: plan.redact.get(page) ?? [] }));
          const reuse = handles.at(-1);
          const again = await pool.renderPages(plan.bytes, { dpi: ORIGINAL_DPI, pages, ...(reuse !== undefined ? { reuse } : {}) }, limits);
          if (!again.ok) throw new Error(again.reason);
        }
      } finally {
        for (const handle of handles) pool.release(handle);
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

/** CPU ms of each thread of this process, by thread id, with its name. */
function threadCpu(): Map<string, { name: string; ms: number }> {
  const out = new Map<string, { name: string; ms: number }>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(tid, { name: readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim(), ms: (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * TICK_MS });
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

async function run(root: string, documents: readonly Plan[]): Promise<Record<string, number>> {
  const pool = createParsePool({ size: lanes, workerFile: workerFile(root) });
  try {
    if (values.warm) await runJobs(pool, documents.slice(0, Math.ceil(documents.length / 2)));
    const before = threadCpu();
    // A thread that ends during the run (a recycled worker) counts with its last sample.
    const seen = new Map(before);
    const sample = (): void => void threadCpu().forEach((entry, tid) => seen.set(tid, entry));
    const timer = setInterval(sample, 50);
    const started = performance.now();
    try {
      await runJobs(pool, documents);
    } finally {
      clearInterval(timer);
    }
    const wall = performance.now() - started;
    sample();
    const ms = { workers: 0, libvips: 0, older: 0, main: 0 };
    for (const [tid, entry] of seen) {
      const used = entry.ms - (before.get(tid)?.ms ?? 0);
      if (Number(tid) === process.pid) ms.main += used;
      else if (entry.name.startsWith("libvips")) ms.libvips += used;
      else if (before.has(tid)) ms.older += used;
      else ms.workers += used;
    }
    const n = documents.length;
    return { notMain: round((ms.workers + ms.libvips + ms.older) / n, 1), workers: round(ms.workers / n, 1), libvips: round(ms.libvips / n, 1), older: round(ms.older / n, 1), main: round(ms.main / n, 1), wallMs: round(wall / n, 1) };
  } finally {
    await pool.close();
  }
}

const documents = await plans(await files());
process.stderr.write(`${documents.length} documents, ${documents.filter((plan) => plan.redact.size > 0).length} with a redact-class value; jobs ${[...jobs].join(", ")}${values.warm ? ", warm pools" : ""}\n`);
const checkouts: [string, string][] = [["this", process.cwd()], ...(values.base ? [["base", resolve(values.base)] as [string, string]] : [])];
const rows: Record<string, number | string>[] = [];
for (let index = 0; index < Number(values.rounds); index += 1) {
  for (const [label, root] of index % 2 === 0 ? checkouts : [...checkouts].reverse()) {
    const load = round(loadavg()[0] ?? 0, 1);
    rows.push({ round: index + 1, checkout: label, load, ...(await run(root, documents)) });
    process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
  }
}
console.table(rows);
for (const [label] of checkouts) {
  const mine = rows.filter((row) => row.checkout === label).map((row) => Number(row.notMain));
  console.log(`${label}: CPU ms a document, all but the main thread: mean ${round(mine.reduce((a, b) => a + b, 0) / mine.length, 1)} (${mine.join(" / ")})`);
}
