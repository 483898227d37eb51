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
