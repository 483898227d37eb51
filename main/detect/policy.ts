/**
 * Sensitive data policy (design.md): what happens to each type of sensitive value found on a document.
 * "encrypt": sealed to the sensitive public key, blind-indexed for exact search, masked everywhere else.
 * "redact": removed everywhere, never written in clear, not even sealed. "keep": left as it is.
 */
export const SENSITIVE_TYPES = ["iban", "rib", "bic", "vat", "siren", "siret", "email", "phone", "address", "person", "card", "nir"] as const;
export type SensitiveType = (typeof SENSITIVE_TYPES)[number];
export type PolicyAction = "encrypt" | "redact" | "keep";
export type SensitivePolicy = Record<SensitiveType, PolicyAction>;

export const DEFAULT_POLICY: SensitivePolicy = {
  iban: "encrypt",
  rib: "encrypt",
  bic: "encrypt",
  vat: "encrypt",
  siren: "encrypt",
  siret: "encrypt",
  email: "encrypt",
  phone: "encrypt",
  address: "encrypt",
  person: "encrypt",
  card: "redact",
  nir: "redact",
};

/** The placeholder that stands for a hidden value in text layers and the search index. */
export function placeholderFor(type: SensitiveType): string {
  return `[${type.toUpperCase()}]`;
}

/** A value shown to people who may not see it: enough to recognise, not enough to use. */
export function maskValue(type: SensitiveType, value: string): string {
  const compact = value.replace(/\s+/g, "");
  if (type === "card" || type === "nir") return "*".repeat(4);
  if (type === "email") {
    const [local = "", domain = ""] = compact.split("@");
    return `${local.slice(0, 1)}***@${domain.replace(/^[^.]+/, (part) => `${part.slice(0, 1)}***`)}`;
  }
  if (type === "address" || type === "person") return `${compact.slice(0, 1)}***`;
  if (type === "iban") {
    const tail = compact.slice(-4);
    return `${compact.slice(0, 4)} **** **** ${tail}`;
  }
  if (compact.length <= 4) return "*".repeat(compact.length);
  const keep = compact.length >= 9 ? 2 : 1;
  return `${compact.slice(0, keep)}${"*".repeat(compact.length - keep * 2)}${compact.slice(-keep)}`;
}
