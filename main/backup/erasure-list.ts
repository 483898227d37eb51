import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import { roleHasPermission } from "../auth/permissions.js";
import { unlockUserSlot } from "../crypto/keyslots.js";
import type { Password } from "../crypto/secret.js";
import { CoffreError } from "../errors.js";
import { closeDatabase, openEncryptedDatabase } from "../vault/database.js";
import { readKeyslots } from "../vault/keyslot-store.js";
import { vaultPaths } from "../vault/layout.js";
import { schemaVersion } from "../vault/migrations/index.js";
import { listErasures } from "../vault/queries/erasure.js";
import { getMeta } from "../vault/queries/meta.js";
import { findUserById } from "../vault/queries/users.js";
import type { BackupKey } from "./age-header.js";
import type { Erasure } from "./manifest.js";
import { readBackup } from "./read.js";

/**
 * The erasure list of a newer copy of the same vault, for `coffre restore --erasures-from`:
 * - a vault folder (the live vault, or another restored copy): opened with the restoring admin's name and
 *   password (the same COFFRE_PASSWORD), its `erasures` table read;
 * - a newer backup file: decrypted and authenticated in full with the same passphrase or identity as the
 *   backup being restored (every byte, every hash), its manifest's list taken.
 * Either must belong to the same vault (same vault id). Nothing is written to the source.
 */
export interface ErasureSource {
  kind: "vault" | "backup";
  erasures: Erasure[];
  createdAt: string | null;
}

const MIN_ERASURES_SCHEMA = 6;

async function fromVaultFolder(dir: string, vaultId: string, user: { name: string; password: Password }): Promise<ErasureSource> {
  const paths = vaultPaths(dir);
  if (!existsSync(paths.keyslots) || !existsSync(paths.database)) throw new CoffreError("BAD_INPUT", `${basename(dir)} is not a Coffre vault folder`);
  const keyslots = readKeyslots(paths.keyslots);
  if (keyslots.vaultId !== vaultId) throw new CoffreError("BAD_INPUT", `--erasures-from: ${basename(dir)} is another vault than the backup's`);
  const slot = keyslots.slots.find((candidate) => candidate.name.toLowerCase() === user.name.normalize("NFKC").toLowerCase());
  if (!slot) throw new CoffreError("WRONG_PASSWORD", "wrong user name or password (for the vault given to --erasures-from)");
  const { vaultKeys, userPrivateKey } = await unlockUserSlot(keyslots.vaultId, slot, user.password);
  userPrivateKey.wipe();
  try {
    const db = openEncryptedDatabase(paths.database, vaultKeys.dek, { create: false });
    try {
      if (getMeta(db, "vault_id") !== vaultId) throw new CoffreError("BAD_INPUT", `--erasures-from: ${basename(dir)} is another vault than the backup's`);
      const record = findUserById(db, slot.userId);
      if (!record || record.status !== "active" || !roleHasPermission(record.role, "backup.run")) {
        throw new CoffreError("FORBIDDEN", `${slot.name} is not an active admin of the vault given to --erasures-from`);
      }
      const erasures = schemaVersion(db) >= MIN_ERASURES_SCHEMA ? listErasures(db) : [];
      return {
        kind: "vault",
        createdAt: null,
        erasures: erasures.map((erasure) => ({ documentId: erasure.documentId, erasedAt: erasure.erasedAt, contentMac: erasure.contentMac, docType: erasure.docType })),
      };
    } finally {
      closeDatabase(db);
    }
  } finally {
    vaultKeys.wipe();
  }
}

export async function readErasureSource(source: string, vaultId: string, options: { key: BackupKey; user: { name: string; password: Password } }): Promise<ErasureSource> {
  if (!existsSync(source)) throw new CoffreError("BAD_INPUT", `--erasures-from: ${basename(source)} does not exist`);
  if (statSync(source).isDirectory()) return fromVaultFolder(source, vaultId, options.user);
  const contents = await readBackup(source, { key: options.key, extract: { kind: "none" } });
  if (contents.manifest.vaultId !== vaultId) throw new CoffreError("BAD_INPUT", `--erasures-from: ${basename(source)} is a backup of another vault`);
  return { kind: "backup", createdAt: contents.manifest.createdAt, erasures: contents.manifest.erasures };
}
