import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { ROLES, type Role } from "../../shared/domain.js";
import { CoffreError, isCoffreError } from "../errors.js";
import { decryptAesGcm, encryptAesGcm } from "./aead.js";
import { hkdf32 } from "./hkdf.js";
import { Argon2idParamsSchema, deriveKeyFromPassword, newArgon2idParams, type Argon2idParams } from "./kdf.js";
import { generateX25519KeyPair, openSealedBox, publicKeyFromPrivate, sealToPublicKey } from "./sealed-box.js";
import type { Password } from "./secret.js";
import { SecretBytes } from "./secret.js";
import { VaultKeys } from "./vault-keys.js";

/**
 * The keyslots file: how each user's password, and the recovery key, unwrap the vault keys.
 * Pure data and crypto here; reading and writing the file is main/vault/keyslot-store.ts.
 *
 * - A user slot wraps (vault keys | the user's X25519 private key) under Argon2id(password),
 *   AES-256-GCM, AAD = vault id, user id, name, role, slot version, user public key and KDF parameters.
 * - A reveal grant is the sensitive-field private key sealed to one user's public key. Only managers hold
 *   one; it is written by a session that already holds the private key (a manager, or the recovery key).
 * - The recovery slot wraps (vault keys | sensitive private key) under HKDF(recovery key).
 * - Disabling a user deletes their slot and grant, so the current files hold no key for them.
 * - `check` is a plain digest of each entry, to tell accidental corruption from a wrong password.
 */
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "base64");

export const UserSlotSchema = z.strictObject({
  kind: z.literal("user"),
  userId: z.string().min(1).max(64),
  name: z.string().min(1).max(128),
  role: z.enum(ROLES),
  slotVersion: z.number().int().positive(),
  publicKey: b64,
  kdf: Argon2idParamsSchema,
  nonce: b64,
  ciphertext: b64,
  check: z.string(),
});
export type UserSlot = z.infer<typeof UserSlotSchema>;

export const RecoverySlotSchema = z.strictObject({
  kind: z.literal("recovery"),
  kdf: z.strictObject({ alg: z.literal("hkdf-sha256"), salt: b64 }),
  nonce: b64,
  ciphertext: b64,
  check: z.string(),
});
export type RecoverySlot = z.infer<typeof RecoverySlotSchema>;

export const RevealGrantSchema = z.strictObject({
  userId: z.string().min(1).max(64),
  grantedAt: z.string(),
  sealed: b64,
  check: z.string(),
});
export type RevealGrant = z.infer<typeof RevealGrantSchema>;

/** A disabled user: their slot and grant are gone (real revocation); only the name stays, for a clear message. */
export const DisabledUserSchema = z.strictObject({
  userId: z.string().min(1).max(64),
  name: z.string().min(1).max(128),
  disabledAt: z.string(),
});

export const KeyslotsFileSchema = z.strictObject({
  format: z.literal("coffre-keyslots"),
  version: z.literal(1),
  vaultId: z.string().min(1).max(64),
  sensitivePublicKey: b64,
  slots: z.array(UserSlotSchema),
  recovery: RecoverySlotSchema,
  grants: z.array(RevealGrantSchema),
  disabled: z.array(DisabledUserSchema),
});
export type KeyslotsFile = z.infer<typeof KeyslotsFileSchema>;

function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);
}

function withoutCheck<T extends { check: string }>(entry: T): Omit<T, "check"> {
  const { check: _check, ...rest } = entry;
  return rest;
}

function verifyCheck(entry: { check: string }, what: string): void {
  if (digest(withoutCheck(entry)) !== entry.check) {
    throw new CoffreError("KEYSLOTS_CORRUPT", `keyslots file is corrupt: ${what} fails its checksum`);
  }
}

function userSlotAad(vaultId: string, slot: Omit<UserSlot, "nonce" | "ciphertext" | "check">): Buffer {
  return Buffer.from(
    JSON.stringify(["coffre/keyslot/v1", vaultId, slot.userId, slot.name, slot.role, slot.slotVersion, slot.publicKey, slot.kdf]),
  );
}

export interface UserSlotContents {
  vaultKeys: VaultKeys;
  userPrivateKey: SecretBytes;
}

export async function createUserSlot(args: {
  vaultId: string;
  userId: string;
  name: string;
  role: Role;
  slotVersion: number;
  password: Password;
  vaultKeys: VaultKeys;
  /** Keep the user's existing key pair (password change); a new one otherwise. */
  userPrivateKey?: SecretBytes;
  kdfCost?: { m: number; t: number; p: number };
}): Promise<{ slot: UserSlot; userPrivateKey: SecretBytes }> {
  const userPrivateKey = args.userPrivateKey ?? generateX25519KeyPair().privateKey;
  const header = {
    kind: "user" as const,
    userId: args.userId,
    name: args.name,
    role: args.role,
    slotVersion: args.slotVersion,
    publicKey: publicKeyFromPrivate(userPrivateKey).toString("base64"),
    kdf: newArgon2idParams(args.kdfCost),
  };
  const wrappingKey = await deriveKeyFromPassword(args.password, header.kdf);
  const payload = Buffer.concat([args.vaultKeys.serialise(), userPrivateKey.expose()]);
  try {
    const sealed = encryptAesGcm(wrappingKey.expose(), payload, userSlotAad(args.vaultId, header));
    const body = { ...header, nonce: sealed.nonce.toString("base64"), ciphertext: sealed.ciphertext.toString("base64") };
    return { slot: { ...body, check: digest(body) }, userPrivateKey };
  } finally {
    payload.fill(0);
    wrappingKey.wipe();
  }
}

