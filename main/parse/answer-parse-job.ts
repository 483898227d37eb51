import { parseDocument, reasonOf } from "./parse-document.js";
import type { PageImage, ParseJob, ParseJobReply, ParseReply } from "./protocol.js";

/** Where the answer goes: the worker's parentPort (or a stand-in in tests). */
export interface ReplyPort {
  postMessage(message: ParseJobReply, transfer: ArrayBuffer[]): void;
}

function isParseJob(value: unknown): value is ParseJob {
  if (typeof value !== "object" || value === null) return false;
  const { id, request } = value as { id?: unknown; request?: unknown };
  return typeof id === "number" && typeof request === "object" && request !== null && "source" in request && "kind" in request && "limits" in request;
}

/**
 * Inside the parse worker: parses the file of one job and posts one reply with the job's id. The page
 * images are handed over without copying (each in an ArrayBuffer of its own, transferred), so nothing of
 * this document stays reachable in the worker once the reply is posted.
 */
export async function answerParseJob(job: unknown, port: ReplyPort): Promise<void> {
  if (!isParseJob(job)) {
    port.postMessage({ id: -1, reply: { ok: false, reason: "the parser got an unreadable request" } }, []);
    return;
  }
  let reply: ParseReply;
  const transfer = new Set<ArrayBuffer>();
  try {
    const result = await parseDocument(job.request.source, job.request.kind, job.request.limits, job.request.render);
    const handOver = (pages: PageImage[]): PageImage[] =>
      pages.map((page) => {
        // A Buffer may sit in Node's shared pool: copy into an ArrayBuffer of its own only then.
        const own = page.png.byteOffset === 0 && page.png.byteLength === page.png.buffer.byteLength ? page.png : new Uint8Array(page.png);
        transfer.add(own.buffer as ArrayBuffer);
        return { ...page, png: own as Buffer }; // arrives as a Uint8Array; parse-pool.ts makes it a Buffer again
      });
    result.ocrPages = handOver(result.ocrPages);
    result.viewPages = handOver(result.viewPages);
    reply = { ok: true, result };
  } catch (error) {
    reply = { ok: false, reason: reasonOf(error) };
  }
  try {
    port.postMessage({ id: job.id, reply }, [...transfer]);
  } catch (error) {
    port.postMessage({ id: job.id, reply: { ok: false, reason: reasonOf(error) } }, []);
  }
}
