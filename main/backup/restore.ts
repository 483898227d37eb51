import { existsSync, mkdtempSync, readdirSync, rmdirSync, rmSync, statSync } from "node:fs";
import { rename } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Password } from "../crypto/secret.js";
import { CoffreError } from "../errors.js";
import type { BackupKey } from "./age-header.js";
import { DATABASE_ENTRY, type Manifest } from "./manifest.js";
import { readErasureSource } from "./erasure-list.js";
import { readBackup } from "./read.js";
import { checkWithKeys, checkWithoutKeys, type KeyedCheckReport } from "./vault-copy.js";
import { writeSmallEntries } from "./verify.js";

export interface RestoreOptions {
  key: BackupKey;
  /** A user (admin) of the backed-up vault: the copy is opened and fully checked before it is put in place. */
  user?: { name: string; password: Password };
  onProgress?: (bytesRead: number) => void;
  clock?: () => Date;
  /**
   * A newer copy of the same vault (its folder, or a newer backup file opened with the same key) whose
   * erasure list is re-applied too, so documents erased after this backup was made do not come back.
   */
  erasuresFrom?: string;
}

export interface RestoreReport {
  dir: string;
  manifest: Manifest;
  keyed: KeyedCheckReport | null;
}

function checkTarget(target: string): { existedEmpty: boolean } {
  if (!existsSync(target)) {
    if (!existsSync(dirname(target))) throw new CoffreError("BAD_INPUT", `the folder that should hold ${basename(target)} does not exist`);
    return { existedEmpty: false };
  }
  if (!statSync(target).isDirectory() || readdirSync(target).length > 0) {
    throw new CoffreError("VAULT_EXISTS", `${basename(target)} exists and is not an empty folder: restore into a new folder`);
  }
  return { existedEmpty: true };
}

/**
 * Rebuilds a vault from a backup in a NEW folder: unpacks into a temporary sibling folder, verifies it (every
 * byte authenticated, every hash; with a user's password the database pages, structure and audit chain,
 * erasures of the backup and of --erasures-from re-applied, the restore audited in the copy), then renames it into place. Any failure removes
 * the temporary folder: nothing is left behind and no existing folder is touched.
 */
export async function restoreBackup(file: string, targetDir: string, options: RestoreOptions): Promise<RestoreReport> {
  const target = resolve(targetDir);
  const { existedEmpty } = checkTarget(target);
  const work = mkdtempSync(join(dirname(target), `.${basename(target)}.restoring-`));
  try {
    const contents = await readBackup(file, { key: options.key, extract: { kind: "all", dir: work }, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    writeSmallEntries(work, contents);
    checkWithoutKeys(contents.manifest, join(work, DATABASE_ENTRY), contents.small);
    let keyed: KeyedCheckReport | null = null;
    if (options.erasuresFrom !== undefined && !options.user) {
      throw new CoffreError("BAD_INPUT", "--erasures-from needs --as ADMIN: erasures are re-applied inside the restored database");
    }
    if (options.user) {
      const newer = options.erasuresFrom !== undefined ? await readErasureSource(options.erasuresFrom, contents.manifest.vaultId, { key: options.key, user: options.user }) : null;
      keyed = await checkWithKeys(work, contents.manifest, options.user.name, options.user.password, {
        restoreFrom: basename(file),
        ...(newer ? { extraErasures: newer.erasures } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
      });
    }
    // Without --as, the backup's own erasure list needs no action: it was read from the same snapshot as
    // the database, so every document it names is already absent from it.
    checkTarget(target);
    if (existedEmpty) rmdirSync(target);
    await rename(work, target);
    return { dir: target, manifest: contents.manifest, keyed };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}
