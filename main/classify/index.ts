/**
 * main/classify: document type, invoice fields, checks and supplier profiles. Pure functions over
 * `PageText[]`: no I/O, no database.
 *
 * Credit notes: amounts are reported positive (as printed without their sign); `docType: "credit-note"`
 * says they reduce what is owed.
 */
export { classifyDocumentType } from "./doc-type.js";
export type { ExtractOptions } from "./fields.js";
export { extractInvoiceFields } from "./fields.js";
export type { ExtractionNotes } from "./checks.js";
export { checkInvoiceFields } from "./checks.js";
export type { FieldHint, SupplierProfile } from "./profile.js";
export { emptySupplierProfile, learnCorrection, parseSupplierProfile, supplierProfileSchema } from "./profile.js";
export type { EvidenceKeyKind, IndexedKind, KnownSupplier, MatchEvidence, SupplierMatch } from "./supplier.js";
export { evidenceKeysOf, indexValueOf, matchSupplier, NAME_SIMILARITY_THRESHOLD, nameSimilarity, normaliseCompanyName } from "./supplier.js";
export type { SellerEvidence } from "./evidence.js";
export { sellerEvidence } from "./evidence.js";
export type { DateOrder } from "./dates.js";
export { isValidBic, isValidSiren, isValidSiret, isValidVat, readIban, readSiret, readVat } from "./identifiers.js";
export { warmFrenchLexicon } from "./accents.js";
