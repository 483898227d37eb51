import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const GENERATOR_DIR = join("tests", "fixtures", "generator");

/**
 * A short fingerprint of the fixture generator's source, part of every cached fixture folder's name under
 * bench-results/fixtures/: a change to the generator (a new line on the invoices, a layout) makes the next
 * run generate its fixtures again instead of measuring the old ones.
 */
export function generatorFingerprint(): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(GENERATOR_DIR).filter((file) => file.endsWith(".ts")).sort()) {
    hash.update(name).update("\0").update(readFileSync(join(GENERATOR_DIR, name))).update("\0");
  }
  return hash.digest("hex").slice(0, 10);
}

const OCR_DIR = join("main", "ocr");
/**
 * The second read of doubtful lines (main/ingest/reread.ts, and its crops here: region.ts) runs on every bench
 * run after the cached page OCR, never from the cache: its sources are no part of the page OCR's key.
 */
const RUN_LIVE = new Set(["region.ts"]);

/**
 * A short fingerprint of the OCR sources (main/ocr: preprocessing, recognition, the pool): part of the key
 * of every OCR result cached by `bench:accuracy --reuse-ocr`, so a change to the OCR reads the images again.
 * `variant` is the run's OCR option override (`--ocr`), part of the key too.
 */
export function ocrFingerprint(variant = ""): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(OCR_DIR).filter((file) => file.endsWith(".ts") && !RUN_LIVE.has(file)).sort()) {
    hash.update(name).update("\0").update(readFileSync(join(OCR_DIR, name))).update("\0");
  }
  hash.update("variant\0").update(variant);
  return hash.digest("hex").slice(0, 10);
}

/** The cache key of one file's OCR: a hash of its bytes and the OCR fingerprint (identical images still hit). */
export function ocrCacheKey(bytes: Uint8Array, fingerprint: string): string {
  return `${createHash("sha256").update(bytes).digest("hex").slice(0, 24)}-${fingerprint}`;
}
