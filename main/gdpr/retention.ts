import { DOC_TYPES, type DocType } from "../../shared/invoice.js";
import { authorize } from "../auth/authorize.js";
import { roleHasPermission } from "../auth/permissions.js";
import type { VaultSession } from "../auth/session.js";
import { CoffreError, isCoffreError } from "../errors.js";
import { findDocumentById } from "../vault/queries/documents.js";
import { getMeta, setMeta } from "../vault/queries/meta.js";
import { listRetentionCandidates, listRetentionPolicy, setRetentionYears, type RetentionPolicyRow } from "../vault/queries/retention.js";
import { eraseAuthorisedDocument, truncateWal } from "./erase.js";

/**
 * Retention (docs/retention.md). A period in years per document type, counted from the end of the
 * fiscal year that holds the document's date (its issue date, or its import date when it has none):
 * French commercial law keeps accounting documents 10 years from the close of the fiscal year. The admin
 * sets the periods and the fiscal year end (retention.manage); invoices and credit notes cannot go below
 * the legal 10 years. Who erases: `retention run` without --dry-run erases, so it needs documents.erase
 * (a manager) — IT decides the policy, a manager carries out the destruction, and the admin never
 * destroys documents nor reads them. The dry run (admin or manager) lists ids, types and expiry dates
 * only: no supplier, number or amount.
 */
export const DEFAULT_RETENTION_YEARS: Record<DocType, number> = { invoice: 10, "credit-note": 10, other: 5 };
export const LEGAL_MINIMUM_YEARS: Record<DocType, number> = { invoice: 10, "credit-note": 10, other: 1 };
export const DEFAULT_FISCAL_YEAR_END = "12-31";

export interface RetentionPolicy {
  years: Record<DocType, number>;
  fiscalYearEnd: string;
  updated: RetentionPolicyRow[];
}

export interface ExpiredDocument {
  id: string;
  docType: DocType;
  /** The last day the document must be kept (ISO date); it may be erased from the day after. */
  keepUntil: string;
  legalHold: boolean;
}

export interface RetentionRunReport {
  dryRun: boolean;
  asOf: string;
  expired: ExpiredDocument[];
  erased: string[];
  held: string[];
  failed: { id: string; reason: string }[];
  walTruncated: boolean | null;
}

/** Admins (policy) and managers (who erase) may read the policy and list what has expired. */
function authorizeRetentionReader(session: VaultSession): void {
  const role = session.user?.role;
  authorize(session, role && roleHasPermission(role, "retention.manage") ? "retention.manage" : "documents.erase");
}

function readPolicy(session: VaultSession): RetentionPolicy {
  const rows = listRetentionPolicy(session.db);
  const years = { ...DEFAULT_RETENTION_YEARS };
  for (const row of rows) years[row.docType] = row.years;
  return { years, fiscalYearEnd: getMeta(session.db, "retention_fiscal_year_end") ?? DEFAULT_FISCAL_YEAR_END, updated: rows };
}

export function getRetentionPolicy(session: VaultSession): RetentionPolicy {
  authorizeRetentionReader(session);
  return readPolicy(session);
}

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function setRetentionPolicy(session: VaultSession, change: { docType?: DocType; years?: number; fiscalYearEnd?: string }): RetentionPolicy {
  const user = authorize(session, "retention.manage");
  const before = readPolicy(session);
  const now = session.clock().toISOString();
  if (change.docType !== undefined || change.years !== undefined) {
    const { docType, years } = change;
    if (docType === undefined || !(DOC_TYPES as readonly string[]).includes(docType)) throw new CoffreError("BAD_INPUT", "--type must be invoice, credit-note or other");
    if (years === undefined || !Number.isInteger(years) || years < 1 || years > 100) throw new CoffreError("BAD_INPUT", "--years must be a whole number from 1 to 100");
    if (years < LEGAL_MINIMUM_YEARS[docType]) {
      throw new CoffreError("BAD_INPUT", `${docType} documents must be kept at least ${LEGAL_MINIMUM_YEARS[docType]} years (French commercial law, accounting documents)`);
    }
    setRetentionYears(session.db, docType, years, now, user?.id ?? null);
    session.audit({ action: "retention.policy", result: "ok", object: `type ${docType}`, reason: `${before.years[docType]} -> ${years} years` });
  }
  if (change.fiscalYearEnd !== undefined) {
    if (!MONTH_DAY.test(change.fiscalYearEnd)) throw new CoffreError("BAD_INPUT", "--fiscal-year-end must be MM-DD, e.g. 12-31 or 06-30");
    setMeta(session.db, "retention_fiscal_year_end", change.fiscalYearEnd);
    session.audit({ action: "retention.policy", result: "ok", object: "fiscal year end", reason: `${before.fiscalYearEnd} -> ${change.fiscalYearEnd}` });
  }
  return readPolicy(session);
}

