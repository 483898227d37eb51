import type { SecretBytes } from "../crypto/secret.js";
import { checkCipherPages } from "./cipher-integrity.js";
import type { VaultDb } from "./database.js";

export interface IntegrityReport {
  ok: boolean;
  pages: number;
  /** One line per problem found. */
  problems: string[];
}

/**
 * The vault's integrity check: first every page's HMAC (SQLCipher's cipher_integrity_check, done by
 * checkCipherPages), then SQLite's own structural integrity_check. The WAL is checkpointed first so the
 * main file holds every committed page.
 */
export function checkDatabaseIntegrity(db: VaultDb, dek: SecretBytes): IntegrityReport {
  const problems: string[] = [];
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } catch (error) {
    problems.push(`checkpoint failed: ${(error as Error).message}`);
  }
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  const cipher = checkCipherPages(db.name, dek, pageSize);
  for (const page of cipher.badPages) problems.push(`page ${page}: HMAC check failed (the page was altered or damaged)`);
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    for (const row of rows) if (row.integrity_check !== "ok") problems.push(row.integrity_check);
  } catch (error) {
    problems.push(`structure: ${(error as Error).message}`);
  }
  return { ok: problems.length === 0, pages: cipher.pages, problems };
}
