import { describe, expect, it } from "vitest";
import { generateX25519KeyPair, openSealedBox, publicKeyFromPrivate, sealToPublicKey } from "../../../main/crypto/sealed-box.js";
import { encryptAesGcm, decryptAesGcm } from "../../../main/crypto/aead.js";
import { SecretBytes } from "../../../main/crypto/secret.js";
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";

describe("sealed boxes (X25519 + HKDF-SHA256 + AES-256-GCM)", () => {
  it("round-trips to the holder of the private key only", () => {
    const recipient = generateX25519KeyPair();
    const other = generateX25519KeyPair();
    const box = sealToPublicKey(recipient.publicKey, Buffer.from("FR76 3000 6000 0112 3456 7890 189"));
    expect(openSealedBox(recipient.privateKey, box).toString()).toBe("FR76 3000 6000 0112 3456 7890 189");
    expect(() => openSealedBox(other.privateKey, box)).toThrow(/authentication/);
  });

  it("uses a fresh ephemeral key each time and refuses any altered byte or wrong AAD", () => {
    const recipient = generateX25519KeyPair();
    const a = sealToPublicKey(recipient.publicKey, Buffer.from("same"), Buffer.from("ctx"));
    const b = sealToPublicKey(recipient.publicKey, Buffer.from("same"), Buffer.from("ctx"));
    expect(a.equals(b)).toBe(false);
    for (const index of [1, 40, a.length - 1]) {
      const tampered = Buffer.from(a);
      tampered[index] = (tampered[index] ?? 0) ^ 1;
      expect(() => openSealedBox(recipient.privateKey, tampered, Buffer.from("ctx"))).toThrow();
    }
    expect(() => openSealedBox(recipient.privateKey, a, Buffer.from("other"))).toThrow(/authentication/);
    expect(openSealedBox(recipient.privateKey, a, Buffer.from("ctx")).toString()).toBe("same");
  });

  it("derives the public key from the private key", () => {
    const pair = generateX25519KeyPair();
    expect(publicKeyFromPrivate(pair.privateKey).equals(pair.publicKey)).toBe(true);
  });
});

describe("AES-256-GCM helper", () => {
  it("binds the associated data", () => {
    const key = randomBytes(32);
    const sealed = encryptAesGcm(key, Buffer.from("payload"), Buffer.from("user=1"));
    expect(decryptAesGcm(key, sealed, Buffer.from("user=1")).toString()).toBe("payload");
    expect(() => decryptAesGcm(key, sealed, Buffer.from("user=2"))).toThrow(/authentication/);
  });
});

describe("SecretBytes", () => {
  it("never prints its value and can be wiped", () => {
    const secret = new SecretBytes(Buffer.from("0123456789abcdef0123456789abcdef"));
    expect(String(secret)).toBe("[secret]");
    expect(JSON.stringify({ secret })).toBe('{"secret":"[secret]"}');
    expect(inspect(secret)).toBe("[secret]");
    secret.wipe();
    expect(secret.unsafeView().every((byte) => byte === 0)).toBe(true);
    expect(() => secret.expose()).toThrow(/wiped/);
  });
});
