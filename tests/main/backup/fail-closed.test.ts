import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { flipByte } from "../../helpers/bytes.js";
import { fileTempDir, tempDir } from "../../helpers/tmp.js";
import { makeVault } from "../../helpers/vault.js";
import { addBlobs, AGE, ageIdentity, BACKUP_PASSPHRASE, leftovers } from "./fixtures.js";

const ADMIN = { COFFRE_PASSWORD: PASSWORDS.admin };

/** Every failure: exit code 1, exactly one line on stderr, no stack, no vault folder (or temporary) left. */
async function expectRestoreRefused(backup: string, env: Record<string, string>, extra: string[], message: RegExp): Promise<void> {
  const target = join(tempDir(), "restored");
  const restore = await cli(["restore", backup, "--vault", target, ...extra], env);
  expect(restore.code).toBe(1);
  expect(restore.stderr.split("\n")).toHaveLength(1);
  expect(restore.stderr).toMatch(message);
  expect(leftovers(target)).toEqual([]);
  const verify = await cli(["verify-backup", backup, ...extra], env);
  expect(verify.code).toBe(1);
  expect(verify.stderr).toMatch(message);
}

describe("a damaged, truncated or forged backup fails closed", () => {
  let recipientBackup: string;
  let identityFile: string;
  let recipient: string;
  let passphraseBackup: string;
  let work: string;
  beforeAll(async () => {
    const vault = (await makeVault({ lifetime: "file" })).dir;
    await addBlobs(vault);
    work = fileTempDir();
    ({ file: identityFile, recipient } = await ageIdentity("file"));
    recipientBackup = join(work, "recipient.age");
    passphraseBackup = join(work, "passphrase.age");
    expect((await cli(["backup", "--vault", vault, "--as", "alice", "--out", recipientBackup, "--recipient", recipient], ADMIN)).code).toBe(0);
    const env = { ...ADMIN, COFFRE_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE };
    expect((await cli(["backup", "--vault", vault, "--as", "alice", "--out", passphraseBackup], env)).code).toBe(0);
  });

  function copyOf(file: string, change: (bytes: Buffer) => void): string {
    const bytes = readFileSync(file);
    change(bytes);
    const out = join(tempDir(), "changed.age");
    writeFileSync(out, bytes);
    return out;
  }

  it("one flipped byte in the payload", async () => {
    const altered = copyOf(recipientBackup, (bytes) => flipByte(bytes, Math.floor(bytes.length / 2)));
    await expectRestoreRefused(altered, {}, ["--identity", identityFile], /^coffre: the backup fails authentication at byte \d+ of its payload: it was altered or damaged$/);
  });

  it("one flipped byte in the header", async () => {
    // Another base64 letter inside the header's MAC (a flipped bit could make it a non-base64 character,
    // which is refused as a malformed header instead: right too, but not what this case checks).
    const altered = copyOf(recipientBackup, (bytes) => {
      const at = bytes.indexOf("\n--- ") + 8;
      bytes.writeUInt8(bytes.readUInt8(at) === 0x41 ? 0x42 : 0x41, at);
    });
    await expectRestoreRefused(altered, {}, ["--identity", identityFile], /^coffre: the backup's header was altered or damaged/);
  });

  it("a truncated file, cut mid-chunk or exactly at a chunk boundary", async () => {
    const size = statSync(recipientBackup).size;
    const headerEnd = readFileSync(recipientBackup).indexOf("\n--- ") + 49;
    for (const cut of [size - 1000, headerEnd + 16 + 65_552 * 3]) {
      const truncated = join(tempDir(), "truncated.age");
      writeFileSync(truncated, readFileSync(recipientBackup));
      truncateSync(truncated, cut);
      await expectRestoreRefused(truncated, {}, ["--identity", identityFile], /^coffre: the backup fails authentication at its end: it is truncated or was altered$/);
    }
  });

  it("a wrong passphrase, a wrong identity, the wrong kind of key", async () => {
    await expectRestoreRefused(passphraseBackup, { COFFRE_BACKUP_PASSPHRASE: "not the passphrase at all" }, [], /^coffre: wrong backup passphrase/);
    const other = await ageIdentity();
    await expectRestoreRefused(recipientBackup, {}, ["--identity", other.file], /^coffre: wrong backup identity/);
    await expectRestoreRefused(recipientBackup, { COFFRE_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE }, [], /^coffre: wrong backup passphrase/);
  });

  it("not an age file at all", async () => {
    const junk = join(tempDir(), "junk.age");
    writeFileSync(junk, "hello, this is not a backup\n");
    await expectRestoreRefused(junk, {}, ["--identity", identityFile], /^coffre: not a Coffre backup: the file is not in the age format$/);
  });

  it("a wrong vault password: the copy is not put in place", async () => {
    await expectRestoreRefused(recipientBackup, { COFFRE_PASSWORD: "certainly not alice's password" }, ["--identity", identityFile, "--as", "alice"], /^coffre: wrong user name or password/);
  });

  /** Authentic age files (anyone with the recipient can write one) whose archive lies: the manifest catches it. */
  describe("forged archives, validly encrypted", () => {
    function forge(change: (dir: string) => string[]): string {
      const dir = join(tempDir(), "unpacked");
      mkdirSync(dir);
      const tarFile = join(tempDir(), "vault.tar");
      execFileSync(AGE, ["-d", "-i", identityFile, "-o", tarFile, recipientBackup]);
      execFileSync("tar", ["-xf", tarFile, "-C", dir]);
      const names = change(dir);
      const forged = join(tempDir(), "forged.tar");
      execFileSync("tar", ["-cf", forged, "-C", dir, ...names]);
      const out = join(tempDir(), "forged.age");
      execFileSync(AGE, ["-r", recipient, "-o", out, forged]);
      return out;
    }
    const blobNames = (dir: string): string[] => execFileSync("find", ["blobs", "-type", "f"], { cwd: dir, encoding: "utf8" }).trim().split("\n").sort();
    const normal = (dir: string): string[] => ["coffre.db", "keyslots.json", "audit-head.json", ...blobNames(dir), "manifest.json"];

    it("a stored file changed", async () => {
      let changed = "";
      const forged = forge((dir) => {
        changed = blobNames(dir).at(-1) ?? "";
        const path = join(dir, changed);
        const bytes = readFileSync(path);
        flipByte(bytes, 10);
        writeFileSync(path, bytes);
        return normal(dir);
      });
      await expectRestoreRefused(forged, {}, ["--identity", identityFile], new RegExp(`^coffre: ${changed} in the backup does not match its manifest hash$`));
    });

    it("an entry missing, an entry added, no manifest, an entry after the manifest", async () => {
      const missing = forge((dir) => normal(dir).filter((name) => name !== "keyslots.json"));
      await expectRestoreRefused(missing, {}, ["--identity", identityFile], /^coffre: the backup is missing keyslots\.json, which its manifest lists$/);
      const extraName = `blobs/ff/ff${"0".repeat(30)}`;
      const added = forge((dir) => {
        mkdirSync(join(dir, "blobs/ff"), { recursive: true });
        writeFileSync(join(dir, extraName), "x");
        return normal(dir); // the new file is among the blobs, before the manifest
      });
      await expectRestoreRefused(added, {}, ["--identity", identityFile], new RegExp(`^coffre: the backup holds ${extraName}, which its manifest does not list$`));
      const noManifest = forge((dir) => normal(dir).slice(0, -1));
      await expectRestoreRefused(noManifest, {}, ["--identity", identityFile], /^coffre: the backup has no manifest: it is incomplete$/);
      const after = forge((dir) => ["manifest.json", ...normal(dir).slice(0, -1)]);
      await expectRestoreRefused(after, {}, ["--identity", identityFile], /^coffre: the backup holds an entry after its manifest/);
    });

    it("a path outside the vault", async () => {
      const escaping = forge((dir) => {
        writeFileSync(join(dir, "evil.sh"), "echo hi");
        return ["evil.sh", ...normal(dir)];
      });
      await expectRestoreRefused(escaping, {}, ["--identity", identityFile], /^coffre: the backup holds an unexpected entry \(evil\.sh\)$/);
    });
  });

  it("restore refuses an existing non-empty folder and leaves it untouched", async () => {
    const target = join(tempDir(), "existing");
    mkdirSync(target);
    writeFileSync(join(target, "keep.txt"), "mine");
    const restore = await cli(["restore", recipientBackup, "--vault", target, "--identity", identityFile], {});
    expect(restore).toMatchObject({ code: 1, stderr: "coffre: existing exists and is not an empty folder: restore into a new folder" });
    expect(readFileSync(join(target, "keep.txt"), "utf8")).toBe("mine");
    // An empty folder is fine.
    rmSync(join(target, "keep.txt"));
    expect((await cli(["restore", recipientBackup, "--vault", target, "--identity", identityFile], {})).code).toBe(0);
  });
});
