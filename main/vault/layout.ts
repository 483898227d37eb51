import { join, resolve } from "node:path";

/** Where a vault keeps its files. One folder per vault; nothing of it lives elsewhere. */
export interface VaultPaths {
  dir: string;
  /** The SQLCipher 4 database. */
  database: string;
  /** Per-user keyslots, the recovery slot and reveal grants. */
  keyslots: string;
  /** Per-document encrypted files (originals, renditions, thumbnails). */
  blobs: string;
  /** The audit chain's head, kept outside the database so deleting the newest rows is detected. */
  auditHead: string;
  /** Failed-login counters and not-yet-audited failures: readable before the vault is unlocked. */
  lockout: string;
}

export function vaultPaths(dir: string): VaultPaths {
  const root = resolve(dir);
  return {
    dir: root,
    database: join(root, "coffre.db"),
    keyslots: join(root, "keyslots.json"),
    blobs: join(root, "blobs"),
    auditHead: join(root, "audit-head.json"),
    lockout: join(root, "lockout.json"),
  };
}
