import { parentPort } from "node:worker_threads";
import { loadPdfjs } from "../pdf/pdfjs-document.js";
import { answerParseJob } from "./answer-parse-job.js";

/**
 * Worker-thread entry of the parse pool (parse-pool.ts): a long-lived worker that parses untrusted files
 * one job at a time. A crash, a hang or a heap blow-up here ends only this thread; the pool then fails
 * that one document and starts another worker for the next.
 */
const port = parentPort;
if (port) {
  // Load pdfjs while the first file is still being read on the other side.
  void loadPdfjs().catch(() => undefined);
  port.on("message", (job: unknown) => void answerParseJob(job, port));
}
