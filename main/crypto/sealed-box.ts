import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from "node:crypto";
import { CoffreError } from "../errors.js";
import { decryptAesGcm, encryptAesGcm, NONCE_LENGTH, TAG_LENGTH } from "./aead.js";
import { hkdf32 } from "./hkdf.js";
import { SecretBytes } from "./secret.js";

/**
 * Anonymous sealed boxes to an X25519 public key: ephemeral X25519 + HKDF-SHA256 + AES-256-GCM.
 * Layout: version(1) | ephemeral public key(32) | nonce(12) | ciphertext | tag(16).
 */
const VERSION = 1;
const PKCS8_X25519_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");
const SPKI_X25519_PREFIX = Buffer.from("302a300506032b656e032100", "hex");
const INFO = "coffre/sealed-box/v1";

export interface X25519KeyPair {
  publicKey: Buffer;
  privateKey: SecretBytes;
}

export function generateX25519KeyPair(): X25519KeyPair {
  const pair = generateKeyPairSync("x25519");
  return { publicKey: rawPublicKey(pair.publicKey), privateKey: SecretBytes.adopt(rawPrivateKey(pair.privateKey)) };
}

export function publicKeyFromPrivate(privateKey: SecretBytes): Buffer {
  return rawPublicKey(createPublicKey(privateKeyObject(privateKey.expose())));
}

function rawPublicKey(key: KeyObject): Buffer {
  const der = key.export({ format: "der", type: "spki" });
  return Buffer.from(der.subarray(der.length - 32));
}

function rawPrivateKey(key: KeyObject): Buffer {
  const der = key.export({ format: "der", type: "pkcs8" });
  const raw = Buffer.from(der.subarray(der.length - 32));
  der.fill(0);
  return raw;
}

function privateKeyObject(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error("X25519 private key must be 32 bytes");
  const der = Buffer.concat([PKCS8_X25519_PREFIX, raw]);
  try {
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } finally {
    der.fill(0);
  }
}

/** The last recipient's key object: an import seals every value of a document to the same public key. */
let lastRecipient: { raw: Buffer; key: KeyObject } | null = null;

function publicKeyObject(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new CoffreError("BAD_INPUT", "X25519 public key must be 32 bytes");
  if (lastRecipient?.raw.equals(raw)) return lastRecipient.key;
  const key = createPublicKey({ key: Buffer.concat([SPKI_X25519_PREFIX, raw]), format: "der", type: "spki" });
  // A public key: nothing secret is kept. Copied, so a caller reusing its buffer cannot change the entry.
  lastRecipient = { raw: Buffer.from(raw), key };
  return key;
}

function sharedKey(privateKey: KeyObject, publicKey: KeyObject, ephemeralPublic: Buffer, recipientPublic: Buffer): SecretBytes {
  const shared = diffieHellman({ privateKey, publicKey });
  try {
    if (shared.every((byte) => byte === 0)) {
      throw new CoffreError("CRYPTO_AUTH_FAILED", "sealed box uses an invalid public key");
    }
    return hkdf32(shared, Buffer.concat([ephemeralPublic, recipientPublic]), INFO);
  } finally {
    shared.fill(0);
  }
}

/** Seals `plaintext` so that only the holder of the private key for `recipientPublicKey` can open it. */
export function sealToPublicKey(recipientPublicKey: Buffer, plaintext: Buffer, aad: Buffer = Buffer.alloc(0)): Buffer {
  const ephemeral = generateKeyPairSync("x25519");
  const ephemeralPublic = rawPublicKey(ephemeral.publicKey);
  const key = sharedKey(ephemeral.privateKey, publicKeyObject(recipientPublicKey), ephemeralPublic, recipientPublicKey);
  try {
    const sealed = encryptAesGcm(key.expose(), plaintext, aad);
    return Buffer.concat([Buffer.of(VERSION), ephemeralPublic, sealed.nonce, sealed.ciphertext]);
  } finally {
    key.wipe();
  }
}

/** Opens a sealed box. Throws CRYPTO_AUTH_FAILED with the wrong key or any altered byte. */
export function openSealedBox(privateKey: SecretBytes, box: Buffer, aad: Buffer = Buffer.alloc(0)): Buffer {
  if (box.length < 1 + 32 + NONCE_LENGTH + TAG_LENGTH || box[0] !== VERSION) {
    throw new CoffreError("CRYPTO_AUTH_FAILED", "sealed value is malformed");
  }
  const ephemeralPublic = box.subarray(1, 33);
  const nonce = box.subarray(33, 33 + NONCE_LENGTH);
  const ciphertext = box.subarray(33 + NONCE_LENGTH);
  const privateObject = privateKeyObject(privateKey.expose());
  const recipientPublic = rawPublicKey(createPublicKey(privateObject));
  const key = sharedKey(privateObject, publicKeyObject(Buffer.from(ephemeralPublic)), ephemeralPublic, recipientPublic);
  try {
    return decryptAesGcm(key.expose(), { nonce, ciphertext }, aad);
  } finally {
    key.wipe();
  }
}
