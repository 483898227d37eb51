import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ManifestSchema } from "../../../main/backup/manifest.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault } from "../../helpers/vault.js";
import { addBlobs, AGE, ageIdentity, BACKUP_PASSPHRASE, HAS_SCRIPT, onTerminal, tarNames } from "./fixtures.js";

const ADMIN = { COFFRE_PASSWORD: PASSWORDS.admin };

/** Interoperability with the reference implementation: Debian's `age` (Go) and GNU tar. */
describe("Coffre backups and the standard age tool", () => {
  let vault: string;
  beforeAll(async () => {
    vault = (await makeVault({ lifetime: "file" })).dir;
    await addBlobs(vault);
  });

  it("`age -d -i` decrypts a Coffre backup; `tar -t` lists it, manifest last; every hash matches", async () => {
    const work = tempDir();
    const { file: identityFile, recipient } = await ageIdentity();
    const out = join(work, "vault.age");
    expect((await cli(["backup", "--vault", vault, "--as", "alice", "--out", out, "--recipient", recipient], ADMIN)).code).toBe(0);
    const tarFile = join(work, "vault.tar");
    execFileSync(AGE, ["-d", "-i", identityFile, "-o", tarFile, out]);
    const names = tarNames(tarFile);
    expect(names.slice(0, 3)).toEqual(["coffre.db", "keyslots.json", "audit-head.json"]);
    expect(names.at(-1)).toBe("manifest.json");
    expect(names.filter((name) => name.startsWith("blobs/"))).toHaveLength(4);
    const unpacked = join(work, "unpacked");
    mkdirSync(unpacked);
    execFileSync("tar", ["-xf", tarFile, "-C", unpacked]);
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(unpacked, "manifest.json"), "utf8")));
    expect(manifest.entries.map((entry) => entry.name)).toEqual(names.slice(0, -1));
    expect(manifest.erasures).toEqual([]);
    for (const entry of manifest.entries) {
      const bytes = readFileSync(join(unpacked, entry.name));
      expect(bytes.length).toBe(entry.size);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(entry.sha256);
    }
  });

  it("a backup re-encrypted by `age -r` to a Coffre-generated recipient is verified and restored by Coffre", async () => {
    const work = tempDir();
    const { file: identityFile, recipient } = await ageIdentity();
    const out = join(work, "vault.age");
    expect((await cli(["backup", "--vault", vault, "--as", "alice", "--out", out, "--recipient", recipient], ADMIN)).code).toBe(0);
    const tarFile = join(work, "vault.tar");
    execFileSync(AGE, ["-d", "-i", identityFile, "-o", tarFile, out]);
    const byAge = join(work, "by-age.age");
    execFileSync(AGE, ["-r", recipient, "-o", byAge, tarFile]);
    const verify = await cli(["verify-backup", byAge, "--identity", identityFile, "--as", "alice"], ADMIN);
    expect(verify.stderr).toBe("");
    expect(verify.stdout).toMatch(/^backup OK: 7 files/);
    const target = join(work, "restored");
    expect((await cli(["restore", byAge, "--vault", target, "--identity", identityFile], {})).code).toBe(0);
  });

  it.skipIf(!HAS_SCRIPT)("passphrase backups: `age -d` opens Coffre's, Coffre opens one written by `age -p` (typed on a pseudo-terminal)", async () => {
    const work = tempDir();
    const out = join(work, "vault.age");
    const env = { ...ADMIN, COFFRE_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE };
    expect((await cli(["backup", "--vault", vault, "--as", "alice", "--out", out], env)).code).toBe(0);
    const tarFile = join(work, "vault.tar");
    const decrypted = onTerminal([AGE, "-d", "-o", tarFile, out], `${BACKUP_PASSPHRASE}\n`);
    expect(decrypted.status).toBe(0);
    expect(tarNames(tarFile).at(-1)).toBe("manifest.json");

    const byAge = join(work, "by-age.age");
    const encrypted = onTerminal([AGE, "-p", "-o", byAge, tarFile], `${BACKUP_PASSPHRASE}\n${BACKUP_PASSPHRASE}\n`);
    expect(encrypted.status).toBe(0);
    expect(readFileSync(byAge, "latin1")).toMatch(/^age-encryption\.org\/v1\n-> scrypt /);
    const verify = await cli(["verify-backup", byAge], env);
    expect(verify.stderr).toBe("");
    expect(verify.stdout).toMatch(/^backup OK: 7 files/);
  });

  it("an identity file must hold X25519 identities; a recipient must be an X25519 recipient", async () => {
    const work = tempDir();
    const bad = join(work, "id.txt");
    writeFileSync(bad, "not a key\n");
    const verify = await cli(["verify-backup", join(work, "x.age"), "--identity", bad], {});
    expect(verify).toMatchObject({ code: 1, stderr: "coffre: the identity file must hold X25519 age identities (AGE-SECRET-KEY-1...)" });
    const backup = await cli(["backup", "--vault", vault, "--as", "alice", "--out", join(work, "b.age"), "--recipient", "age1nope"], ADMIN);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toMatch(/^coffre: a --recipient must be an X25519 age recipient/);
  });
});
