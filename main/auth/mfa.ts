import { createHash, randomBytes } from "node:crypto";
import * as OTPAuth from "otpauth";
import QRCode from "qrcode";
import type { UserId } from "../../shared/domain.js";
import { decryptAesGcm, encryptAesGcm } from "../crypto/aead.js";
import { hkdf32 } from "../crypto/hkdf.js";
import type { SecretBytes } from "../crypto/secret.js";
import { CoffreError } from "../errors.js";
import type { VaultDb } from "../vault/database.js";
import { activateTotp, claimRecoveryCode, claimTotpStep, getTotpState, setTotpPending } from "../vault/queries/users.js";

/**
 * TOTP second factor (RFC 6238: SHA-1, 30 s, 6 digits, 160-bit secret, ±1 step) and single-use recovery
 * codes. The secret is stored sealed under a key derived from the user's own X25519 private key, so other
 * users, who hold the database key, still cannot read it. A code of a step already used is refused.
 */
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

const ISSUER = "Coffre";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function secretKey(userPrivateKey: SecretBytes, userId: string): SecretBytes {
  return hkdf32(userPrivateKey.expose(), Buffer.from(userId), "coffre/totp-secret/v1");
}

function sealSecret(userPrivateKey: SecretBytes, userId: string, secret: Buffer): Buffer {
  const key = secretKey(userPrivateKey, userId);
  try {
    const sealed = encryptAesGcm(key.expose(), secret, Buffer.from(`coffre/totp/${userId}`));
    return Buffer.concat([sealed.nonce, sealed.ciphertext]);
  } finally {
    key.wipe();
  }
}

function openSecret(userPrivateKey: SecretBytes, userId: string, sealed: Buffer): Buffer {
  const key = secretKey(userPrivateKey, userId);
  try {
    return decryptAesGcm(key.expose(), { nonce: sealed.subarray(0, 12), ciphertext: sealed.subarray(12) }, Buffer.from(`coffre/totp/${userId}`));
  } finally {
    key.wipe();
  }
}

function totpFor(secret: Buffer, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
    secret: new OTPAuth.Secret({ buffer: Uint8Array.from(secret).buffer }),
  });
}

export function recoveryCodeHash(userId: string, code: string): string {
  const normalised = code.toUpperCase().replace(/[^A-Z2-7]/g, "");
  return createHash("sha256").update(`coffre/mfa-recovery-code/v1\0${userId}\0${normalised}`).digest("hex");
}

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => BASE32[byte & 31]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export interface Enrolment {
  uri: string;
  secretBase32: string;
  /** The URI as a QR code for a terminal, and as an SVG for the app. */
  qrTerminal: string;
  qrSvg: string;
}

/** Starts enrolment: a new secret, kept pending until a code from it is confirmed. */
export async function startTotpEnrolment(db: VaultDb, user: { id: UserId; name: string }, userPrivateKey: SecretBytes, now: Date): Promise<Enrolment> {
  const secret = randomBytes(20);
  setTotpPending(db, user.id, sealSecret(userPrivateKey, user.id, secret), now.toISOString());
  const totp = totpFor(secret, user.name);
  const uri = totp.toString();
  secret.fill(0);
  return {
    uri,
    secretBase32: totp.secret.base32,
    qrTerminal: await QRCode.toString(uri, { type: "terminal", small: true, errorCorrectionLevel: "M" }),
    qrSvg: await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M" }),
  };
}

function matchStep(secret: Buffer, label: string, code: string, now: Date): number | null {
  const totp = totpFor(secret, label);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  return totp.counter({ timestamp: now.getTime() }) + delta;
}

/** Confirms enrolment with a code from the new secret; returns the recovery codes, shown once. */
export function confirmTotpEnrolment(db: VaultDb, user: { id: UserId; name: string }, userPrivateKey: SecretBytes, code: string, now: Date): string[] {
  const state = getTotpState(db, user.id);
  if (!state?.pending) throw new CoffreError("BAD_INPUT", "no enrolment in progress: run `coffre mfa enroll` first");
  const secret = openSecret(userPrivateKey, user.id, state.pending);
  try {
    const step = matchStep(secret, user.name, code.trim(), now);
    if (step === null) throw new CoffreError("WRONG_TOTP", "that code does not match the new authenticator entry; check the phone's clock");
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    activateTotp(db, user.id, state.pending, step, codes.map((entry) => recoveryCodeHash(user.id, entry)), now.toISOString());
    return codes;
  } finally {
    secret.fill(0);
  }
}

export type SecondFactorResult = { kind: "totp"; step: number } | { kind: "recovery-code" };

/**
 * Checks a login's second factor: a 6-digit TOTP code (±1 step, never a step already used) or a recovery
 * code (each works once).
 */
export function verifySecondFactor(
  db: VaultDb,
  user: { id: UserId; name: string },
  userPrivateKey: SecretBytes,
  code: string,
  now: Date,
): SecondFactorResult {
  const state = getTotpState(db, user.id);
  if (!state?.secret) throw new CoffreError("INTERNAL", "no second factor enrolled");
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    const secret = openSecret(userPrivateKey, user.id, state.secret);
    try {
      const step = matchStep(secret, user.name, trimmed, now);
      if (step === null) throw new CoffreError("WRONG_TOTP", "wrong authentication code");
      if (!claimTotpStep(db, user.id, step)) throw new CoffreError("WRONG_TOTP", "this authentication code was already used; wait for the next one");
      return { kind: "totp", step };
    } finally {
      secret.fill(0);
    }
  }
  if (claimRecoveryCode(db, user.id, recoveryCodeHash(user.id, trimmed), now.toISOString())) return { kind: "recovery-code" };
  throw new CoffreError("WRONG_TOTP", "wrong authentication code or recovery code");
}
