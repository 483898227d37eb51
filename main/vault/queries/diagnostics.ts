import type { VaultDb } from "../database.js";

/** A CPU-bound query of a chosen length (recursive count), used to prove the worker keeps the UI free. */
export function countTo(db: VaultDb, iterations: number): number {
  const row = db
    .prepare("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT count(*) AS n FROM c")
    .get(Math.max(1, Math.trunc(iterations))) as { n: number };
  return row.n;
}
