import { randomUUID } from "node:crypto";
import type { InvoiceFields } from "../../shared/invoice.js";
import type { VaultSession } from "../auth/session.js";
import type { EvidenceKeyKind, KnownSupplier, MatchEvidence } from "../classify/supplier.js";
import type { SellerEvidence } from "../classify/evidence.js";
import { evidenceKeysOf } from "../classify/supplier.js";
import { emptySupplierProfile, MAX_EVIDENCE_KEYS, parseSupplierProfile } from "../classify/profile.js";
import { indexValueOf, normaliseCompanyName } from "../classify/index.js";
import { blindIndex } from "../crypto/blind-index.js";
import { completeSupplierIndexes, findSupplierById, insertSupplier, updateSupplierProfile, type SupplierRow } from "../vault/queries/suppliers.js";

/**
 * The blind-index key of a supplier clue (evidence.ts): phones under the "phone" kind, emails under
 * "email", and domains, postcodes and SIRENs under "email" / "siren" with a prefix of their own, so no
 * two kinds of clue can give one key. Nothing of the clue is kept in clear.
 */
export function evidenceKeyOf(session: VaultSession): (kind: EvidenceKeyKind, value: string) => string {
  const key = session.keys.indexKey;
  return (kind, value) => {
    if (kind === "phones") return blindIndex(key, "phone", value);
    if (kind === "emails") return blindIndex(key, "email", value);
    if (kind === "siren") return blindIndex(key, "siren", value);
    return blindIndex(key, "email", `${kind}:${value}`);
  };
}

/** A supplier row as matchSupplier knows it: its name, identifier indexes and clue keys (from its profile). */
export function knownSupplierOf(row: SupplierRow): KnownSupplier {
  let evidenceKeys: string[] = [];
  try {
    const parsed = parseSupplierProfile(JSON.parse(row.profile) as unknown);
    if (parsed.ok) evidenceKeys = parsed.profile.evidence ?? [];
  } catch {
    // A profile that is not JSON holds no clues.
  }
  return { id: row.id, name: row.name, vatIndexKey: row.vatIndex, siretIndexKey: row.siretIndex, ibanIndexKey: row.ibanIndex, evidenceKeys };
}

/**
 * The profile JSON with these clue keys added (the latest MAX_EVIDENCE_KEYS kept), as a valid profile
 * (an empty one when the stored one is not: a correction then keeps the clues); null when unchanged.
 */
function withEvidence(profileJson: string, supplierId: string, keys: readonly string[]): string | null {
  let parsed: ReturnType<typeof parseSupplierProfile> = { ok: false, error: "not JSON" };
  try {
    parsed = parseSupplierProfile(JSON.parse(profileJson) as unknown);
  } catch {
    // Not JSON: start from an empty profile.
  }
  const profile = parsed.ok ? parsed.profile : emptySupplierProfile(supplierId);
  const before = profile.evidence ?? [];
  const merged = [...new Set([...before.filter((key) => !keys.includes(key)), ...keys])].slice(-MAX_EVIDENCE_KEYS);
  if (parsed.ok && merged.length === before.length && merged.every((key, index) => before[index] === key)) return null;
  return JSON.stringify({ ...profile, evidence: merged });
}

/**
 * The supplier of a document: the matched one (its missing identifiers completed, the document's clues
 * added to its profile), or a new one when the document names its seller. Identifiers and clues are kept
 * only as blind indexes.
 */
export function resolveSupplier(session: VaultSession, fields: InvoiceFields, matchedId: string | null, evidence?: SellerEvidence): SupplierRow | null {
  const index = (kind: "vat" | "siret" | "iban", value: string | null) => (value ? blindIndex(session.keys.indexKey, kind, indexValueOf(kind, value)) : null);
  const indexes = { vatIndex: index("vat", fields.sellerVat), siretIndex: index("siret", fields.sellerSiret), ibanIndex: index("iban", fields.iban) };
  const match: MatchEvidence | null = evidence ? { evidence, keyOf: evidenceKeyOf(session) } : null;
  const keys = match ? evidenceKeysOf(fields, match) : [];
  if (matchedId) {
    const found = findSupplierById(session.db, matchedId);
    if (!found) return null;
    // Written only when something changes, in one transaction: each commit is a sync of the database's log.
    const completes = (["vatIndex", "siretIndex", "ibanIndex"] as const).some((kind) => found[kind] === null && indexes[kind] !== null);
    const profile = keys.length > 0 ? withEvidence(found.profile, found.id, keys) : null;
    if (!completes && profile === null) return found;
    session.db.transaction(() => {
      if (completes) completeSupplierIndexes(session.db, found.id, indexes);
      if (profile !== null) updateSupplierProfile(session.db, found.id, profile);
    })();
    // Read back only for the indexes the update completed (coalesce); a new profile is the one just written.
    const row = completes ? (findSupplierById(session.db, found.id) ?? found) : found;
    return profile === null ? row : { ...row, profile };
  }
  const name = fields.sellerName?.trim();
  if (!name && !indexes.vatIndex && !indexes.siretIndex) return null;
  const id = randomUUID();
  const supplier: SupplierRow = {
    id,
    name: name || "Unknown supplier",
    nameKey: normaliseCompanyName(name ?? ""),
    ...indexes,
    profile: keys.length > 0 ? (withEvidence("{}", id, keys) ?? "{}") : "{}",
    createdAt: session.clock().toISOString(),
  };
  insertSupplier(session.db, supplier);
  return supplier;
}