/** The end of the fiscal year (MM-DD, clamped to the month's length) that holds `date`. */
export function fiscalYearEndOf(date: string, fiscalYearEnd: string): string {
  const [month, day] = fiscalYearEnd.split("-").map(Number) as [number, number];
  const year = Number(date.slice(0, 4));
  const endIn = (y: number): string => {
    const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
    return `${String(y).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(day, last)).padStart(2, "0")}`;
  };
  return date <= endIn(year) ? endIn(year) : endIn(year + 1);
}

/** The last day to keep a document dated `date`: its fiscal year's end plus `years` years. */
export function keepUntil(date: string, years: number, fiscalYearEnd: string): string {
  const end = fiscalYearEndOf(date, fiscalYearEnd);
  const target = Number(end.slice(0, 4)) + years;
  const [month, day] = fiscalYearEnd.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(target, month, 0)).getUTCDate();
  return `${String(target).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(day, last)).padStart(2, "0")}`;
}

function listExpired(session: VaultSession, asOf: string): ExpiredDocument[] {
  const policy = readPolicy(session);
  const expired: ExpiredDocument[] = [];
  for (const candidate of listRetentionCandidates(session.db)) {
    const basis = candidate.issueDate && /^\d{4}-\d{2}-\d{2}$/.test(candidate.issueDate) ? candidate.issueDate : candidate.importedAt.slice(0, 10);
    const until = keepUntil(basis, policy.years[candidate.docType], policy.fiscalYearEnd);
    if (asOf > until) expired.push({ id: candidate.id, docType: candidate.docType, keepUntil: until, legalHold: candidate.legalHold });
  }
  return expired;
}

/**
 * Lists what has expired (dry run: admin or manager), or lists then erases it (manager), skipping held
 * documents. Each erasure is audited like any other (cause "retention"), and the run itself too.
 */
export function runRetention(session: VaultSession, options: { dryRun: boolean }): RetentionRunReport {
  if (options.dryRun) authorizeRetentionReader(session);
  else authorize(session, "documents.erase");
  const asOf = session.clock().toISOString().slice(0, 10);
  const expired = listExpired(session, asOf);
  const held = expired.filter((entry) => entry.legalHold).map((entry) => entry.id);
  const report: RetentionRunReport = { dryRun: options.dryRun, asOf, expired, erased: [], held, failed: [], walTruncated: null };
  if (!options.dryRun) {
    for (const entry of expired.filter((candidate) => !candidate.legalHold)) {
      const document = findDocumentById(session.db, entry.id);
      if (!document) continue;
      try {
        eraseAuthorisedDocument(session, document, `${entry.docType} kept until ${entry.keepUntil}`, "retention");
        report.erased.push(entry.id);
      } catch (error) {
        if (!isCoffreError(error)) throw error;
        report.failed.push({ id: entry.id, reason: error.message });
      }
    }
    report.walTruncated = truncateWal(session);
  }
  session.audit({
    action: "retention.run",
    result: "ok",
    object: options.dryRun ? "dry run" : "erase",
    reason: `as of ${asOf}: ${expired.length} expired, ${report.erased.length} erased, ${held.length} held${report.failed.length > 0 ? `, ${report.failed.length} failed` : ""}`,
  });
  return report;
}
