// A stand-in parse worker for tests only: it behaves like a parser that a hostile file sent astray.
// It speaks the protocol of main/parse/parse-worker.ts; `source.path` says how to misbehave.
import { workerData } from "node:worker_threads";

const behaviour = workerData.source.path;
if (behaviour === "hang") {
  for (;;) {
    // a parser stuck in a loop, never yielding
  }
} else if (behaviour === "allocate") {
  const hoard = [];
  for (;;) hoard.push(new Array(100_000).fill({ kept: hoard.length }));
} else if (behaviour === "crash") {
  throw new Error("parser bug\nwith a stack the user must not see");
}
