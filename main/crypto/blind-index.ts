import { createHmac } from "node:crypto";
import type { SecretBytes } from "./secret.js";

export type BlindIndexKind = "iban" | "bic" | "vat" | "siren" | "siret" | "email" | "phone" | "rib";

/** Canonical form before indexing: no spaces or separators, upper case (emails lower case). */
export function normaliseForBlindIndex(kind: BlindIndexKind, value: string): string {
  const compact = value.normalize("NFKC").trim();
  if (kind === "email") return compact.toLowerCase();
  if (kind === "phone") return compact.replace(/[^\d+]/g, "");
  return compact.replace(/[\s.\-/]/g, "").toUpperCase();
}

/**
 * Keyed HMAC-SHA256 of a normalised value, domain-separated by kind, so an exact value can be searched
 * without a plaintext column. Without the index key the digest reveals nothing testable offline.
 */
export function blindIndex(indexKey: SecretBytes, kind: BlindIndexKind, value: string): string {
  return createHmac("sha256", indexKey.expose())
    .update(`coffre/blind-index/v1\0${kind}\0${normaliseForBlindIndex(kind, value)}`)
    .digest("hex");
}
