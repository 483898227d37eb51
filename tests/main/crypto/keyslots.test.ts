import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { unlockAsUser } from "../../../main/auth/session.js";
import { createUserSlot } from "../../../main/crypto/keyslots.js";
import { ARGON2_FLOOR } from "../../../main/crypto/kdf.js";
import { Password } from "../../../main/crypto/secret.js";
import { VaultKeys } from "../../../main/crypto/vault-keys.js";
import { readKeyslots } from "../../../main/vault/keyslot-store.js";
import { vaultPaths } from "../../../main/vault/layout.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { makeVault } from "../../helpers/vault.js";

/** Edits one slot as an attacker with write access would, recomputing the plain checksum. */
function rewriteSlot(path: string, name: string, edit: (slot: Record<string, unknown>) => void): void {
  const file = JSON.parse(readFileSync(path, "utf8")) as { slots: Record<string, unknown>[] };
  const slot = file.slots.find((candidate) => candidate.name === name);
  if (!slot) throw new Error(`no slot for ${name}`);
  edit(slot);
  const { check: _check, ...rest } = slot;
  slot.check = createHash("sha256").update(JSON.stringify(rest)).digest("hex").slice(0, 32);
  writeFileSync(path, JSON.stringify(file));
}

describe("keyslots", () => {
  it("store Argon2id parameters at or above the floor (64 MiB, t=3) per slot", async () => {
    const { dir } = await makeVault();
    const file = readKeyslots(vaultPaths(dir).keyslots);
    expect(file.slots).toHaveLength(4);
    for (const slot of file.slots) {
      expect(slot.kdf.alg).toBe("argon2id");
      expect(slot.kdf.m).toBeGreaterThanOrEqual(64 * 1024);
      expect(slot.kdf.t).toBeGreaterThanOrEqual(3);
    }
    expect(JSON.stringify(file)).not.toContain(PASSWORDS.admin);
  });

  it("cannot even create a slot below the floor", async () => {
    const password = Password.fromString("a weak-parameter slot test");
    const cheap = { m: ARGON2_FLOOR.m / 2, t: 1, p: 1 };
    await expect(
      createUserSlot({ vaultId: "v", userId: "u", name: "n", role: "clerk", slotVersion: 1, password, vaultKeys: VaultKeys.generate(), kdfCost: cheap }),
    ).rejects.toMatchObject({ code: "KEYSLOT_WEAK_PARAMS" });
  });

  it("refuses a downgraded slot in a vault, and a flipped byte in a slot, at unlock", async () => {
    const { dir } = await makeVault();
    const path = vaultPaths(dir).keyslots;
    const original = readFileSync(path, "utf8");

    // An attacker lowers the Argon2id cost (and recomputes the plain checksum, which is no MAC).
    rewriteSlot(path, "claire", (slot) => {
      (slot.kdf as { m: number }).m = 8 * 1024;
    });
    await expect(unlockAsUser(dir, "claire", Password.fromString(PASSWORDS.clerk))).rejects.toMatchObject({ code: "KEYSLOT_WEAK_PARAMS" });

    // Flip one bit of the wrapped keys (check digest recomputed, as an attacker would).
    const flipped = JSON.parse(original) as { slots: { name: string; ciphertext: string }[] };
    const slot = flipped.slots.find((candidate) => candidate.name === "claire");
    if (!slot) throw new Error("no slot");
    const bytes = Buffer.from(slot.ciphertext, "base64");
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    slot.ciphertext = bytes.toString("base64");
    writeFileSync(path, JSON.stringify(flipped));
    await expect(unlockAsUser(dir, "claire", Password.fromString(PASSWORDS.clerk))).rejects.toMatchObject({ code: "KEYSLOTS_CORRUPT" });

    writeFileSync(path, original);
    rewriteSlot(path, "claire", (slotToEdit) => {
      slotToEdit.ciphertext = bytes.toString("base64");
    });
    await expect(unlockAsUser(dir, "claire", Password.fromString(PASSWORDS.clerk))).rejects.toMatchObject({ code: "WRONG_PASSWORD" });

    writeFileSync(path, original);
    const session = await unlockAsUser(dir, "claire", Password.fromString(PASSWORDS.clerk));
    expect(session.user?.role).toBe("clerk");
    session.lock();
  });

  it("binds the role and user id into the slot: editing them in the file is refused", async () => {
    const { dir } = await makeVault();
    const path = vaultPaths(dir).keyslots;
    rewriteSlot(path, "claire", (slot) => {
      slot.role = "manager";
    });
    await expect(unlockAsUser(dir, "claire", Password.fromString(PASSWORDS.clerk))).rejects.toMatchObject({ code: "WRONG_PASSWORD" });
  });
});
