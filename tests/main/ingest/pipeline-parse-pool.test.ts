import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFiles, type ImportProgress } from "../../../main/ingest/pipeline.js";
import { createOcrPool, type OcrPool } from "../../../main/ocr/pool.js";
import { createParsePool } from "../../../main/parse/parse-pool.js";
import { countDocuments, listQuarantine } from "../../../main/vault/queries/documents.js";
import { PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { frenchInvoicePdf } from "./sample-invoices.js";

const PARSE_WORKER = pathToFileURL(join(REPO_ROOT, "dist/main/parse/parse-worker.js"));
// The real parser, except for a file holding COFFRE-HOSTILE:<crash|hang|exit|allocate> (tests/main/parse/hostile-worker.mjs).
const HOSTILE_WORKER = new URL("../parse/hostile-worker.mjs", import.meta.url);

/**
 * Different invoices (different bytes, numbers and dates). `first` numbers a later batch on from an earlier
 * one in the same vault: pdf-lib stamps its creation date to the second, so the same fields written in the
 * same second are the same bytes, which the vault rightly calls a duplicate.
 */
async function invoices(inbox: string, names: string[], first = 0): Promise<string[]> {
  const paths: string[] = [];
  for (const [offset, name] of names.entries()) {
    const index = first + offset;
    const number = `FA-2024-00${50 + index}`;
    writeFileSync(join(inbox, name), await frenchInvoicePdf({ number, issueDate: `${10 + index}/03/2024`, gross: "1 234,56" }));
    paths.push(join(inbox, name));
  }
  return paths;
}

describe("import pipeline with a pool of parse workers", () => {
  let ocr: OcrPool;
  beforeAll(() => {
    ocr = createOcrPool({ size: 1 });
  });
  afterAll(async () => {
    await ocr.terminate();
  });

  it("a document that crashes or hangs its parse worker is quarantined; the next documents in the same pool import", async () => {
    const { dir } = await makeVault();
    const inbox = tempDir();
    await invoices(inbox, ["a.pdf", "c.pdf", "e.pdf"]);
    writeFileSync(join(inbox, "b-crash.pdf"), "%PDF-1.7\nCOFFRE-HOSTILE:crash\n");
    writeFileSync(join(inbox, "d-hang.pdf"), "%PDF-1.7\nCOFFRE-HOSTILE:hang\n");
    const files = ["a.pdf", "b-crash.pdf", "c.pdf", "d-hang.pdf", "e.pdf"].map((name) => join(inbox, name));
    const parsers = createParsePool({ size: 1, workerFile: HOSTILE_WORKER });
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    try {
      const results = await importFiles(clerk, files, { ocr, parsers, concurrency: 1, limits: { parseTimeoutMs: 2000 } });
      expect(results.map((result) => [result.file, result.status, result.reason ?? null])).toEqual([
        ["a.pdf", "imported", null],
        ["b-crash.pdf", "quarantined", "the parser crashed: parser bug"],
        ["c.pdf", "imported", null],
        ["d-hang.pdf", "quarantined", "parsing took longer than 2 s"],
        ["e.pdf", "imported", null],
      ]);
      expect(results.filter((result) => result.status === "imported").map((result) => result.fields?.invoiceNumber)).toEqual(["FA-2024-0050", "FA-2024-0051", "FA-2024-0052"]);
      // One worker for a and then c after the crash, one for e after the hang: each lost worker was replaced once.
      expect(parsers.workersStarted).toBe(3);
      expect(countDocuments(clerk.db)).toBe(3);
      expect(listQuarantine(clerk.db, null)).toHaveLength(2);
    } finally {
      await parsers.close();
      clerk.lock();
    }
  });

  it("ends its parse workers with the batch", async () => {
    const { dir } = await makeVault();
    const inbox = tempDir();
    const files = await invoices(inbox, ["one.pdf", "two.pdf", "three.pdf"]);
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const parsers = createParsePool({ size: 2, workerFile: PARSE_WORKER });
    try {
      const results = await importFiles(clerk, files, { ocr, parsers, concurrency: 2 });
      expect(results.map((result) => result.status)).toEqual(["imported", "imported", "imported"]);
      // Never more workers than the pool's size. Usually 2, but 1 is right too: under load the second lane
      // may only submit its file after the first file's last render job freed worker 1 (parse-pool.ts slotFor).
      expect(parsers.workersStarted).toBeGreaterThanOrEqual(1);
      expect(parsers.workersStarted).toBeLessThanOrEqual(2);
    } finally {
      await parsers.close();
    }
    expect(parsers.workersRunning).toBe(0);
    // Without a pool given, importFiles makes its own and closes it: the process is left with no parse thread.
    const more = await invoices(tempDir(), ["four.pdf", "five.pdf"], 3);
    const results = await importFiles(clerk, more, { ocr, parseWorkerFile: PARSE_WORKER, concurrency: 2 });
    expect(results.map((result) => result.status)).toEqual(["imported", "imported"]);
    clerk.lock();
  });

  it("cancel: a document cancelled before its storage leaves nothing; one already storing is stored whole; the answer comes after both", async () => {
    const { dir } = await makeVault();
    const inbox = tempDir();
    const files = await invoices(inbox, ["p1.pdf", "p2.pdf", "p3.pdf", "p4.pdf", "p5.pdf"]);
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    try {
      // 1. Cancelled as p2 is taken up (one lane): p2 was not stored, p3.. never started.
      const first = new AbortController();
      const done: string[] = [];
      const onProgress = (controller: AbortController, trigger: (event: ImportProgress) => boolean) => (event: ImportProgress) => {
        if (event.type === "done") done.push(event.file);
        if (trigger(event)) controller.abort();
      };
      await expect(
        importFiles(clerk, files, { ocr, parseWorkerFile: PARSE_WORKER, concurrency: 1, signal: first.signal, onProgress: onProgress(first, (event) => event.type === "document" && event.stage === "start" && event.file === "p2.pdf") }),
      ).rejects.toThrow("import cancelled");
      expect(done).toEqual(["p1.pdf"]);
      expect(countDocuments(clerk.db)).toBe(1);

      // 2. Cancelled while p2 is being stored: p2 is stored whole and reported; nothing after it.
      const second = new AbortController();
      done.length = 0;
      const rest = files.slice(1);
      await expect(
        importFiles(clerk, rest, { ocr, parseWorkerFile: PARSE_WORKER, concurrency: 1, signal: second.signal, onProgress: onProgress(second, (event) => event.type === "document" && event.stage === "store" && event.file === "p2.pdf") }),
      ).rejects.toThrow("import cancelled");
      expect(done).toEqual(["p2.pdf"]);
      expect(countDocuments(clerk.db)).toBe(2);

      // 3. Two lanes (p3 and p4 together), cancelled as p5 is taken up while the other one is still in flight:
      //    when the answer comes every document is settled; the vault holds exactly what was reported done.
      const third = new AbortController();
      done.length = 0;
      await expect(
        importFiles(clerk, files.slice(2), { ocr, parseWorkerFile: PARSE_WORKER, concurrency: 2, signal: third.signal, onProgress: onProgress(third, (event) => event.type === "document" && event.stage === "start" && event.file === "p5.pdf") }),
      ).rejects.toThrow("import cancelled");
      const counted = countDocuments(clerk.db);
      expect(counted).toBe(2 + done.length);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(countDocuments(clerk.db)).toBe(counted);
      expect(done).not.toContain("p5.pdf");
    } finally {
      clerk.lock();
    }
  });
});
