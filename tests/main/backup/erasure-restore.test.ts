import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { vaultPaths } from "../../../main/vault/layout.js";
import { findDocumentById, listBlobsOfDocument } from "../../../main/vault/queries/documents.js";
import { listErasures } from "../../../main/vault/queries/erasure.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { ADMIN, importThree, MANAGER } from "../gdpr/fixtures.js";
import { ageIdentity, leftovers } from "./fixtures.js";

/** Which of these documents a restored vault holds, and whether their stored files are there. */
async function presence(dir: string, ids: string[]): Promise<Record<string, boolean>> {
  const session = await unlock(dir, "marc", PASSWORDS.manager);
  try {
    return Object.fromEntries(ids.map((id) => [id, findDocumentById(session.db, id) !== undefined]));
  } finally {
    session.lock();
  }
}

describe("restore re-applies erasures: an erased document does not come back from an older backup", () => {
  it("backup, erase, backup again; the OLD backup restored with the newer list (backup file or vault folder) lacks the document and checks clean", async () => {
    const { dir } = await makeVault();
    const ids = await importThree(dir);
    const { file: identity, recipient } = await ageIdentity();
    const folder = tempDir();
    const oldBackup = join(folder, "old.age");
    const newBackup = join(folder, "new.age");
    expect((await cli(["backup", "--vault", dir, "--as", "alice", "--out", oldBackup, "--recipient", recipient], ADMIN)).code).toBe(0);
    const manager = await unlock(dir, "marc", PASSWORDS.manager);
    const erasedFiles = listBlobsOfDocument(manager.db, ids.dupont).map((blob) => join(blob.blobId.slice(0, 2), blob.blobId));
    manager.lock();
    expect((await cli(["erase", "--vault", dir, "--as", "marc", ids.dupont, "--reason", "supplier request"], MANAGER)).code).toBe(0);
    const backedUp = await cli(["backup", "--vault", dir, "--as", "alice", "--out", newBackup, "--recipient", recipient], ADMIN);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    const all = [ids.dupont, ids.catalana, ids.pennine];

    // The newer backup alone: its snapshot never had the document, and its manifest lists the erasure.
    const fromNew = join(tempDir(), "from-new");
    expect((await cli(["restore", newBackup, "--vault", fromNew, "--identity", identity], ADMIN)).code).toBe(0);
    expect(await presence(fromNew, all)).toEqual({ [ids.dupont]: false, [ids.catalana]: true, [ids.pennine]: true });

    // The older backup on its own knows nothing of the erasure: the document is in it (why --erasures-from exists)...
    const plain = join(tempDir(), "plain");
    const plainRestore = await cli(["restore", oldBackup, "--vault", plain, "--identity", identity, "--as", "alice"], ADMIN);
    expect(plainRestore.stdout).toContain("--erasures-from");
    expect((await presence(plain, all))[ids.dupont]).toBe(true);

    // ...and with the newer backup's list, or the live vault's, it is erased again before the copy is put in place.
    for (const source of [newBackup, dir]) {
      const target = join(tempDir(), "restored");
      const restore = await cli(["restore", oldBackup, "--vault", target, "--identity", identity, "--as", "alice", "--erasures-from", source, "--json"], ADMIN);
      expect(restore.code, restore.stderr).toBe(0);
      expect((JSON.parse(restore.stdout) as { keyed: { erasuresReapplied: string[] } }).keyed.erasuresReapplied).toEqual([ids.dupont]);
      expect(await presence(target, all)).toEqual({ [ids.dupont]: false, [ids.catalana]: true, [ids.pennine]: true });
      for (const file of erasedFiles) expect(existsSync(join(vaultPaths(target).blobs, file))).toBe(false);
      const shown = await cli(["show", "--vault", target, "--as", "marc", ids.dupont], MANAGER);
      expect(shown.code).toBe(1);
      expect(shown.stderr).toBe(`coffre: no document ${ids.dupont}`);
      const check = await cli(["vault", "check", "--vault", target, "--as", "alice"], ADMIN);
      expect(check.code, check.stderr + check.stdout).toBe(0);
      expect((await cli(["audit", "verify", "--vault", target, "--as", "olga"], { COFFRE_PASSWORD: PASSWORDS.auditor })).code).toBe(0);
      // The restored vault remembers the erasure, so its own backups carry it on.
      const auditor = await unlock(target, "olga", PASSWORDS.auditor);
      try {
        expect(listErasures(auditor.db).map((erasure) => [erasure.documentId, erasure.cause])).toEqual([[ids.dupont, "restore"]]);
      } finally {
        auditor.lock();
      }
      const again = join(folder, `again-${source === dir ? "vault" : "backup"}.age`);
      expect((await cli(["backup", "--vault", target, "--as", "alice", "--out", again, "--recipient", recipient], ADMIN)).code).toBe(0);
      const verified = await cli(["verify-backup", again, "--identity", identity, "--as", "alice"], ADMIN);
      expect(verified.code, verified.stderr).toBe(0);
    }
  });

  it("refuses a list from another vault or without --as, and never leaves a half-restored folder", async () => {
    const { dir } = await makeVault();
    const other = await makeVault();
    const { file: identity, recipient } = await ageIdentity();
    const folder = tempDir();
    const mine = join(folder, "mine.age");
    const theirs = join(folder, "theirs.age");
    expect((await cli(["backup", "--vault", dir, "--as", "alice", "--out", mine, "--recipient", recipient], ADMIN)).code).toBe(0);
    expect((await cli(["backup", "--vault", other.dir, "--as", "alice", "--out", theirs, "--recipient", recipient], ADMIN)).code).toBe(0);
    const target = join(tempDir(), "restored");
    const foreign = await cli(["restore", mine, "--vault", target, "--identity", identity, "--as", "alice", "--erasures-from", theirs], ADMIN);
    expect(foreign).toMatchObject({ code: 1, stderr: "coffre: --erasures-from: theirs.age is a backup of another vault" });
    expect(leftovers(target)).toEqual([]);
    const foreignVault = await cli(["restore", mine, "--vault", target, "--identity", identity, "--as", "alice", "--erasures-from", other.dir], ADMIN);
    expect(foreignVault).toMatchObject({ code: 1, stderr: "coffre: --erasures-from: vault is another vault than the backup's" });
    expect(leftovers(target)).toEqual([]);
    const noUser = await cli(["restore", mine, "--vault", target, "--identity", identity, "--erasures-from", theirs], ADMIN);
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toMatch(/--erasures-from needs --as ADMIN/);
    expect(leftovers(target)).toEqual([]);
  });
});
