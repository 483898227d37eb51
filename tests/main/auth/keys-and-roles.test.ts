import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { authorize } from "../../../main/auth/authorize.js";
import { unlockWithRecoveryKey } from "../../../main/auth/session.js";
import { changePassword } from "../../../main/auth/account.js";
import { addUser, disableUser, enableUser, grantReveal, listUsers, setUserRole } from "../../../main/auth/users.js";
import { openRevealGrant, unlockUserSlot } from "../../../main/crypto/keyslots.js";
import { parseRecoveryKey } from "../../../main/crypto/recovery-key.js";
import { openSealedBox, sealToPublicKey } from "../../../main/crypto/sealed-box.js";
import { Password } from "../../../main/crypto/secret.js";
import { checkDatabaseIntegrity } from "../../../main/vault/integrity.js";
import { readKeyslots } from "../../../main/vault/keyslot-store.js";
import { vaultPaths } from "../../../main/vault/layout.js";
import { PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { makeVault, newPassword, unlock } from "../../helpers/vault.js";

const IBAN = Buffer.from("FR7630006000011234567890189");

describe("field-level access is cryptographic", () => {
  it("a clerk can seal a value but holds no key that opens it; a granted manager can", async () => {
    const { dir } = await makeVault();
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const sealed = sealToPublicKey(clerk.sensitivePublicKey, IBAN);
    expect(clerk.sensitivePrivateKey).toBeNull();

    // Everything the clerk's password unwraps, straight from the keyslot file:
    const file = readKeyslots(vaultPaths(dir).keyslots);
    const slot = file.slots.find((candidate) => candidate.name === "claire");
    if (!slot) throw new Error("no slot");
    const contents = await unlockUserSlot(file.vaultId, slot, Password.fromString(PASSWORDS.clerk));
    for (const key of [contents.userPrivateKey, contents.vaultKeys.dek, contents.vaultKeys.indexKey, contents.vaultKeys.auditKey]) {
      expect(() => openSealedBox(key, sealed)).toThrow();
    }
    // ...and no reveal grant in the file opens with the clerk's private key.
    expect(file.grants.length).toBeGreaterThan(0);
    for (const grant of file.grants) {
      expect(() => openRevealGrant(file.vaultId, grant, contents.userPrivateKey, clerk.sensitivePublicKey)).toThrow();
    }
    clerk.lock();

    const manager = await unlock(dir, "marc", PASSWORDS.manager);
    if (!manager.sensitivePrivateKey) throw new Error("the manager should hold the reveal key");
    expect(openSealedBox(manager.sensitivePrivateKey, sealed).equals(IBAN)).toBe(true);
    manager.lock();
  });

  it("an admin cannot grant reveal (not even to itself); a manager and the recovery key can", async () => {
    const { dir, recoveryKey } = await makeVault();
    const admin = await unlock(dir, "alice", PASSWORDS.admin);
    expect(admin.sensitivePrivateKey).toBeNull();
    await addUser(admin, { name: "nina", role: "manager", password: newPassword(PASSWORDS.manager2) });
    await addUser(admin, { name: "paul", role: "manager", password: newPassword(PASSWORDS.manager2) });
    expect(() => grantReveal(admin, "nina")).toThrow(/an admin may not grant the reveal key/);
    expect(() => grantReveal(admin, "alice")).toThrow(/may not grant/);
    admin.lock();

    const manager = await unlock(dir, "marc", PASSWORDS.manager);
    expect(grantReveal(manager, "nina").canReveal).toBe(true);
    expect(() => grantReveal(manager, "claire")).toThrow(/only a manager/);
    manager.lock();
    const nina = await unlock(dir, "nina", PASSWORDS.manager2);
    expect(nina.sensitivePrivateKey).not.toBeNull();
    nina.lock();

    const recovery = unlockWithRecoveryKey(dir, parseRecoveryKey(recoveryKey));
    expect(grantReveal(recovery, "paul").canReveal).toBe(true);
    expect(() => setUserRole(recovery, "paul", "admin")).toThrow(/recovery key may not manage users/);
    recovery.lock();
  });

  it("a manager demoted to clerk loses the reveal key at once", async () => {
    const { dir } = await makeVault();
    const admin = await unlock(dir, "alice", PASSWORDS.admin);
    const manager = await unlock(dir, "marc", PASSWORDS.manager);
    expect(() => authorize(manager, "documents.reveal")).not.toThrow();
    setUserRole(admin, "marc", "clerk");
    // the open session is refused on its very next call
    expect(() => authorize(manager, "documents.reveal")).toThrow(/session was ended by an administrator/);
    manager.lock();
    expect(readKeyslots(vaultPaths(dir).keyslots).grants).toHaveLength(0);
    const again = await unlock(dir, "marc", PASSWORDS.manager);
    expect(again.sensitivePrivateKey).toBeNull();
    again.lock();
    admin.lock();
  });

  it("disabling deletes the user's keys from the vault files; an open session is refused on its next call", async () => {
    const { dir } = await makeVault();
    const before = readKeyslots(vaultPaths(dir).keyslots);
    const oldSlot = before.slots.find((slot) => slot.name === "marc");
    if (!oldSlot) throw new Error("no slot");
    const admin = await unlock(dir, "alice", PASSWORDS.admin);
    const manager = await unlock(dir, "marc", PASSWORDS.manager);
    disableUser(admin, "marc");
    expect(() => authorize(manager, "documents.reveal")).toThrow(/disabled/);
    await expect(unlock(dir, "marc", PASSWORDS.manager)).rejects.toMatchObject({ code: "USER_DISABLED" });
    const after = readKeyslots(vaultPaths(dir).keyslots);
    expect(after.slots.map((slot) => slot.name)).not.toContain("marc");
    expect(after.grants.map((grant) => grant.userId)).not.toContain(oldSlot.userId);
    // even the old slot (kept by the user, say) no longer opens the vault: the row says disabled
    writeFileSync(vaultPaths(dir).keyslots, JSON.stringify({ ...after, slots: [...after.slots, oldSlot], disabled: [] }));
    await expect(unlock(dir, "marc", PASSWORDS.manager)).rejects.toMatchObject({ code: "USER_DISABLED" });
    writeFileSync(vaultPaths(dir).keyslots, JSON.stringify(after));

    expect(() => disableUser(admin, "alice")).toThrow(/yourself/);
    expect(() => setUserRole(admin, "alice", "clerk")).toThrow(/last active admin/);
    expect(listUsers(admin).map((user) => `${user.name}:${user.status}`)).toContain("marc:disabled");
    const temporary = "A temporary passphrase, changed soon";
    const enabled = await enableUser(admin, { name: "marc", password: { secret: Password.fromString(temporary), text: temporary } });
    expect(enabled).toMatchObject({ status: "active", mustChangePassword: true, canReveal: false });
    await expect(unlock(dir, "marc", PASSWORDS.manager)).rejects.toMatchObject({ code: "WRONG_PASSWORD" });
    const back = await unlock(dir, "marc", temporary);
    expect(back.sensitivePrivateKey).toBeNull(); // the reveal key must be granted again
    back.lock();
    admin.lock();
    manager.lock();
  });

  it("locking a session zeroes every key buffer and closes the database", async () => {
    const { dir } = await makeVault();
    const manager = await unlock(dir, "marc", PASSWORDS.manager);
    const buffers = [manager.keys.dek, manager.keys.indexKey, manager.keys.auditKey, manager.userPrivateKey, manager.sensitivePrivateKey].map(
      (secret) => {
        if (!secret) throw new Error("missing key");
        expect(secret.unsafeView().some((byte) => byte !== 0)).toBe(true);
        return secret.unsafeView();
      },
    );
    manager.lock();
    for (const buffer of buffers) expect(buffer.every((byte) => byte === 0)).toBe(true);
    expect(manager.db.open).toBe(false);
    expect(() => authorize(manager, "documents.read")).toThrow(/locked/);
  });
});

describe("password change", () => {
  it("rewraps one slot only, keeps all data, and works while the WAL holds uncommitted pages", async () => {
    const { dir } = await makeVault();
    const paths = vaultPaths(dir);
    const before = readKeyslots(paths.keyslots);

    // Another process (as the app would be) commits rows that stay in the WAL, then holds a large write
    // transaction whose pages spill into the WAL uncommitted, and commits only after a while.
    const manager = await unlock(dir, "marc", PASSWORDS.manager);
    const dekHex = manager.keys.dek.expose().toString("hex");
    manager.lock();
    const writer = spawn(process.execPath, ["--input-type=module", "-e", `
      import { openEncryptedDatabase } from ${JSON.stringify(join(REPO_ROOT, "dist/main/vault/database.js"))};
      import { SecretBytes } from ${JSON.stringify(join(REPO_ROOT, "dist/main/crypto/secret.js"))};
      const db = openEncryptedDatabase(${JSON.stringify(paths.database)}, new SecretBytes(Buffer.from(process.env.DEK, "hex")), { create: false });
      db.pragma("wal_autocheckpoint = 0");
      db.pragma("cache_size = 10");
      db.exec("CREATE TABLE scratch (id INTEGER PRIMARY KEY, body BLOB)");
      const insert = db.prepare("INSERT INTO scratch (body) VALUES (?)");
      for (let i = 0; i < 50; i += 1) insert.run(Buffer.alloc(2000, i));
      db.exec("BEGIN IMMEDIATE");
      for (let i = 50; i < 400; i += 1) insert.run(Buffer.alloc(2000, i));
      console.log("holding");
      setTimeout(() => { db.exec("COMMIT"); db.close(); console.log("committed"); }, 1500);
    `], { env: { PATH: process.env.PATH ?? "", DEK: dekHex }, stdio: ["ignore", "pipe", "inherit"] });
    const output: string[] = [];
    const finished = new Promise<number>((resolve) => writer.on("exit", (code) => resolve(code ?? -1)));
    await new Promise<void>((resolve) => writer.stdout.on("data", (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join("").includes("holding")) resolve();
    }));
    expect(readFileSync(`${paths.database}-wal`).length).toBeGreaterThan(400 * 1024);

    await changePassword({
      dir,
      name: "claire",
      current: Password.fromString(PASSWORDS.clerk),
      next: { secret: Password.fromString("A brand new clerk passphrase"), text: "A brand new clerk passphrase" },
    });
    expect(await finished).toBe(0);
    expect(output.join("")).toContain("committed");

    const after = readKeyslots(paths.keyslots);
    for (const slot of before.slots) {
      const now = after.slots.find((candidate) => candidate.userId === slot.userId);
      if (slot.name === "claire") {
        expect(now?.slotVersion).toBe(slot.slotVersion + 1);
        expect(now?.ciphertext).not.toBe(slot.ciphertext);
        expect(now?.publicKey).toBe(slot.publicKey);
      } else {
        expect(now).toEqual(slot);
      }
    }
    expect(after.grants).toEqual(before.grants);
    expect(after.recovery).toEqual(before.recovery);

    await expect(unlock(dir, "claire", PASSWORDS.clerk)).rejects.toMatchObject({ code: "WRONG_PASSWORD" });
    const clerk = await unlock(dir, "claire", "A brand new clerk passphrase");
    expect(clerk.db.prepare("SELECT count(*) AS n FROM scratch").get()).toEqual({ n: 400 });
    expect(checkDatabaseIntegrity(clerk.db, clerk.keys.dek).ok).toBe(true);
    clerk.lock();
  });

  it("refuses an older copy of a slot put back after a password change (rollback)", async () => {
    const { dir } = await makeVault();
    const path = vaultPaths(dir).keyslots;
    const old = readFileSync(path, "utf8");
    await changePassword({
      dir,
      name: "claire",
      current: Password.fromString(PASSWORDS.clerk),
      next: { secret: Password.fromString("A brand new clerk passphrase"), text: "A brand new clerk passphrase" },
    });
    writeFileSync(path, old);
    await expect(unlock(dir, "claire", PASSWORDS.clerk)).rejects.toMatchObject({ code: "KEYSLOT_ROLLED_BACK" });
  });

  it("applies the password policy", async () => {
    const { dir } = await makeVault();
    const attempt = (text: string) =>
      changePassword({ dir, name: "claire", current: Password.fromString(PASSWORDS.clerk), next: { secret: Password.fromString(text), text } });
    await expect(attempt("too short")).rejects.toMatchObject({ code: "PASSWORD_REJECTED" });
    await expect(attempt("my name is claire, ok?")).rejects.toThrow(/user name/);
  });
});
