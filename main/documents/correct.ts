import { FIELD_NAMES, SENSITIVE_FIELDS, type FieldName, type InvoiceFields } from "../../shared/invoice.js";
import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import { checkInvoiceFields, emptySupplierProfile, isValidBic, learnCorrection, parseSupplierProfile, readIban, readSiret, readVat } from "../classify/index.js";
import { blindIndex, type BlindIndexKind } from "../crypto/blind-index.js";
import { sealToPublicKey } from "../crypto/sealed-box.js";
import { maskValue, type SensitiveType } from "../detect/policy.js";
import { CoffreError } from "../errors.js";
import { sealAad } from "../ingest/protect.js";
import type { PageText, Word } from "../ingest/types.js";
import {
  isPlainField,
  listPagesOfDocument,
  replaceFieldSecret,
  updateDocumentField,
  updateDocumentWarnings,
} from "../vault/queries/documents.js";
import { findSupplierById, updateSupplierProfile } from "../vault/queries/suppliers.js";
import { requireReadableDocument, viewDocument } from "./view.js";

/**
 * A user's correction of one extracted field. The value is validated and normalised, stored (sealed for
 * sensitive fields), the checks run again, the correction is audited (field, never value) and it teaches
 * the supplier's profile, so the next invoice of that layout comes out right.
 */
const SENSITIVE_TYPE_OF: Partial<Record<FieldName, SensitiveType>> = { iban: "iban", sellerVat: "vat", sellerSiret: "siret", bic: "bic" };
const INDEX_KIND: Partial<Record<FieldName, BlindIndexKind>> = { iban: "iban", sellerVat: "vat", sellerSiret: "siret", bic: "bic" };

function normalise(field: FieldName, raw: string): string | null {
  const value = raw.trim();
  if (value === "") return null;
  switch (field) {
    case "issueDate":
    case "dueDate": {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new CoffreError("BAD_INPUT", `${field} must be a date YYYY-MM-DD`);
      return value;
    }
    case "totalNet":
    case "totalTax":
    case "totalGross": {
      const amount = value.replace(/\s/g, "").replace(",", ".");
      if (!/^-?\d+(\.\d{1,2})?$/.test(amount)) throw new CoffreError("BAD_INPUT", `${field} must be an amount like 1234.56`);
      return Number.parseFloat(amount).toFixed(2);
    }
    case "currency":
      if (!/^[A-Za-z]{3}$/.test(value)) throw new CoffreError("BAD_INPUT", "currency must be an ISO code like EUR");
      return value.toUpperCase();
    case "iban": {
      const reading = readIban(value);
      if (!reading?.valid) throw new CoffreError("BAD_INPUT", "that IBAN fails its checksum");
      return reading.value;
    }
    case "sellerVat": {
      const reading = readVat(value);
      if (!reading?.valid) throw new CoffreError("BAD_INPUT", "that VAT number fails its checksum");
      return reading.value;
    }
    case "sellerSiret": {
      const reading = readSiret(value);
      if (!reading?.valid) throw new CoffreError("BAD_INPUT", "that SIRET fails its checksum");
      return reading.value;
    }
    case "bic": {
      const bic = value.replace(/\s/g, "").toUpperCase();
      if (!isValidBic(bic)) throw new CoffreError("BAD_INPUT", "that is not a valid BIC");
      return bic;
    }
    default:
      return value.slice(0, 200);
  }
}

function storedPages(session: VaultSession, id: string): PageText[] {
  return listPagesOfDocument(session.db, id).map((page) => {
    const words = JSON.parse(page.words) as Word[];
    return { page: page.page, width: page.width, height: page.height, words, text: words.map((word) => word.text).join(" "), source: page.source };
  });
}

export function correctField(session: VaultSession, id: string, field: string, raw: string): InvoiceFields {
  const document = requireReadableDocument(session, id, "documents.read");
  authorize(session, "documents.import");
  if (!(FIELD_NAMES as readonly string[]).includes(field)) throw new CoffreError("BAD_INPUT", `unknown field ${field}: use ${FIELD_NAMES.join(", ")}`);
  const name = field as FieldName;
  const value = normalise(name, raw);
  const type = SENSITIVE_TYPE_OF[name];
  if (type) {
    if (value === null) throw new CoffreError("BAD_INPUT", `${field} cannot be emptied`);
    replaceFieldSecret(session.db, id, name, {
      field: name,
      type,
      page: null,
      bbox: null,
      action: "encrypt",
      masked: maskValue(type, value),
      sealed: sealToPublicKey(session.sensitivePublicKey, Buffer.from(value), sealAad(id, type)),
      blindIndex: blindIndex(session.keys.indexKey, INDEX_KIND[name] ?? "iban", value),
    });
  } else if (isPlainField(name)) {
    updateDocumentField(session.db, id, name, value);
  }
  // Checks again, over the fields as now stored (sensitive ones are checked on their own when corrected).
  const view = viewDocument(session, id);
  const plain = { ...view.fields };
  for (const sensitive of SENSITIVE_FIELDS) plain[sensitive] = null;
  const warnings = checkInvoiceFields(plain, document.docType).filter((warning) => !(SENSITIVE_FIELDS as readonly string[]).includes(warning.field));
  updateDocumentWarnings(session.db, id, [...warnings, ...document.warnings.filter((warning) => warning.code === "duplicate")]);

  if (document.supplierId && value !== null && !type) {
    const supplier = findSupplierById(session.db, document.supplierId);
    if (supplier) {
      const parsed = parseSupplierProfile(JSON.parse(supplier.profile) as unknown);
      const profile = parsed.ok ? parsed.profile : emptySupplierProfile(supplier.id);
      updateSupplierProfile(session.db, supplier.id, JSON.stringify(learnCorrection({ ...profile, supplierId: supplier.id }, storedPages(session, id), name, value)));
    }
  }
  session.audit({ action: "document.correct", result: "ok", object: `document ${id} field ${field}` });
  return viewDocument(session, id).fields;
}
