import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import type { UserId } from "../../shared/domain.js";
import type { DocType } from "../../shared/invoice.js";
import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import { indexValueOf } from "../classify/index.js";
import { blindIndex } from "../crypto/blind-index.js";
import { viewDocument, type DocumentView } from "../documents/view.js";
import { CoffreError, isCoffreError } from "../errors.js";
import { findDocumentById } from "../vault/queries/documents.js";
import { findDocumentsByBlindIndexes, findDocumentsOfSuppliersByIndex, type IndexedValue } from "../vault/queries/subject.js";
import { findSupplierById } from "../vault/queries/suppliers.js";
import { checkErasureReason, eraseAuthorisedDocument, truncateWal } from "./erase.js";

/**
 * A data subject's rights (GDPR art. 15 and 17): everything the vault holds about a person, found by an
 * exact email, phone, IBAN or VAT number through the blind index — values are never compared in clear,
 * stored or logged; the audit says which kinds of identifier were searched, never which values.
 * - find (documents.read; a clerk sees their own imports only): ids, type, date, supplier, what matched;
 * - export (documents.reveal, reason required): every matching document as the manager sees it revealed,
 *   one audit row per revealed value, as one JSON object to hand to the person;
 * - erase (documents.erase, reason required): every matching document, held ones refused and reported.
 */
export interface SubjectQuery {
  email?: string;
  phone?: string;
  iban?: string;
  vat?: string;
}

export interface SubjectMatch {
  id: string;
  docType: DocType;
  issueDate: string | null;
  supplier: string | null;
  /** Which identifiers matched: email, phone, iban, vat, or supplier-vat / supplier-iban (the seller's own). */
  matchedBy: string[];
  legalHold: boolean;
}

export interface SubjectExport {
  format: "coffre-subject-export";
  version: 1;
  generatedAt: string;
  searchedBy: string[];
  documents: DocumentView[];
}

export interface SubjectErasureReport {
  erased: string[];
  held: string[];
  failed: { id: string; reason: string }[];
  walTruncated: boolean;
}

function normalisePhone(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone, { defaultCountry: "FR" });
  if (!parsed?.isValid()) throw new CoffreError("BAD_INPUT", "--phone is not a valid phone number (give it with its country code, e.g. +33 1 42 68 53 00)");
  return parsed.number;
}

/** The blind indexes to look for: the detectors' canonical forms, keyed like at import. */
function indexedValues(session: VaultSession, query: SubjectQuery): { secrets: IndexedValue[]; suppliers: IndexedValue[]; kinds: string[] } {
  const key = session.keys.indexKey;
  const secrets: IndexedValue[] = [];
  const suppliers: IndexedValue[] = [];
  const kinds: string[] = [];
  if (query.email !== undefined) {
    if (!/^[^\s@]+@[^\s@]+$/.test(query.email.trim())) throw new CoffreError("BAD_INPUT", "--email is not an email address");
    secrets.push({ type: "email", blindIndex: blindIndex(key, "email", query.email.trim().toLowerCase()) });
    kinds.push("email");
  }
  if (query.phone !== undefined) {
    secrets.push({ type: "phone", blindIndex: blindIndex(key, "phone", normalisePhone(query.phone)) });
    kinds.push("phone");
  }
  for (const kind of ["iban", "vat"] as const) {
    const value = query[kind];
    if (value === undefined) continue;
    if (value.replace(/[\s.\-/]/g, "").length < 4) throw new CoffreError("BAD_INPUT", `--${kind} is too short`);
    secrets.push({ type: kind, blindIndex: blindIndex(key, kind, value) });
    suppliers.push({ type: kind, blindIndex: blindIndex(key, kind, indexValueOf(kind, value)) });
    kinds.push(kind);
  }
  if (kinds.length === 0) throw new CoffreError("BAD_INPUT", "give at least one of --email, --phone, --iban or --vat");
  return { secrets, suppliers, kinds };
}

function matchingDocuments(session: VaultSession, query: SubjectQuery): { matches: Map<string, Set<string>>; kinds: string[] } {
  const { secrets, suppliers, kinds } = indexedValues(session, query);
  const matches = findDocumentsByBlindIndexes(session.db, secrets);
  for (const [id, types] of findDocumentsOfSuppliersByIndex(session.db, suppliers)) {
    const known = matches.get(id) ?? new Set<string>();
    for (const type of types) known.add(type);
    matches.set(id, known);
  }
  return { matches, kinds };
}

export function findSubject(session: VaultSession, query: SubjectQuery): SubjectMatch[] {
  const user = authorize(session, "documents.read");
  const { matches, kinds } = matchingDocuments(session, query);
  const found: SubjectMatch[] = [];
  for (const [id, types] of matches) {
    const document = findDocumentById(session.db, id);
    if (!document) continue;
    if (user?.role === "clerk" && document.ownerId !== user.id) continue;
    found.push({
      id,
      docType: document.docType,
      issueDate: document.issueDate,
      supplier: document.supplierId ? (findSupplierById(session.db, document.supplierId)?.name ?? null) : null,
      matchedBy: [...types].sort(),
      legalHold: document.legalHold,
    });
  }
  found.sort((a, b) => (a.issueDate ?? "").localeCompare(b.issueDate ?? "") || a.id.localeCompare(b.id));
  session.audit({ action: "subject.find", result: "ok", reason: `${found.length} document(s); searched by ${kinds.join(", ")}` });
  return found;
}

export function exportSubject(session: VaultSession, query: SubjectQuery, options: { reason: string }): SubjectExport {
  authorize(session, "documents.reveal");
  const reason = checkErasureReason(options.reason, "export a data subject's data");
  if (!session.sensitivePrivateKey) throw new CoffreError("FORBIDDEN", "this session does not hold the reveal key (ask a manager to grant it)");
  const { matches, kinds } = matchingDocuments(session, query);
  const documents = [...matches.keys()].sort().map((id) => viewDocument(session, id, { reveal: true, reason: `data subject access: ${reason}` }));
  session.audit({ action: "subject.export", result: "ok", reason: `${documents.length} document(s) revealed; searched by ${kinds.join(", ")}; ${reason}` });
  return { format: "coffre-subject-export", version: 1, generatedAt: session.clock().toISOString(), searchedBy: kinds, documents };
}

export function eraseSubject(session: VaultSession, query: SubjectQuery, options: { reason: string }): SubjectErasureReport {
  authorize(session, "documents.erase");
  const reason = checkErasureReason(options.reason);
  const { matches, kinds } = matchingDocuments(session, query);
  const report: SubjectErasureReport = { erased: [], held: [], failed: [], walTruncated: true };
  for (const id of [...matches.keys()].sort()) {
    const document = findDocumentById(session.db, id);
    if (!document) continue;
    authorize(session, "documents.erase", { kind: "document", id, ownerId: document.ownerId as UserId });
    if (document.legalHold) {
      report.held.push(id);
      session.audit({ action: "document.erase", result: "denied", object: `document ${id}`, reason: "refused: the document is under legal hold" });
      continue;
    }
    try {
      eraseAuthorisedDocument(session, document, reason, "subject");
      report.erased.push(id);
    } catch (error) {
      if (!isCoffreError(error)) throw error;
      report.failed.push({ id, reason: error.message });
    }
  }
  report.walTruncated = truncateWal(session);
  session.audit({ action: "subject.erase", result: "ok", reason: `${report.erased.length} erased, ${report.held.length} held; searched by ${kinds.join(", ")}` });
  return report;
}
