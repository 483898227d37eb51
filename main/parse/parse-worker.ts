import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { loadPdfjs } from "../pdf/pdfjs-document.js";
import { answerParseJob } from "./answer-parse-job.js";

/**
 * Worker-thread entry of the parse pool (parse-pool.ts): a long-lived worker that parses untrusted files
 * one job at a time. A crash, a hang or a heap blow-up here ends only this thread; the pool then fails
 * that one document and starts another worker for the next.
 */

/**
 * On Linux a thread is a task with a nice value of its own: this thread's is raised by PARSE_NICE, so that
 * when the cores are busy the importing thread (the app's event loop) is scheduled before the parses. Only
 * where /proc/thread-self names a task of this very process (elsewhere setPriority takes a process id).
 * Measured (2 lanes, 40 born-digital, load 6-8, alternated): event-loop delay p99 45.6 / 55 ms against
 * 87 / 69.7 at the same priority, 4.16 / 3.51 documents/s against 2.53 / 3.15.
 */
const PARSE_NICE = 5;
function lowerThisThreadsPriority(): void {
  if (process.platform !== "linux" || PARSE_NICE <= 0) return;
  try {
    const [pid, , tid] = readlinkSync("/proc/thread-self").split("/");
    if (Number(pid) !== process.pid || !tid || Number(tid) === process.pid) return;
    setPriority(Number(tid), Math.min(19, getPriority(Number(tid)) + PARSE_NICE));
  } catch {
    // left at the process's priority
  }
}

const port = parentPort;
if (port) {
  lowerThisThreadsPriority();
  // Load pdfjs while the first file is still being read on the other side.
  void loadPdfjs().catch(() => undefined);
  port.on("message", (job: unknown) => void answerParseJob(job, port));
}
