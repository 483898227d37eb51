// A stand-in parse worker for tests only: the real one (dist/main/parse/answer-parse-job.js) for ordinary
// files, and a parser that a hostile file sent astray when the file names a behaviour (see behaviourOf).
import { parentPort } from "node:worker_threads";
import { answerParseJob } from "../../../dist/main/parse/answer-parse-job.js";

/** The behaviour asked for: a path naming it, or a file whose bytes hold `COFFRE-HOSTILE:<behaviour>`. */
function behaviourOf(source) {
  if (typeof source?.path === "string") return source.path;
  if (source?.bytes instanceof Uint8Array) {
    const marker = /COFFRE-HOSTILE:([a-z]+)/.exec(Buffer.from(source.bytes.buffer, source.bytes.byteOffset, Math.min(source.bytes.byteLength, 256)).toString("latin1"));
    return marker?.[1] ?? null;
  }
  return null;
}

parentPort.on("message", (job) => {
  const behaviour = behaviourOf(job?.request?.source);
  if (behaviour === "hang") {
    for (;;) {
      // a parser stuck in a loop, never yielding
    }
  } else if (behaviour === "allocate") {
    const hoard = [];
    for (;;) hoard.push(new Array(100_000).fill({ kept: hoard.length }));
  } else if (behaviour === "crash") {
    throw new Error("parser bug\nwith a stack the user must not see");
  } else if (behaviour === "exit") {
    process.exit(3);
  } else {
    void answerParseJob(job, parentPort);
  }
});
