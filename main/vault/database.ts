import Database from "better-sqlite3-multiple-ciphers";
import { existsSync } from "node:fs";
import type { SecretBytes } from "../crypto/secret.js";
import { CoffreError } from "../errors.js";

export type VaultDb = Database.Database;

const HEX = Buffer.from("0123456789abcdef", "latin1");

/**
 * SQLCipher's raw-key form `x'<64 hex digits>'`, built straight into a buffer so the key never becomes a
 * JavaScript string (strings cannot be wiped). The caller wipes the returned buffer.
 */
function rawKeyLiteral(key: Buffer): Buffer {
  if (key.length !== 32) throw new Error("the database key must be 32 bytes");
  const literal = Buffer.alloc(3 + 64);
  literal[0] = 0x78; // x
  literal[1] = 0x27; // '
  key.forEach((byte, index) => {
    literal[2 + index * 2] = HEX[byte >> 4] ?? 0;
    literal[3 + index * 2] = HEX[byte & 15] ?? 0;
  });
  literal[66] = 0x27;
  return literal;
}

export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT";
}

/**
 * Opens (or creates) the vault database as a standard SQLCipher 4 file keyed with the raw 32-byte DEK.
 * Cipher settings come first, then the key through the driver's key API; no key ever enters an SQL string.
 */
export function openEncryptedDatabase(file: string, dek: SecretBytes, options: { create: boolean }): VaultDb {
  if (!options.create && !existsSync(file)) {
    throw new CoffreError("VAULT_NOT_FOUND", "no vault database here");
  }
  const db = new Database(file, { fileMustExist: !options.create });
  try {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma("legacy = 4");
    const literal = rawKeyLiteral(dek.expose());
    try {
      db.key(literal);
    } finally {
      literal.fill(0);
    }
    try {
      db.prepare("SELECT count(*) FROM sqlite_master").get();
    } catch (error) {
      if (isCorruptionError(error)) {
        throw new CoffreError("DATABASE_WRONG_KEY", "the database cannot be decrypted: wrong key, or the file is corrupt", {
          cause: error,
        });
      }
      throw error;
    }
    // Switching the journal mode takes a lock; skip it when the file is already in WAL mode.
    if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("secure_delete = ON");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    db.pragma("trusted_schema = OFF");
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Checkpoints the WAL into the main file and closes. Does not wait for other connections: when one is
 * busy, its own close (or the next checkpoint) finishes the job.
 */
export function closeDatabase(db: VaultDb): void {
  if (!db.open) return;
  try {
    db.pragma("busy_timeout = 0");
    db.pragma("wal_checkpoint(TRUNCATE)");
  } catch (error) {
    if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
  } finally {
    db.close();
  }
}
