import type { DocType } from "../../shared/invoice.js";
import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import { blindIndex } from "../crypto/blind-index.js";
import { CoffreError } from "../errors.js";
import { searchDocuments, type SearchRow } from "../vault/queries/search.js";

export interface SearchRequest {
  text?: string;
  supplier?: string;
  from?: string;
  to?: string;
  min?: string;
  max?: string;
  type?: DocType;
  iban?: string;
  vat?: string;
  limit?: number;
  after?: { date: string; id: string };
}

function toCents(amount: string | undefined, name: string): number | undefined {
  if (amount === undefined) return undefined;
  const normalised = amount.replace(/\s/g, "").replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) throw new CoffreError("BAD_INPUT", `--${name} must be an amount like 120 or 120.50`);
  return Math.round(Number.parseFloat(normalised) * 100);
}

function checkDate(date: string | undefined, name: string): string | undefined {
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new CoffreError("BAD_INPUT", `--${name} must be a date YYYY-MM-DD`);
  return date;
}

/**
 * Searches the archive as the session's user may: clerks see their own imports only. Exact IBAN and VAT
 * search goes through the blind index: the value is never compared, stored or logged in clear.
 */
export function search(session: VaultSession, request: SearchRequest): SearchRow[] {
  const user = authorize(session, "documents.read");
  if (request.iban && request.vat) throw new CoffreError("BAD_INPUT", "search by --iban or by --vat, not both at once");
  const secret = request.iban
    ? { type: "iban", blindIndex: blindIndex(session.keys.indexKey, "iban", request.iban) }
    : request.vat
      ? { type: "vat", blindIndex: blindIndex(session.keys.indexKey, "vat", request.vat) }
      : undefined;
  const rows = searchDocuments(session.db, {
    ...(user?.role === "clerk" ? { ownerId: user.id } : {}),
    ...(request.text ? { text: request.text } : {}),
    ...(request.supplier ? { supplier: request.supplier } : {}),
    ...(checkDate(request.from, "from") ? { from: request.from } : {}),
    ...(checkDate(request.to, "to") ? { to: request.to } : {}),
    ...(request.min !== undefined ? { minCents: toCents(request.min, "min") } : {}),
    ...(request.max !== undefined ? { maxCents: toCents(request.max, "max") } : {}),
    ...(request.type ? { docType: request.type } : {}),
    ...(secret ? { secret } : {}),
    ...(request.after ? { after: request.after } : {}),
    limit: request.limit ?? 50,
  });
  const used = Object.entries(request)
    .filter(([key, value]) => value !== undefined && key !== "limit" && key !== "after")
    .map(([key]) => key);
  // Which filters were used, never their values (an IBAN searched for is itself sensitive).
  session.audit({ action: "document.search", result: "ok", reason: `${rows.length} result(s); filters: ${used.join(", ") || "none"}` });
  return rows;
}
