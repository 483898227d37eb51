import { z } from "zod";
import { CoffreError } from "../errors.js";

/**
 * What a backup holds, as a tar inside one age file:
 *
 *   coffre.db          the SQLCipher 4 snapshot (still encrypted with the vault's DEK)
 *   keyslots.json      the keyslots (wrapped keys only)
 *   audit-head.json    the audit chain's outside head (read before the snapshot, so never ahead of it)
 *   blobs/xx/<32 hex>  every stored file, as encrypted on disk
 *   manifest.json      LAST: every entry above with its size and SHA-256, and the facts below
 *
 * The manifest comes last so a backup is written in one pass (hashes are computed while streaming, a vault
 * is never read twice) and a reader verifies in one pass too: it hashes each entry as it goes, then checks
 * the list when the manifest arrives. A backup cut short has no manifest, so it cannot pass for complete.
 *
 * Erasures (GDPR, issue 8). `erasures` lists every document erased from the vault up to the snapshot (id,
 * time, and the content MAC and type that tell it apart from a later re-import of the same file), read from
 * the snapshot's own `erasures` table (migration 0006), so it matches the database in the backup exactly.
 * `coffre restore` takes the union of this list, of the restored database's table and of the list of any
 * newer vault or backup it is given (--erasures-from), and erases from the restored copy every listed
 * document still present before the copy is renamed into place: an erased document never comes back.
 */
export const MANIFEST_NAME = "manifest.json";
export const DATABASE_ENTRY = "coffre.db";
export const KEYSLOTS_ENTRY = "keyslots.json";
export const AUDIT_HEAD_ENTRY = "audit-head.json";
const BLOB_ENTRY = /^blobs\/([0-9a-f]{2})\/\1[0-9a-f]{30}$/;

/** Small JSON entries are read into memory; bounded so a hostile backup cannot exhaust it. */
export const MAX_SMALL_ENTRY = 16 * 1024 * 1024;
export const MAX_MANIFEST = 256 * 1024 * 1024;

export function isAllowedEntryName(name: string): boolean {
  return name === DATABASE_ENTRY || name === KEYSLOTS_ENTRY || name === AUDIT_HEAD_ENTRY || BLOB_ENTRY.test(name);
}

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestEntrySchema = z.strictObject({
  name: z.string().refine(isAllowedEntryName, "not an entry a backup may hold"),
  size: z.number().int().nonnegative(),
  sha256: Sha256Hex,
});
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

export const ErasureSchema = z.strictObject({
  documentId: z.string().min(1).max(100),
  erasedAt: z.iso.datetime(),
  contentMac: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  docType: z.enum(["invoice", "credit-note", "other"]).optional(),
});
export type Erasure = z.infer<typeof ErasureSchema>;

export const ManifestSchema = z.strictObject({
  format: z.literal("coffre-backup"),
  version: z.literal(1),
  coffreVersion: z.string().max(50),
  vaultId: z.string().min(1).max(100),
  schemaVersion: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  database: z.strictObject({ pageSize: z.number().int().min(512).max(65536) }),
  auditHead: z.strictObject({ seq: z.number().int().nonnegative(), mac: z.string().regex(/^[0-9a-f]{64}$/) }).nullable(),
  entries: z.array(ManifestEntrySchema),
  erasures: z.array(ErasureSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function parseManifest(text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CoffreError("BACKUP_CORRUPT", "the backup's manifest is not valid JSON");
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CoffreError("BACKUP_CORRUPT", `the backup's manifest is malformed (at ${issue?.path.join(".") || "top level"})`);
  }
  const names = new Set<string>();
  for (const entry of parsed.data.entries) {
    if (names.has(entry.name)) throw new CoffreError("BACKUP_CORRUPT", `the backup's manifest lists ${entry.name} twice`);
    names.add(entry.name);
  }
  for (const required of [DATABASE_ENTRY, KEYSLOTS_ENTRY]) {
    if (!names.has(required)) throw new CoffreError("BACKUP_CORRUPT", `the backup's manifest lists no ${required}`);
  }
  return parsed.data;
}
