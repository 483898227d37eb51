import { describe, expect, it } from "vitest";
import { blindIndex, normaliseForBlindIndex } from "../../../main/crypto/blind-index.js";
import { formatRecoveryKey, generateRecoveryKey, parseRecoveryKey } from "../../../main/crypto/recovery-key.js";
import { SecretBytes } from "../../../main/crypto/secret.js";

describe("recovery key", () => {
  it("formats as 11 groups of 5 and parses back, tolerating case and spacing", () => {
    const key = generateRecoveryKey();
    const text = formatRecoveryKey(key);
    expect(text).toMatch(/^([A-Z2-7]{5}-){10}[A-Z2-7]{5}$/);
    expect(parseRecoveryKey(text.toLowerCase().replace(/-/g, " ")).equals(key)).toBe(true);
  });

  it("tells a mistyped key (checksum) from a malformed one", () => {
    const text = formatRecoveryKey(generateRecoveryKey());
    const typo = (text[0] === "A" ? "B" : "A") + text.slice(1);
    expect(() => parseRecoveryKey(typo)).toThrow(/mistyped/);
    expect(() => parseRecoveryKey("not-a-key")).toThrow(/malformed/);
  });
});

describe("blind index", () => {
  const key = new SecretBytes(Buffer.alloc(32, 7));
  it("matches the same value however it is spaced or cased", () => {
    expect(blindIndex(key, "iban", "FR76 3000 6000 0112 3456 7890 189")).toBe(blindIndex(key, "iban", "fr7630006000011234567890189"));
    expect(normaliseForBlindIndex("vat", "fr 40 303 265 045")).toBe("FR40303265045");
  });

  it("depends on the key and the kind", () => {
    const other = new SecretBytes(Buffer.alloc(32, 8));
    expect(blindIndex(key, "iban", "FR7630006000011234567890189")).not.toBe(blindIndex(other, "iban", "FR7630006000011234567890189"));
    expect(blindIndex(key, "siren", "303265045")).not.toBe(blindIndex(key, "siret", "303265045"));
  });
});
