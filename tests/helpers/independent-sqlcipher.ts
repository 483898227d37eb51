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
