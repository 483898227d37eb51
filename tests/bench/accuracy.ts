/**
 * Extraction accuracy benchmark: `npm run bench:accuracy [-- --seed N --count N --kinds a,b --reuse-ocr --dump --reread on|off]`.
 *
 * Generates a fixture set (seed 90210 by default: one the tests and the tuning never used; tune on
 * another seed, e.g. 1234), runs every file through parse -> OCR -> classify exactly as the import
 * pipeline does (Factur-X taken exactly when present), and prints a per-field exact-match table per
 * kind against the targets. The console shows field names and counts only; the failures with their
 * values go to bench-results/ (gitignored, local only), the table to bench-results/accuracy.json.
 *
 * Two supplier rows (accuracy-score.ts): "supplier" files each column's documents in order into a vault
 * that starts empty (nearly every document is a first sighting there: right when its VAT number, SIRET or
 * company name is read right; a second supplier for one already seen is wrong); "supplierKnown" matches
 * each document against a vault that already knows the set's suppliers, learnt from their born-digital
 * PDFs (needs the pdf kind in the run): right only when filed under the truth's supplier. False merges
 * (a document filed under another supplier) are counted for both.
 *
 * --reuse-ocr keeps each file's recognised pages in bench-results/ocr-cache/by-content/ and reads them back
 * on the next run (for iterating on main/classify). The cache is keyed by a hash of the file's bytes and a
 * fingerprint of the main/ocr sources and the --ocr variant: a regenerated image or an OCR change is read again.
 * The pipeline's second read of doubtful lines (main/ingest/reread.ts) runs after it on every run (`--reread off`:
 * without it, on the same page OCR).
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkInvoiceFields, extractInvoiceFields } from "../../main/classify/index.js";
import { sellerEvidence } from "../../main/classify/evidence.js";
import type { Classification, PageText } from "../../main/ingest/types.js";
import { DEFAULT_LIMITS } from "../../main/ingest/intake.js";
import { createOcrPool, type OcrPool, type OcrPoolOptions } from "../../main/ocr/pool.js";
import { parseDocument } from "../../main/parse/parse-document.js";
import { DEFAULT_PARSE_LIMITS, type ParsedDocument } from "../../main/parse/protocol.js";
import { FIXTURE_KINDS, generateFixtureSet, type FixtureKind, type FixtureTruth } from "../fixtures/generator/index.js";
import { COLUMN_OF, failureCounts, formatTable, scoreAll, type Extracted } from "./accuracy-score.js";
import { generatorFingerprint, ocrCacheKey, ocrFingerprint } from "./fixture-cache.js";
import { emptyRereadTally, formatRereadTally, rereadForBench } from "./reread-tally.js";

const RESULTS = "bench-results";
const DEFAULT_KINDS: FixtureKind[] = ["pdf", "facturx", "scan-clean", "scan-degraded"];

interface Options {
  seed: number;
  count: number;
  kinds: FixtureKind[];
  reuseOcr: boolean;
  dump: boolean;
  /** The second read of doubtful lines (main/ingest/reread.ts), as the pipeline does it; "off" to measure without. */
  reread: boolean;
  /** OCR variant to compare (JSON: {"preprocessing": {...}, "recognition": {...}}), default none. */
  ocr: Pick<OcrPoolOptions, "preprocessing" | "recognition">;
}

function fail(reason: string): never {
  process.stderr.write(`bench:accuracy: ${reason}\n`);
  process.exit(2);
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      seed: { type: "string", default: "90210" },
      count: { type: "string", default: "40" },
      kinds: { type: "string", default: DEFAULT_KINDS.join(",") },
      "reuse-ocr": { type: "boolean", default: false },
      dump: { type: "boolean", default: false },
      ocr: { type: "string", default: "{}" },
      reread: { type: "string", default: "on" },
    },
    strict: true,
  });
  const integer = (value: string, name: string): number => (/^\d+$/.test(value) ? Number(value) : fail(`--${name} must be a non-negative integer`));
  const kinds = values.kinds.split(",").map((kind) => kind.trim()).filter(Boolean);
  const unknown = kinds.filter((kind) => !(FIXTURE_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0) fail(`unknown kind(s) ${unknown.join(", ")}; known: ${FIXTURE_KINDS.join(", ")}`);
  if (values.reread !== "on" && values.reread !== "off") fail("--reread must be on or off");
  return { seed: integer(values.seed, "seed"), count: integer(values.count, "count"), kinds: kinds as FixtureKind[], reuseOcr: values["reuse-ocr"], dump: values.dump, reread: values.reread === "on", ocr: readOcrVariant(values.ocr) };
}

