import { FIELD_NAMES, type FieldName, type InvoiceFields } from "../../shared/invoice.js";
import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import { openSealedBox } from "../crypto/sealed-box.js";
import { CoffreError } from "../errors.js";
import { sealAad } from "../ingest/protect.js";
import { findDocumentById, listSecretsOfDocument, type DocumentRow } from "../vault/queries/documents.js";
import { findSupplierById } from "../vault/queries/suppliers.js";
import type { UserId } from "../../shared/domain.js";

/**
 * Reading a document: the fields as the reader may see them. Sensitive fields are masked; a manager may
 * reveal them with a reason, one audit row per revealed value (which document, which field — never the
 * value), the clear value returned to that call only.
 */
export interface DocumentView {
  id: string;
  file: string;
  docType: DocumentRow["docType"];
  supplier: string | null;
  fields: InvoiceFields;
  warnings: DocumentRow["warnings"];
  duplicateOf: string | null;
  sensitive: { type: string; field: string | null; page: number | null; bbox: [number, number, number, number] | null; action: string; masked: string; value?: string }[];
  pages: number;
  source: DocumentRow["source"];
  ocrConfidence: number | null;
  importedAt: string;
  revealed: boolean;
}

export function requireReadableDocument(session: VaultSession, id: string, permission: "documents.read" | "documents.export" | "documents.reveal"): DocumentRow {
  const document = findDocumentById(session.db, id);
  if (!document) {
    authorize(session, permission);
    throw new CoffreError("BAD_INPUT", `no document ${id}`);
  }
  authorize(session, permission, { kind: "document", id, ownerId: document.ownerId as UserId });
  return document;
}

export function viewDocument(session: VaultSession, id: string, options: { reveal?: boolean; reason?: string } = {}): DocumentView {
  const document = requireReadableDocument(session, id, options.reveal ? "documents.reveal" : "documents.read");
  if (options.reveal) {
    if (!options.reason || options.reason.trim().length < 3) throw new CoffreError("BAD_INPUT", "a reason is required to reveal sensitive values (--reason)");
    if (!session.sensitivePrivateKey) throw new CoffreError("FORBIDDEN", "this session does not hold the reveal key (ask a manager to grant it)");
  }
  const secrets = listSecretsOfDocument(session.db, id);
  const fields = Object.fromEntries(FIELD_NAMES.map((name) => [name, null])) as InvoiceFields;
  Object.assign(fields, {
    invoiceNumber: document.invoiceNumber,
    issueDate: document.issueDate,
    dueDate: document.dueDate,
    currency: document.currency,
    totalNet: document.totalNet,
    totalTax: document.totalTax,
    totalGross: document.totalGross,
    sellerName: document.sellerName,
  });
  const sensitive: DocumentView["sensitive"] = [];
  for (const secret of secrets) {
    let value: string | undefined;
    if (options.reveal && secret.sealed && session.sensitivePrivateKey) {
      value = openSealedBox(session.sensitivePrivateKey, secret.sealed, sealAad(id, secret.type)).toString("utf8");
      session.audit({ action: "document.reveal", result: "ok", object: `document ${id} field ${secret.field ?? secret.type}`, reason: options.reason ?? null });
    }
    if (secret.field && (FIELD_NAMES as readonly string[]).includes(secret.field)) fields[secret.field as FieldName] = value ?? secret.masked;
    sensitive.push({ type: secret.type, field: secret.field, page: secret.page, bbox: secret.bbox, action: secret.action, masked: secret.masked, ...(value !== undefined ? { value } : {}) });
  }
  if (!options.reveal) session.audit({ action: "document.read", result: "ok", object: `document ${id}` });
  return {
    id,
    file: document.fileName,
    docType: document.docType,
    supplier: document.supplierId ? (findSupplierById(session.db, document.supplierId)?.name ?? null) : null,
    fields,
    warnings: document.warnings,
    duplicateOf: document.duplicateOf,
    sensitive,
    pages: document.pageCount,
    source: document.source,
    ocrConfidence: document.ocrConfidence,
    importedAt: document.importedAt,
    revealed: Boolean(options.reveal),
  };
}
