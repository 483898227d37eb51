import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Router, Sender } from "../../../main/ipc/router.js";
import type { ChannelResponse, EventPayload } from "../../../shared/ipc/contract.js";
import { PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { makeVault } from "../../helpers/vault.js";
import { appWindow, login, makeRouter, ok } from "./helpers.js";

/**
 * documents.import cancelled while a document is being read (here: a scan, between its arrival and its OCR)
 * answers as the contract says: the documents finished before the stop, and cancelled: true. Nothing of the
 * stopped document is stored.
 */
const sample = (name: string) => join(REPO_ROOT, "samples", name);

describe("documents.import cancelled while a document is being read", () => {
  let router: Router;
  let clerk: Sender;

  beforeAll(async () => {
    const { dir } = await makeVault({ lifetime: "file" });
    router = makeRouter(dir, { ocrWorkers: 1 });
    clerk = appWindow("clerk");
    await login(router, clerk, "claire", PASSWORDS.clerk);
  });

  afterAll(async () => {
    await router?.close();
  });

  it("keeps the finished results and reports cancelled: true", async () => {
    const jobId = "cancel-while-reading";
    const scan = "doc-7-0009.scan.png";
    const events: EventPayload<"import.progress">[] = [];
    let cancel: Promise<unknown> | null = null;
    const unsubscribe = router.onEvent(clerk, (event, payload) => {
      if (event !== "import.progress") return;
      const progress = payload as EventPayload<"import.progress">;
      events.push(progress);
      // The scan has just been taken up (two text PDFs went first): stop the import now, while it is read.
      if (progress.type === "document" && progress.stage === "start" && progress.file === scan && !cancel) {
        cancel = router.handle(clerk, "documents.importCancel", { jobId });
      }
    });
    const envelope = await router.handle(clerk, "documents.import", { jobId, paths: [sample("doc-7-0013.pdf"), sample("doc-7-0033.pdf"), sample(scan)] });
    unsubscribe();
    expect(cancel, "the scan was never started").not.toBeNull();
    expect(envelope.ok, envelope.ok ? "" : `${envelope.error.code} ${envelope.error.message}`).toBe(true);
    if (!envelope.ok) return;
    const answer = envelope.value as ChannelResponse<"documents.import">;
    expect(answer.cancelled).toBe(true);
    expect(await cancel).toEqual({ ok: true, value: { cancelled: true } });
    // At least the first text PDF had finished when the scan was taken up; the scan itself is not among them.
    expect(answer.results.length).toBeGreaterThanOrEqual(1);
    expect(answer.results.length).toBeLessThanOrEqual(2);
    for (const result of answer.results) {
      expect(result.status).toBe("imported");
      expect(result.file).not.toBe(scan);
      expect(result.id).not.toBeNull();
    }
    // The answer's results are exactly the "done" events sent before it.
    const done = events.filter((event) => event.type === "done").map((event) => event.result?.file);
    expect(answer.results.map((result) => result.file)).toEqual(done.slice(0, answer.results.length));
    // Every reported document is really in the vault; the scan is not.
    for (const result of answer.results) {
      const document = await ok<ChannelResponse<"documents.get">>(router, clerk, "documents.get", { id: result.id });
      expect(document.fileName).toBe(result.file);
    }
    const list = await ok<ChannelResponse<"documents.search">>(router, clerk, "documents.search", { query: {} });
    expect(list.items.map((item) => item.fileName)).not.toContain(scan);
    // The job is over: a new import may use the same id again.
    expect(await ok(router, clerk, "documents.importCancel", { jobId })).toEqual({ cancelled: false });
  });
});
