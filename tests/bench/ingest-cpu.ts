/**
 * Where a born-digital import's CPU goes, per document: `npm run bench:ingest-cpu [-- --docs 40 --rounds 2 --lanes 2,1]`.
 * The bench's born-digital files (seed 31337, cached in bench-results/fixtures/) through the real importFiles
 * into a fresh real vault, each lane count in turn, `--rounds` times (alternating, so a shared machine's
 * load hits each alike). Per document: wall ms, CPU ms of the whole process, of the main thread alone
 * (Linux /proc task stat of the main thread), of sharp's libvips threads, and the rest (parse workers,
 * V8 helper threads, libuv pool); main-thread event-loop utilisation and delay p99. Needs dist/ (npm run build).
 * --threads: also each run's CPU by thread: the main thread, threads born in the run (parse workers, libvips),
 * and the older ones (V8's four platform threads: GC and compilers of every isolate).
 */
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { importFiles } from "../../main/ingest/pipeline.js";
import { createOcrPool } from "../../main/ocr/pool.js";
import { round } from "./ingest-measure.js";
import { BenchVaults, prepareFixtures } from "./ingest-setup.js";

const TICK_MS = 10; // CLK_TCK 100 on Linux

/** user + system CPU ms of the process's threads, by name: the main thread (tid = pid), libvips, and the others still alive. */
function threadCpuMs(): { main: number; vips: number } {
  let main = 0;
  let vips = 0;
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * TICK_MS;
      if (Number(tid) === process.pid) main += ms;
      else if (readFileSync(`/proc/self/task/${tid}/comm`, "utf8").startsWith("libvips")) vips += ms;
    } catch {
      // a thread that ended meanwhile
    }
  }
  return { main, vips };
}

const { values } = parseArgs({
  options: {
    docs: { type: "string", default: "40" },
    rounds: { type: "string", default: "2" },
    lanes: { type: "string", default: "2,1" },
    seed: { type: "string", default: "31337" },
    /** Take the born-digital PDFs from this folder instead (to compare two checkouts on the same files). */
    dir: { type: "string", default: "" },
    threads: { type: "boolean", default: false },
    /** --gaps: which import step was running when the main thread was held 25 ms or more. */
    gaps: { type: "boolean", default: false },
    /** Parse workers' heap caps to compare (MB, comma-separated; each run in turn). Default: intake's. */
    "parse-mb": { type: "string", default: "" },
  },
  strict: true,
});
const docs = Number(values.docs);
const rounds = Number(values.rounds);
const laneCounts = values.lanes.split(",").map(Number);
const heapCaps: (number | null)[] = values["parse-mb"] ? values["parse-mb"].split(",").map(Number) : [null];

/** --threads: every thread's CPU ms, sampled every 50 ms (a thread's last sample stands for it once it ends). */
const seen = new Map<string, { name: string; ms: number; first: number }>();
const sample = (): void => {
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * TICK_MS;
      const known = seen.get(tid);
      if (known) known.ms = ms;
      else seen.set(tid, { name: readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim(), ms, first: Math.round(performance.now()) });
    } catch {
      // ended
    }
  }
};
const sampler = values.threads ? setInterval(sample, 50) : null;