function readOcrVariant(text: string): Pick<OcrPoolOptions, "preprocessing" | "recognition"> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail("--ocr must be JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail("--ocr must be a JSON object");
  return value as Pick<OcrPoolOptions, "preprocessing" | "recognition">;
}

/** The fixture set, generated once per seed/count/kinds and reused while it is on disk. */
async function fixtures(options: Options): Promise<{ dir: string; truth: FixtureTruth }> {
  const dir = join(RESULTS, "fixtures", `${options.seed}-${options.count}-${[...options.kinds].sort().join("+")}-${generatorFingerprint()}`);
  const truthFile = join(dir, "truth.json");
  if (existsSync(truthFile)) return { dir, truth: JSON.parse(await readFile(truthFile, "utf8")) as FixtureTruth };
  return { dir, truth: await generateFixtureSet({ seed: options.seed, count: options.count, outDir: dir, kinds: options.kinds, concurrency: availableParallelism() }) };
}

const PARSE_LIMITS = {
  ocrDpi: DEFAULT_PARSE_LIMITS.ocrDpi,
  viewDpi: null,
  pdf: { maxPages: DEFAULT_LIMITS.maxPages, maxBytes: DEFAULT_LIMITS.maxFileBytes },
  image: { maxPixelsPerPage: DEFAULT_LIMITS.maxPixelsPerPage, maxBytes: DEFAULT_LIMITS.maxFileBytes, maxPages: DEFAULT_LIMITS.maxPages },
};

const OCR_CACHE = join(RESULTS, "ocr-cache", "by-content");
let fingerprint: string | null = null;
/** The OCR fingerprint of this run (main/ocr sources and the --ocr variant), computed once. */
function ocrFingerprintOf(options: Options): string {
  fingerprint ??= ocrFingerprint(JSON.stringify(options.ocr));
  return fingerprint;
}

/** Text-layer pages as they are, OCR pages as recognised, in page order (pipeline.ts readPages). */
const ocrStats = { pages: 0, ms: 0, confidence: 0 };
const rereadTally = emptyRereadTally();

async function readPages(parsed: ParsedDocument, pool: OcrPool): Promise<PageText[]> {
  const recognised = await Promise.all(parsed.ocrPages.map((image) => pool.recognize(image.png, { page: image.page, dpi: image.dpi })));
  for (const page of recognised) {
    ocrStats.pages += 1;
    ocrStats.ms += page.ms;
    ocrStats.confidence += page.confidence;
  }
  const plain = recognised.map(({ page, width, height, words, text, source, skewDegrees }) => ({ page, width, height, words, text, source, skewDegrees }));
  return [...parsed.textPages, ...plain].sort((a, b) => a.page - b.page);
}

/** Classification as pipeline.ts does it; suppliers have no learnt hints in a fresh run. */
function classify(parsed: ParsedDocument, pages: PageText[]): Classification {
  const data = parsed.eInvoice;
  if (data) return { docType: data.docType, fields: data.fields, warnings: checkInvoiceFields(data.fields, data.docType), typeConfidence: 1 };
  // The pipeline re-reads with a matched supplier's learnt hints; suppliers of a fresh vault have none.
  return extractInvoiceFields(pages);
}

async function processFile(dir: string, file: string, pool: OcrPool, options: Options): Promise<{ classification: Classification; source: Extracted["source"]; pages: PageText[] }> {
  const bytes = await readFile(join(dir, file));
  const parsed = await parseDocument({ bytes: new Uint8Array(bytes) }, "auto", PARSE_LIMITS);
  // Keyed by the image bytes and the OCR sources: a regenerated image or an OCR change reads again.
  const cacheFile = join(OCR_CACHE, `${ocrCacheKey(bytes, ocrFingerprintOf(options))}.pages.json`);
  let pages: PageText[];
  if (options.reuseOcr && parsed.ocrPages.length > 0 && existsSync(cacheFile)) {
    pages = JSON.parse(await readFile(cacheFile, "utf8")) as PageText[];
  } else {
    pages = await readPages(parsed, pool);
    if (options.reuseOcr && parsed.ocrPages.length > 0) {
      await mkdir(OCR_CACHE, { recursive: true });
      await writeFile(cacheFile, JSON.stringify(pages));
    }
  }
  // The pipeline's second read of doubtful lines, after the page OCR (cached or not), on every run.
  pages = await rereadForBench(pages, parsed.ocrPages, () => pool, options.reread, rereadTally);
  const source = parsed.eInvoice ? "facturx" : pages.some((page) => page.source === "ocr") ? "ocr" : "text";
  return { classification: classify(parsed, pages), source, pages };
}

