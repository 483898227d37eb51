import { createReadStream, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Decrypter } from "age-encryption";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyAudit } from "../../../main/audit/audit-log.js";
import { createBackup } from "../../../main/backup/create.js";
import { decryptAge, encryptAge } from "../../../main/backup/age-stream.js";
import { vaultPaths } from "../../../main/vault/layout.js";
import { findAuditRows } from "../../../main/vault/queries/audit.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { readWithIndependentSqlcipher } from "../../helpers/independent-sqlcipher.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { addBlobs, ageIdentity, BACKUP_PASSPHRASE } from "./fixtures.js";

const ADMIN = { COFFRE_PASSWORD: PASSWORDS.admin };

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

function vaultFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(join(dir, "blobs"), { recursive: true }).map(String)) {
    const path = join(dir, "blobs", name);
    if (/^[0-9a-f]{2}\/[0-9a-f]{32}$/.test(name)) files.set(name, readFileSync(path));
  }
  files.set("keyslots.json", readFileSync(join(dir, "keyslots.json")));
  return files;
}

describe("coffre backup / verify-backup / restore", () => {
  let vault: string;
  beforeAll(async () => {
    vault = (await makeVault({ lifetime: "file" })).dir;
    await addBlobs(vault);
  });

  it("the age STREAM layer round-trips every awkward size, and the age-encryption library reads what it writes", async () => {
    const { identity, recipient } = await ageIdentity();
    for (const size of [0, 1, 65_535, 65_536, 65_537, 131_072, 200_001]) {
      const plaintext = Buffer.alloc(size, size % 251);
      const sealed = await collect(encryptAge(Readable.from([plaintext.subarray(0, size >> 1), plaintext.subarray(size >> 1)]), { kind: "recipients", recipients: [recipient] }));
      expect(await collect(decryptAge(Readable.from([sealed]), { kind: "identities", identities: [identity] }))).toEqual(plaintext);
      const library = new Decrypter();
      library.addIdentity(identity);
      expect(Buffer.from(await library.decrypt(sealed))).toEqual(plaintext);
    }
  });

  it("round trip to an X25519 recipient: backup, verify with keys, restore; the copy is identical and opens", async () => {
    const out = join(tempDir(), "vault.age");
    const { file: identityFile, recipient } = await ageIdentity();
    const backup = await cli(["backup", "--vault", vault, "--as", "alice", "--out", out, "--recipient", recipient], ADMIN);
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^backup written: .*vault\.age \(7 files, 4 stored/);
    expect(readFileSync(out).subarray(0, 22).toString()).toBe("age-encryption.org/v1\n");

    const verify = await cli(["verify-backup", out, "--identity", identityFile, "--as", "alice"], ADMIN);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^backup OK: 7 files authenticated/);
    expect(verify.stdout).toMatch(/database and audit trail OK \(opened as alice/);

    const target = join(tempDir(), "restored");
    const restore = await cli(["restore", out, "--vault", target, "--identity", identityFile, "--as", "alice", "--json"], ADMIN);
    expect(restore.code).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({ ok: true, keyed: { user: "alice" } });
    // Every stored file and the keyslots come back byte for byte.
    expect(vaultFiles(target)).toEqual(vaultFiles(vault));
    // The database copy is still a SQLCipher 4 file, under the same key, readable by an independent SQLCipher.
    const database = readFileSync(vaultPaths(target).database);
    expect(database.subarray(0, 16).toString("latin1")).not.toBe("SQLite format 3\0");
    const admin = await unlock(target, "alice", PASSWORDS.admin);
    try {
      const copy = await readWithIndependentSqlcipher(vaultPaths(target).database, admin.keys.dek.expose().toString("hex"));
      expect(copy.users.map((user) => user.name).sort()).toEqual(["alice", "claire", "marc", "olga"]);
      expect(verifyAudit(admin.auditContext)).toMatchObject({ ok: true, firstBad: null });
      // The restore is recorded in the restored vault's own chain; the backup in the source vault's.
      expect(findAuditRows(admin.db, { action: "restore" }).map((row) => row.result)).toEqual(["ok"]);
    } finally {
      admin.lock();
    }
    const source = await unlock(vault, "olga", PASSWORDS.auditor);
    try {
      expect(findAuditRows(source.db, { action: "backup" }).at(-1)).toMatchObject({ result: "ok", userName: "alice", object: "vault.age" });
    } finally {
      source.lock();
    }
  });

  it("round trip with a passphrase (scrypt); the age-encryption library's own scrypt opens it too", async () => {
    const out = join(tempDir(), "vault.age");
    const env = { ...ADMIN, COFFRE_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE };
    expect((await cli(["backup", "--vault", vault, "--as", "alice", "--out", out], env)).code).toBe(0);
    expect(readFileSync(out, "latin1")).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S{22} 18\n/);
    const library = new Decrypter();
    library.addPassphrase(BACKUP_PASSPHRASE);
    const tar = Buffer.from(await library.decrypt(readFileSync(out)));
    expect(tar.includes(Buffer.from("manifest.json"))).toBe(true);
    expect((await cli(["verify-backup", out], env)).stdout).toMatch(/^backup OK/);
    const target = join(tempDir(), "restored");
    expect((await cli(["restore", out, "--vault", target], env)).code).toBe(0);
    expect(vaultFiles(target)).toEqual(vaultFiles(vault));
  });

  it("a snapshot while another connection holds an uncommitted write: the backup proceeds, consistent", async () => {
    const writer = await unlock(vault, "olga", PASSWORDS.auditor);
    const admin = await unlock(vault, "alice", PASSWORDS.admin);
    const out = join(tempDir(), "busy.age");
    const { identity, recipient } = await ageIdentity();
    try {
      writer.db.prepare("BEGIN IMMEDIATE").run();
      writer.db.prepare("INSERT INTO meta (key, value) VALUES ('uncommitted', 'x')").run();
      let released = false;
      // The snapshot is taken under the writer's lock; the writer gives up once the backup streams, so the
      // backup's own audit row (a write) can follow.
      await createBackup(admin, {
        out,
        encryption: { kind: "recipients", recipients: [recipient] },
        onProgress: () => {
          if (!released) writer.db.prepare("ROLLBACK").run();
          released = true;
        },
      });
      expect(released).toBe(true);
    } finally {
      writer.lock();
      admin.lock();
    }
    const target = join(tempDir(), "restored");
    const restored = await cli(["restore", out, "--vault", target, "--identity", identityFileOf(identity), "--as", "alice"], ADMIN);
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
  });

  it("only an admin may back up; the refusal is audited and no file is written", async () => {
    const out = join(tempDir(), "clerk.age");
    const { recipient } = await ageIdentity();
    const result = await cli(["backup", "--vault", vault, "--as", "claire", "--out", out, "--recipient", recipient], { COFFRE_PASSWORD: PASSWORDS.clerk });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("coffre: a clerk may not run backups");
    expect(existsSync(out)).toBe(false);
  });

  it("reads the backup file as a stream (memory does not grow with the file)", async () => {
    const out = join(tempDir(), "vault.age");
    const { identity, recipient } = await ageIdentity();
    const admin = await unlock(vault, "alice", PASSWORDS.admin);
    try {
      await createBackup(admin, { out, encryption: { kind: "recipients", recipients: [recipient] } });
    } finally {
      admin.lock();
    }
    let largest = 0;
    for await (const chunk of decryptAge(createReadStream(out), { kind: "identities", identities: [identity] })) largest = Math.max(largest, chunk.length);
    expect(largest).toBeLessThanOrEqual(65_536);
  });
});

function identityFileOf(identity: string): string {
  const file = join(tempDir(), "id.txt");
  writeFileSync(file, `${identity}\n`);
  return file;
}