const fixtures = values.dir ? { bornDigital: [] } : await prepareFixtures({ seed: Number(values.seed), pages: 12, docs: 40, scans: 6, concurrency: 2 });
const files = (values.dir ? readdirSync(values.dir).filter((name) => name.endsWith(".pdf")).sort().map((name) => join(values.dir ?? "", name)) : fixtures.bornDigital).slice(0, docs);
const vaults = new BenchVaults();
const rows: Record<string, number | string>[] = [];
try {
  for (let roundIndex = 0; roundIndex < rounds; roundIndex += 1) {
    for (const lanes of laneCounts) for (const heapCap of heapCaps) {
      const session = await vaults.openFresh();
      const ocr = createOcrPool({ size: 2 });
      const lag = monitorEventLoopDelay({ resolution: 5 });
      try {
        const load = loadavg()[0] ?? 0;
        lag.enable();
        const cpu = process.cpuUsage();
        const threads = threadCpuMs();
        if (sampler) sample();
        const before = new Map([...seen].map(([tid, entry]) => [tid, entry.ms]));
        const elu = performance.eventLoopUtilization();
        const started = performance.now();
        const stageEnds: { stage: string; at: number }[] = [];
        const gapEnds: { ms: number; at: number }[] = [];
        let lastTick = performance.now();
        const ticker = values.gaps
          ? setInterval(() => {
              const now = performance.now();
              if (now - lastTick >= 25) gapEnds.push({ ms: now - lastTick, at: now });
              lastTick = now;
            }, 2)
          : null;
        const results = await importFiles(session, files, {
          ocr,
          concurrency: lanes,
          ...(heapCap ? { limits: { parseMemoryMb: heapCap } } : {}),
          ...(values.gaps ? { onStageTime: (stage: string) => void stageEnds.push({ stage, at: performance.now() }) } : {}),
        });
        if (ticker) {
          clearInterval(ticker);
          // A stage is reported when it ends: the first report at or after a gap's end names the step that held the thread.
          const byStage: Record<string, { gaps: number; maxMs: number }> = {};
          for (const gap of gapEnds) {
            const stage = stageEnds.find((entry) => entry.at >= gap.at - 1)?.stage ?? "after the last step";
            const entry = (byStage[stage] ??= { gaps: 0, maxMs: 0 });
            entry.gaps += 1;
            entry.maxMs = Math.max(entry.maxMs, Math.round(gap.ms));
          }
          process.stderr.write(`gaps >= 25 ms (lanes ${lanes}): ${JSON.stringify(byStage)}\n`);
        }
        const wall = performance.now() - started;
        const used = process.cpuUsage(cpu);
        const after = threadCpuMs();
        if (sampler) {
          // --threads: this run's CPU by thread (a thread that ended counts its last sample): the main thread,
          // threads born in the run (parse workers, the OCR pool's, the redacted-PDF thread), and the older
          // others (V8's platform threads: GC and compilers for every isolate; libuv's pool; libvips).
          sample();
          const byKind = { main: 0, bornInRun: 0, older: 0 };
          const born: { ms: number; name: string }[] = [];
          const older: number[] = [];
          for (const [tid, entry] of seen) {
            const ms = entry.ms - (before.get(tid) ?? 0);
            if (Number(tid) === process.pid) byKind.main += ms;
            else if (before.has(tid)) {
              byKind.older += ms;
              older.push(ms);
            }
            else {
              byKind.bornInRun += ms;
              born.push({ ms, name: entry.name });
            }
          }
          process.stderr.write(`threads (lanes ${lanes}), CPU ms a document: main ${round(byKind.main / results.length, 1)}, born in the run ${round(byKind.bornInRun / results.length, 1)} (${born.sort((a, b) => b.ms - a.ms).map((entry) => `${entry.name} ${round(entry.ms / results.length, 1)}`).join(" / ")}), older others ${round(byKind.older / results.length, 1)} (${older.sort((a, b) => b - a).filter((ms) => ms > 0).map((ms) => round(ms / results.length, 1)).join(" / ")})\n`);
        }
        const loop = performance.eventLoopUtilization(elu);
        lag.disable();
        const imported = results.filter((result) => result.status === "imported").length;
        const n = results.length;
        const total = (used.user + used.system) / 1000;
        const main = after.main - threads.main;
        const vips = after.vips - threads.vips;
        rows.push({
          round: roundIndex + 1,
          lanes,
          heapMb: heapCap ?? "default",
          redacted: results.filter((result) => result.sensitive?.some((entry) => entry.action === "redact")).length,
          load: round(load, 2),
          docsPerS: round(n / (wall / 1000), 2),
          wallMsDoc: round(wall / n, 1),
          cpuMsDoc: round(total / n, 1),
          mainMsDoc: round(main / n, 1),
          vipsMsDoc: round(vips / n, 1),
          otherMsDoc: round((total - main - vips) / n, 1),
          eluMain: round(loop.utilization, 2),
          lagP99: round(Math.max(0, lag.percentile(99) / 1e6 - 5), 1),
          imported,
        });
        process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
      } finally {
        await ocr.terminate();
        session.lock();
      }
    }
  }
} finally {
  vaults.remove();
}
console.table(rows);
if (sampler) {
  clearInterval(sampler);
  sample();
  const list = [...seen].map(([tid, entry]) => ({ tid, ...entry })).filter((entry) => entry.ms >= 200).sort((a, b) => b.ms - a.ms);
  console.table(list);
}
