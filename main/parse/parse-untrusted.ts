import { createParsePool } from "./parse-pool.js";
import { DEFAULT_PARSE_LIMITS, type ParseKind, type ParseLimits, type ParseOutcome } from "./protocol.js";

export interface ParseUntrustedOptions {
  /** The compiled worker (dist/main/parse/parse-worker.js beside this file by default). */
  workerFile?: URL;
}

/**
 * Parses one untrusted PDF or image in a worker of its own (a parse pool of one, ended after it) with a
 * V8 heap cap and a wall-clock timeout. Never throws for a bad file: a corrupt, hostile, too big, too
 * slow or memory-hungry input gives `{ ok: false, reason }` with one line for the user, and only its
 * worker dies. Batches use a parse pool instead (parse-pool.ts), which keeps workers between files.
 */
export async function parseUntrusted(input: Uint8Array | { path: string }, kind: ParseKind = "auto", overrides: Partial<ParseLimits> = {}, options: ParseUntrustedOptions = {}): Promise<ParseOutcome> {
  const { maxOldGenerationSizeMb, maxYoungGenerationSizeMb, ...perDocument } = { ...DEFAULT_PARSE_LIMITS, ...overrides };
  const pool = createParsePool({ size: 1, documentsPerWorker: 1, maxOldGenerationSizeMb, maxYoungGenerationSizeMb, ...(options.workerFile ? { workerFile: options.workerFile } : {}) });
  try {
    return await pool.parse(input, kind, perDocument);
  } finally {
    await pool.close();
  }
}
