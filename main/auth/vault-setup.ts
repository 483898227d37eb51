import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { UserId } from "../../shared/domain.js";
import { appendAudit } from "../audit/audit-log.js";
import { createRecoverySlot, createUserSlot, type KeyslotsFile } from "../crypto/keyslots.js";
import { generateRecoveryKey } from "../crypto/recovery-key.js";
import { generateX25519KeyPair } from "../crypto/sealed-box.js";
import type { Password, SecretBytes } from "../crypto/secret.js";
import { VaultKeys } from "../crypto/vault-keys.js";
import { CoffreError } from "../errors.js";
import { closeDatabase, openEncryptedDatabase } from "../vault/database.js";
import { writeKeyslots } from "../vault/keyslot-store.js";
import { vaultPaths } from "../vault/layout.js";
import { initialiseVaultDatabase } from "../vault/setup.js";
import { checkPasswordPolicy, checkUserName } from "./password-policy.js";

export interface InitVaultResult {
  vaultId: string;
  adminId: UserId;
  /** Shown once to the person who runs init; never stored in clear. The caller wipes it. */
  recoveryKey: SecretBytes;
}

/**
 * Creates a new vault folder: database, keyslots.json (the admin's slot and the recovery slot) and the
 * blob folder. Built in a temporary sibling folder and renamed into place, so an interrupted init leaves
 * nothing behind. Refuses any folder that already holds something.
 */
export async function initVault(args: {
  dir: string;
  adminName: string;
  adminPassword: Password;
  adminPasswordText: string;
  mfaRequired: boolean;
  kdfCost?: { m: number; t: number; p: number };
}): Promise<InitVaultResult> {
  const target = resolve(args.dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new CoffreError("VAULT_EXISTS", `refusing to init: ${target} already exists and is not empty`);
  }
  checkUserName(args.adminName);
  checkPasswordPolicy(args.adminPasswordText, args.adminName);
  if (!existsSync(dirname(target))) mkdirSync(dirname(target), { recursive: true });

  const staging = join(dirname(target), `.${basename(target)}.init-${randomUUID()}`);
  mkdirSync(staging, { mode: 0o700 });
  const paths = vaultPaths(staging);
  const vaultKeys = VaultKeys.generate();
  const sensitive = generateX25519KeyPair();
  const recoveryKey = generateRecoveryKey();
  try {
    const vaultId = randomUUID();
    const adminId = randomUUID() as UserId;
    const now = new Date().toISOString();
    const { slot, userPrivateKey } = await createUserSlot({
      vaultId,
      userId: adminId,
      name: args.adminName,
      role: "admin",
      slotVersion: 1,
      password: args.adminPassword,
      vaultKeys,
      ...(args.kdfCost ? { kdfCost: args.kdfCost } : {}),
    });
    userPrivateKey.wipe();

    const db = openEncryptedDatabase(paths.database, vaultKeys.dek, { create: true });
    try {
      initialiseVaultDatabase(db, {
        vaultId,
        sensitivePublicKey: sensitive.publicKey.toString("base64"),
        mfaRequired: args.mfaRequired,
        admin: { id: adminId, name: args.adminName },
        now,
      });
      // The first link of the audit chain (and its head outside the database).
      appendAudit(
        { db, auditKey: vaultKeys.auditKey, vaultId, headFile: paths.auditHead },
        { action: "vault.init", result: "ok", userId: adminId, userName: args.adminName, reason: args.mfaRequired ? null : "MFA not required" },
      );
    } finally {
      closeDatabase(db);
    }

    const keyslots: KeyslotsFile = {
      format: "coffre-keyslots",
      version: 1,
      vaultId,
      sensitivePublicKey: sensitive.publicKey.toString("base64"),
      slots: [slot],
      recovery: createRecoverySlot(vaultId, recoveryKey, vaultKeys, sensitive.privateKey),
      grants: [],
      disabled: [],
    };
    writeKeyslots(paths.keyslots, keyslots);
    mkdirSync(paths.blobs, { mode: 0o700 });

    if (existsSync(target)) rmdirSync(target); // empty, checked above
    try {
      renameSync(staging, target);
    } catch (cause) {
      throw new CoffreError("VAULT_EXISTS", `refusing to init: ${target} appeared while the vault was being created`, { cause });
    }
    return { vaultId, adminId, recoveryKey };
  } catch (error) {
    recoveryKey.wipe();
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    vaultKeys.wipe();
    sensitive.privateKey.wipe();
  }
}