/** Unwraps a user slot. WRONG_PASSWORD when the password (or a tampered field) fails authentication. */
export async function unlockUserSlot(vaultId: string, slot: UserSlot, password: Password): Promise<UserSlotContents> {
  verifyCheck(slot, `the keyslot of ${slot.name}`);
  const wrappingKey = await deriveKeyFromPassword(password, slot.kdf);
  let payload: Buffer;
  try {
    payload = decryptAesGcm(
      wrappingKey.expose(),
      { nonce: Buffer.from(slot.nonce, "base64"), ciphertext: Buffer.from(slot.ciphertext, "base64") },
      userSlotAad(vaultId, slot),
    );
  } catch (error) {
    if (isCoffreError(error) && error.code === "CRYPTO_AUTH_FAILED") {
      throw new CoffreError("WRONG_PASSWORD", "wrong user name or password");
    }
    throw error;
  } finally {
    wrappingKey.wipe();
  }
  try {
    if (payload.length !== VaultKeys.SERIALISED_LENGTH + 32) {
      throw new CoffreError("KEYSLOTS_CORRUPT", "keyslot payload has an unknown layout");
    }
    const vaultKeys = VaultKeys.deserialise(payload.subarray(0, VaultKeys.SERIALISED_LENGTH));
    const userPrivateKey = new SecretBytes(payload.subarray(VaultKeys.SERIALISED_LENGTH));
    if (!publicKeyFromPrivate(userPrivateKey).equals(Buffer.from(slot.publicKey, "base64"))) {
      throw new CoffreError("KEYSLOT_TAMPERED", "keyslot is inconsistent: its key pair does not match");
    }
    return { vaultKeys, userPrivateKey };
  } finally {
    payload.fill(0);
  }
}

function recoveryAad(vaultId: string, salt: string): Buffer {
  return Buffer.from(JSON.stringify(["coffre/recovery-slot/v1", vaultId, salt]));
}

export function createRecoverySlot(vaultId: string, recoveryKey: SecretBytes, vaultKeys: VaultKeys, sensitivePrivateKey: SecretBytes): RecoverySlot {
  const salt = randomBytes(16).toString("base64");
  const key = hkdf32(recoveryKey.expose(), Buffer.from(salt, "base64"), "coffre/recovery-slot/v1");
  const payload = Buffer.concat([vaultKeys.serialise(), sensitivePrivateKey.expose()]);
  try {
    const sealed = encryptAesGcm(key.expose(), payload, recoveryAad(vaultId, salt));
    const body = {
      kind: "recovery" as const,
      kdf: { alg: "hkdf-sha256" as const, salt },
      nonce: sealed.nonce.toString("base64"),
      ciphertext: sealed.ciphertext.toString("base64"),
    };
    return { ...body, check: digest(body) };
  } finally {
    payload.fill(0);
    key.wipe();
  }
}

export function unlockRecoverySlot(
  vaultId: string,
  slot: RecoverySlot,
  recoveryKey: SecretBytes,
): { vaultKeys: VaultKeys; sensitivePrivateKey: SecretBytes } {
  verifyCheck(slot, "the recovery slot");
  const key = hkdf32(recoveryKey.expose(), Buffer.from(slot.kdf.salt, "base64"), "coffre/recovery-slot/v1");
  let payload: Buffer;
  try {
    payload = decryptAesGcm(
      key.expose(),
      { nonce: Buffer.from(slot.nonce, "base64"), ciphertext: Buffer.from(slot.ciphertext, "base64") },
      recoveryAad(vaultId, slot.kdf.salt),
    );
  } catch (error) {
    if (isCoffreError(error) && error.code === "CRYPTO_AUTH_FAILED") {
      throw new CoffreError("WRONG_RECOVERY_KEY", "wrong recovery key for this vault");
    }
    throw error;
  } finally {
    key.wipe();
  }
  try {
    return {
      vaultKeys: VaultKeys.deserialise(payload.subarray(0, VaultKeys.SERIALISED_LENGTH)),
      sensitivePrivateKey: new SecretBytes(payload.subarray(VaultKeys.SERIALISED_LENGTH)),
    };
  } finally {
    payload.fill(0);
  }
}

function grantAad(vaultId: string, userId: string): Buffer {
  return Buffer.from(JSON.stringify(["coffre/reveal-grant/v1", vaultId, userId]));
}

/** Seals the sensitive private key to a user's public key. Only a holder of that private key can call this. */
export function createRevealGrant(vaultId: string, slot: UserSlot, sensitivePrivateKey: SecretBytes, now = new Date()): RevealGrant {
  const sealed = sealToPublicKey(Buffer.from(slot.publicKey, "base64"), sensitivePrivateKey.expose(), grantAad(vaultId, slot.userId));
  const body = { userId: slot.userId, grantedAt: now.toISOString(), sealed: sealed.toString("base64") };
  return { ...body, check: digest(body) };
}

/** Opens a grant with the user's private key and checks the key it holds is the vault's sensitive key. */
export function openRevealGrant(
  vaultId: string,
  grant: RevealGrant,
  userPrivateKey: SecretBytes,
  expectedSensitivePublicKey: Buffer,
): SecretBytes {
  verifyCheck(grant, "a reveal grant");
  const raw = openSealedBox(userPrivateKey, Buffer.from(grant.sealed, "base64"), grantAad(vaultId, grant.userId));
  const key = SecretBytes.adopt(raw);
  if (!publicKeyFromPrivate(key).equals(expectedSensitivePublicKey)) {
    key.wipe();
    throw new CoffreError("KEYSLOT_TAMPERED", "reveal grant does not hold this vault's sensitive key");
  }
  return key;
}

export type { Argon2idParams };
