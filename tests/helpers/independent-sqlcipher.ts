import sqlcipher from "@journeyapps/sqlcipher";

/**
 * Opens a file with an independent SQLCipher 4 build (@journeyapps/sqlcipher, not our driver) using the
 * raw-key PRAGMA that every SQLCipher tool accepts, and lists the tables and a few rows.
 * (The key in a PRAGMA string is how that independent tool is driven; the app itself never does this.)
 */
export function readWithIndependentSqlcipher(file: string, rawKeyHex: string): Promise<{ tables: string[]; users: { name: string; role: string }[] }> {
  return new Promise((resolve, reject) => {
    const db = new sqlcipher.Database(file, sqlcipher.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.serialize(() => {
        db.run("PRAGMA cipher_log_level = NONE"); // the expected wrong-key failure logs to stderr otherwise
        db.run("PRAGMA cipher_compatibility = 4");
        db.run(`PRAGMA key = "x'${rawKeyHex}'"`);
        db.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", (error, rows: { name: string }[]) => {
          if (error) {
            db.close();
            return reject(error);
          }
          db.all("SELECT name, role FROM users ORDER BY name", (usersError, users: { name: string; role: string }[]) => {
            db.close();
            if (usersError) return reject(usersError);
            resolve({ tables: rows.map((row) => row.name), users });
          });
        });
      });
    });
  });
}

/**
 * Decrypts a SQLCipher 4 database (and its WAL) into a plaintext SQLite file with the independent build's
 * sqlcipher_export, so tests can scan every byte the database holds: tables, indexes, the FTS index.
 */
export function exportPlaintextCopy(file: string, rawKeyHex: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlcipher.Database(file, sqlcipher.OPEN_READWRITE | sqlcipher.OPEN_CREATE, (openError) => {
      if (openError) return reject(openError);
      db.serialize(() => {
        db.run("PRAGMA cipher_log_level = NONE");
        db.run("PRAGMA cipher_compatibility = 4");
        db.run(`PRAGMA key = "x'${rawKeyHex}'"`);
        db.run(`ATTACH DATABASE '${target.replace(/'/g, "''")}' AS plaintext KEY ''`);
        db.run("SELECT sqlcipher_export('plaintext')");
        db.run("DETACH DATABASE plaintext", (error) => {
          db.close();
          if (error) reject(error);
          else resolve();
        });
      });
    });
  });
}