async function main(): Promise<void> {
  const options = readOptions();
  const started = performance.now();
  const { dir, truth } = await fixtures(options);
  const generated = performance.now();
  const jobs = truth.documents.flatMap((document) =>
    options.kinds.flatMap((kind) => (document.files[kind] ? [{ document, kind, file: document.files[kind] }] : [])),
  );
  const pool = createOcrPool({ size: availableParallelism(), ...options.ocr });
  const cpuStarted = process.cpuUsage();
  const extracted: Extracted[] = new Array<Extracted>(jobs.length);
  const dumps: string[] = [];
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next;
      next += 1;
      const job = jobs[index];
      if (!job) continue;
      try {
        const { classification, source, pages } = await processFile(dir, job.file, pool, options);
        const evidence = sellerEvidence(pages);
        extracted[index] = { file: job.file, fixtureKind: job.kind, truth: job.document, docType: classification.docType, fields: classification.fields, source, evidence };
        if (options.dump) dumps.push(`===== ${job.file}\n${pages.map((page) => `--- page ${page.page} (${page.source})\n${page.text}`).join("\n")}\n`);
      } catch (error) {
        const empty = Object.fromEntries(Object.keys(job.document.fields).map((name) => [name, null])) as Extracted["fields"];
        extracted[index] = { file: job.file, fixtureKind: job.kind, truth: job.document, docType: "other", fields: empty, source: "text", error: (error as Error).message.split("\n")[0] ?? "" };
      }
      done += 1;
      if (done % 20 === 0) process.stderr.write(`  ${done}/${jobs.length} files\n`);
    }
  };
  try {
    // One more lane than OCR workers, so a worker never waits for a parse.
    await Promise.all(Array.from({ length: pool.size + 1 }, lane));
  } finally {
    await pool.terminate();
  }
  const finished = performance.now();
  const cpu = process.cpuUsage(cpuStarted);

  const { table, failures, falseMerges, recognisedBy } = scoreAll(extracted);
  const errors = extracted.filter((entry) => entry.error);
  await mkdir(RESULTS, { recursive: true });
  const failureLines = failures.map((failure) => JSON.stringify(failure));
  await writeFile(join(RESULTS, "accuracy-failures.jsonl"), failureLines.join("\n") + (failureLines.length > 0 ? "\n" : ""));
  if (options.dump) await writeFile(join(RESULTS, "accuracy-pages.txt"), dumps.sort().join("\n"));
  const report = {
    seed: options.seed,
    count: options.count,
    kinds: options.kinds,
    files: jobs.length,
    errors: errors.map((entry) => ({ file: entry.file, error: entry.error })),
    seconds: { generate: Math.round((generated - started) / 1000), run: Math.round((finished - generated) / 1000) },
    columns: Object.fromEntries(Object.entries(table).filter(([, cells]) => cells.overall.total > 0)),
    kindsInColumns: Object.fromEntries(options.kinds.map((kind) => [kind, COLUMN_OF[kind]])),
    falseMerges,
    recognisedBy,
    reread: options.reread ? rereadTally : null,
  };
  await writeFile(join(RESULTS, "accuracy.json"), JSON.stringify(report, null, 2) + "\n");

  process.stdout.write(`accuracy: seed ${options.seed}, ${truth.documents.length} documents, ${jobs.length} files (${options.kinds.join(", ")})\n\n`);
  process.stdout.write(formatTable(table) + "\n\n");
  process.stdout.write(`false merges (a document filed under another supplier), per column: ${Object.entries(falseMerges).map(([column, count]) => `${column} ${count}`).join(", ")}\n`);
  process.stdout.write(`supplierKnown matched by: ${Object.entries(recognisedBy).map(([column, tally]) => `${column} ${Object.entries(tally).map(([by, count]) => `${by} ${count}`).join(" ")}`).join("; ")}\n\n`);
  process.stdout.write(`failures per column and field (values in ${join(RESULTS, "accuracy-failures.jsonl")}):\n${failureCounts(failures) || "  none"}\n`);
  if (errors.length > 0) process.stdout.write(`${errors.length} file(s) failed to process (see accuracy.json)\n`);
  if (ocrStats.pages > 0) {
    process.stdout.write(`OCR: ${ocrStats.pages} pages, ${Math.round(ocrStats.ms / ocrStats.pages)} ms/page (queue wait included), mean confidence ${(ocrStats.confidence / ocrStats.pages).toFixed(1)}\n`);
  }
  process.stdout.write(options.reread ? formatRereadTally(rereadTally, (cpu.user + cpu.system) / 1e6) : `second read of doubtful lines: off; process CPU of the run ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s\n`);
  process.stdout.write(`time: generate ${report.seconds.generate} s, parse+OCR+classify ${report.seconds.run} s\n`);
}

await main();
