import type { OpenPdf } from "../pdf/pdfjs-document.js";
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
 * The PDF of the last parse asked to keep it open (ParseRequest.keepOpen), by its job id: at most one, closed
 * when the next job starts, or used by it when that job is the render job of the same file (RenderJob.reuse).
 */
let kept: { id: number; pdf: OpenPdf } | null = null;
/** Read through a function: TypeScript does not see the assignment made in parseDocument's callback. */
const keptId = (): number | null => kept?.id ?? null;

/**
 * Inside the parse worker: parses the file of one job and posts one reply with the job's id. The page
 * images are handed over without copying (each in an ArrayBuffer of its own, transferred), so nothing of
 * this document stays reachable in the worker once the reply is posted — except, asked with keepOpen, the
 * opened PDF until the worker's next job.
 */
export async function answerParseJob(job: unknown, port: ReplyPort): Promise<void> {
  if (!isParseJob(job)) {
    port.postMessage({ id: -1, reply: { ok: false, reason: "the parser got an unreadable request" } }, []);
    return;
  }
  let reply: ParseReply;
  const transfer = new Set<ArrayBuffer>();
  const { render } = job.request;
  const keepOpen = render ? render.keepOpen === true : job.request.keepOpen === true;
  const previous = kept;
  kept = null;
  let open = previous && render?.reuse === previous.id ? previous.pdf : null;
  if (previous && !open) await previous.pdf.close().catch(() => undefined);
  try {
    const result = await parseDocument(job.request.source, job.request.kind, job.request.limits, {
      ...(render ? { render, open } : {}),
      ...(keepOpen && !open ? { keepOpen: (pdf: OpenPdf) => void (kept = { id: job.id, pdf }) } : {}),
    });
    if (open && keepOpen) {
      kept = { id: job.id, pdf: open };
      open = null;
    }
    const handOver = (pages: PageImage[]): PageImage[] =>
      pages.map((page) => {
        // A Buffer may sit in Node's shared pool: copy into an ArrayBuffer of its own only then.
        const own = page.png.byteOffset === 0 && page.png.byteLength === page.png.buffer.byteLength ? page.png : new Uint8Array(page.png);
        transfer.add(own.buffer as ArrayBuffer);
        return { ...page, png: own as Buffer }; // arrives as a Uint8Array; parse-pool.ts makes it a Buffer again
      });
    result.ocrPages = handOver(result.ocrPages);
    result.viewPages = handOver(result.viewPages);
    if (result.thumbnail) {
      const [small] = handOver([{ page: 0, png: result.thumbnail, width: 0, height: 0, dpi: null }]);
      if (small) result.thumbnail = small.png;
    }
    reply = { ok: true, result, ...(keptId() === job.id ? { kept: true } : {}) };
  } catch (error) {
    reply = { ok: false, reason: reasonOf(error) };
  } finally {
    if (open) await open.close().catch(() => undefined);
  }
  try {
    port.postMessage({ id: job.id, reply }, [...transfer]);
  } catch (error) {
    port.postMessage({ id: job.id, reply: { ok: false, reason: reasonOf(error) } }, []);
  }
}
