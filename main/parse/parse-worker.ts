import { parentPort, workerData } from "node:worker_threads";
import { parseDocument, reasonOf } from "./parse-document.js";
import type { ParseReply, ParseRequest } from "./protocol.js";

/**
 * Worker-thread entry: parses one untrusted file (workerData: ParseRequest), posts one ParseReply and ends.
 * A crash, a hang or a heap blow-up here ends only this thread (see parse-untrusted.ts).
 */
async function main(): Promise<void> {
  const request = workerData as ParseRequest;
  let reply: ParseReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const result = await parseDocument(request.source, request.kind, request.limits);
    // Hand the page images over without copying: each gets its own ArrayBuffer to transfer.
    const handOver = (pages: typeof result.ocrPages) =>
      pages.map((page) => {
        const own = new Uint8Array(page.png); // a copy with an ArrayBuffer of its own, never Buffer's shared pool
        transfer.push(own.buffer);
        return { ...page, png: own as Buffer }; // arrives as a Uint8Array; parse-untrusted.ts makes it a Buffer again
      });
    result.ocrPages = handOver(result.ocrPages);
    result.viewPages = handOver(result.viewPages);
    reply = { ok: true, result };
  } catch (error) {
    reply = { ok: false, reason: reasonOf(error) };
  }
  parentPort?.postMessage(reply, transfer);
}

void main();
