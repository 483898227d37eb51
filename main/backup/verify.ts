import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Password } from "../crypto/secret.js";
import type { BackupKey } from "./age-header.js";
import { DATABASE_ENTRY, type Manifest } from "./manifest.js";
import { readBackup, type BackupContents } from "./read.js";
import { checkWithKeys, checkWithoutKeys, type KeyedCheckReport } from "./vault-copy.js";

export interface VerifyOptions {
  key: BackupKey;
  /** A user of the backed-up vault (an admin): unlocks the copy for the page, structure and audit checks. */
  user?: { name: string; password: Password };
  onProgress?: (bytesRead: number) => void;
}

export interface VerifyReport {
  manifest: Manifest;
  entries: number;
  bytes: number;
  databasePages: number;
  keyed: KeyedCheckReport | null;
}

/** Writes the small entries kept in memory beside the extracted database, so the copy reads like a vault. */
export function writeSmallEntries(dir: string, contents: BackupContents): void {
  for (const [name, bytes] of contents.small) writeFileSync(join(dir, name), bytes, { mode: 0o600, flag: "wx" });
}

/**
 * Reads and authenticates every byte of a backup, checks every manifest hash and entry, and the database's
 * page structure; with a user's password, also every page's HMAC, integrity_check and the audit chain, on
 * a temporary copy that is always removed. Throws the first problem as one clear line.
 */
export async function verifyBackup(file: string, options: VerifyOptions): Promise<VerifyReport> {
  const work = mkdtempSync(join(tmpdir(), "coffre-verify-"));
  try {
    const contents = await readBackup(file, { key: options.key, extract: { kind: "database-only", dir: work }, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const { pages } = checkWithoutKeys(contents.manifest, join(work, DATABASE_ENTRY), contents.small);
    let keyed: KeyedCheckReport | null = null;
    if (options.user) {
      writeSmallEntries(work, contents);
      keyed = await checkWithKeys(work, contents.manifest, options.user.name, options.user.password);
    }
    return { manifest: contents.manifest, entries: contents.manifest.entries.length, bytes: contents.bytes, databasePages: pages, keyed };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
