import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";

const perTest: string[] = [];
const perFile: string[] = [];

function make(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh temporary folder, removed after the current test. */
export function tempDir(prefix = "coffre-test-"): string {
  const dir = make(prefix);
  perTest.push(dir);
  return dir;
}

/** A temporary folder that lives until the end of the test file (for beforeAll fixtures). */
export function fileTempDir(prefix = "coffre-suite-"): string {
  const dir = make(prefix);
  perFile.push(dir);
  return dir;
}

function removeAll(list: string[]): void {
  while (list.length > 0) {
    const dir = list.pop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

afterEach(() => removeAll(perTest));
afterAll(() => removeAll(perFile));
