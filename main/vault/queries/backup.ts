import type { VaultDb } from "../database.js";

/**
 * Queries of the backup service (main/backup/). The snapshot is SQLite's `VACUUM INTO` on an unlocked
 * connection: it reads one consistent snapshot (a read transaction, so writers of a running app go on in the
 * WAL) and, with SQLite3MultipleCiphers, writes a new file encrypted with the same cipher settings and raw
 * key as the source, i.e. a standard SQLCipher 4 file that opens with the DEK. (The driver's `backup()`
 * refuses: "incompatible source and target databases".) Only live pages are copied: the freelist, and with
 * it anything deleted under secure_delete, is not carried into a backup.
 */
export function snapshotDatabaseInto(db: VaultDb, file: string): void {
  db.prepare("VACUUM INTO ?").run(file);
}

/** The page size of the database, needed to check a snapshot's page structure without its key. */
export function databasePageSize(db: VaultDb): number {
  return db.pragma("page_size", { simple: true }) as number;
}

/** Which of these document ids exist (to re-apply an erasure list on a restored copy). */
export function findPresentDocumentIds(db: VaultDb, ids: readonly string[]): string[] {
  const statement = db.prepare("SELECT id FROM documents WHERE id = ?").pluck();
  return ids.filter((id) => statement.get(id) !== undefined);
}
