import type { UserId } from "../../shared/domain.js";
import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import { CoffreError } from "../errors.js";
import { findDocumentById, type DocumentRow } from "../vault/queries/documents.js";
import { checkpointWalTruncate, findErasure, type ErasureCause } from "../vault/queries/erasure.js";
import { shredDocument } from "./shred.js";

/**
 * GDPR erasure of one document (manager: documents.erase). Crypto-shredding plus row deletion: the
 * document's file keys, sealed values, blind indexes, masked pages, full-text rows and (when no other
 * document needs it) its supplier are deleted under secure_delete, its encrypted files removed, the WAL
 * checkpointed and truncated. Refused under legal hold. Audited with the reason, never a value; the
 * erasure (id, content MAC, type, time) is recorded so backups carry it and a restore re-applies it.
 */
export interface EraseOptions {
  reason: string;
  /** Why, in one word, for the erasure list: a request (default), retention, or a data subject's request. */
  cause?: Exclude<ErasureCause, "restore">;
}

export interface ErasureReport {
  id: string;
  erasedAt: string;
  filesDeleted: number;
  supplierRemoved: boolean;
  /** False when another connection kept part of the WAL (it is folded in at that connection's next checkpoint). */
  walTruncated: boolean;
}

const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
const IBAN_LIKE = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b/i;
const LONG_DIGITS = /\d(?:[\s.-]?\d){9,}/;

/** A reason is required, and must not itself carry the kind of value being erased. */
export function checkErasureReason(reason: string | undefined, what = "erase"): string {
  const text = (reason ?? "").trim();
  if (text.length < 3) throw new CoffreError("BAD_INPUT", `a reason is required to ${what} (--reason)`);
  if (text.length > 500) throw new CoffreError("BAD_INPUT", "the reason is too long (500 characters at most)");
  if (EMAIL.test(text) || IBAN_LIKE.test(text) || LONG_DIGITS.test(text)) {
    throw new CoffreError("BAD_INPUT", "the reason must not contain personal data (an email, an IBAN, a long number): it is kept in the audit trail");
  }
  return text;
}

/** The document, authorised for `permission`; a clear error when it does not exist (or was erased). */
export function requireDocumentFor(session: VaultSession, id: string, permission: "documents.erase" | "documents.hold"): DocumentRow {
  const document = findDocumentById(session.db, id);
  if (!document) {
    authorize(session, permission);
    const erased = findErasure(session.db, id);
    if (erased) throw new CoffreError("BAD_INPUT", `document ${id} was already erased (${erased.erasedAt.slice(0, 10)})`);
    throw new CoffreError("BAD_INPUT", `no document ${id}`);
  }
  authorize(session, permission, { kind: "document", id, ownerId: document.ownerId as UserId });
  return document;
}

/** Erases one authorised document without the final checkpoint (batches checkpoint once). */
export function eraseAuthorisedDocument(session: VaultSession, document: DocumentRow, reason: string, cause: Exclude<ErasureCause, "restore">): Omit<ErasureReport, "walTruncated"> {
  if (document.legalHold) {
    session.audit({ action: "document.erase", result: "denied", object: `document ${document.id}`, reason: "refused: the document is under legal hold" });
    throw new CoffreError("FORBIDDEN", `document ${document.id} is under legal hold: lift the hold first (coffre hold ${document.id} --off --reason TEXT)`);
  }
  const erasedAt = session.clock().toISOString();
  const result = shredDocument(session.db, session.paths.blobs, {
    documentId: document.id,
    contentMac: document.contentMac,
    docType: document.docType,
    erasedAt,
    erasedBy: session.user?.id ?? null,
    cause,
  });
  session.audit({ action: "document.erase", result: "ok", object: `document ${document.id}`, reason: cause === "request" ? reason : `${cause}: ${reason}` });
  return { id: document.id, erasedAt, ...result };
}

/** Folds the WAL into the database and truncates it, so no old page version of an erased row survives there. */
export function truncateWal(session: VaultSession): boolean {
  return !checkpointWalTruncate(session.db).busy;
}

export function eraseDocument(session: VaultSession, id: string, options: EraseOptions): ErasureReport {
  const document = requireDocumentFor(session, id, "documents.erase");
  const reason = checkErasureReason(options.reason);
  const report = eraseAuthorisedDocument(session, document, reason, options.cause ?? "request");
  return { ...report, walTruncated: truncateWal(session) };
}
