import type { EInvoiceData } from "../ingest/types.js";
import type { DocType, InvoiceFields } from "../../shared/invoice.js";
import { attributeOf, firstText, select, textOf, type XmlElement, type XmlNode } from "./xml-tree.js";

/**
 * Maps a UN/CEFACT Cross Industry Invoice to EInvoiceData, taking values as written (normalised only in
 * form: ISO dates, "1234.56" amounts, upper-case ids without spaces). Two syntaxes:
 *  - CII 2.x (Factur-X, ZUGFeRD 2.x, XRechnung CII): rsm:CrossIndustryInvoice, ram/udt ...:100;
 *  - CII 1.0 (ZUGFeRD 1.0): rsm:CrossIndustryDocument, ram ...:12, udt ...:15.
 * Element names differ between them only on the path to the header, the trade parts and the totals.
 */
interface CiiPaths {
  flavour: EInvoiceData["flavour"];
  context: string;
  header: string;
  transaction: string;
  agreement: string;
  settlement: string;
  summation: string;
}

const CII_2X: CiiPaths = {
  flavour: "cii-2.x",
  context: "ExchangedDocumentContext",
  header: "ExchangedDocument",
  transaction: "SupplyChainTradeTransaction",
  agreement: "ApplicableHeaderTradeAgreement",
  settlement: "ApplicableHeaderTradeSettlement",
  summation: "SpecifiedTradeSettlementHeaderMonetarySummation",
};

const CII_10: CiiPaths = {
  flavour: "cii-1.0",
  context: "SpecifiedExchangedDocumentContext",
  header: "HeaderExchangedDocument",
  transaction: "SpecifiedSupplyChainTradeTransaction",
  agreement: "ApplicableSupplyChainTradeAgreement",
  settlement: "ApplicableSupplyChainTradeSettlement",
  summation: "SpecifiedTradeSettlementMonetarySummation",
};

/** UNTDID 1001 codes of credit notes (EN 16931 list); every other document code is an invoice. */
const CREDIT_NOTE_CODES = new Set(["81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"]);

function docTypeOf(typeCode: string | null): DocType {
  if (typeCode === null) return "invoice";
  if (CREDIT_NOTE_CODES.has(typeCode)) return "credit-note";
  return /^\d{1,3}$/.test(typeCode) ? "invoice" : "other";
}

/** Format 102 is CCYYMMDD; a plain ISO date is accepted too. Anything else (e.g. 610, a month) gives null. */
export function ciiDate(node: XmlNode | undefined): string | null {
  const dateString = select(node, "DateTimeString")[0];
  const text = textOf(dateString) ?? textOf(select(node, "DateString")[0]);
  if (text === null) return null;
  const format = attributeOf(dateString, "format");
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  const parts = compact && (format === null || format === "102") ? compact : iso;
  if (!parts) return null;
  const [, year, month, day] = parts;
  const date = `${year}-${month}-${day}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date ? null : date;
}

/** "1234.5" -> "1234.50", "+12" -> "12.00"; more than two significant decimals are kept as written. */
export function ciiAmount(text: string | null): string | null {
  if (text === null) return null;
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.replace(/\s/g, ""));
  if (!match) return null;
  const [, sign = "", whole = "0", decimals = ""] = match;
  const trimmed = decimals.replace(/0+$/, "");
  const fraction = trimmed.length <= 2 ? trimmed.padEnd(2, "0") : trimmed;
  const integer = whole.replace(/^0+(?=\d)/, "");
  const negative = sign === "-" && /[1-9]/.test(integer + fraction);
  return `${negative ? "-" : ""}${integer}.${fraction}`;
}

const compactUpper = (text: string | null): string | null => (text === null ? null : text.replace(/\s/g, "").toUpperCase() || null);

/** An amount element in the invoice currency when several currencies are given (TaxTotalAmount may be). */
function amountIn(summation: XmlNode[], name: string, currency: string | null): string | null {
  const candidates = select(summation, name);
  const chosen = candidates.find((node) => currency !== null && attributeOf(node, "currencyID") === currency) ?? candidates.find((node) => attributeOf(node, "currencyID") === null) ?? candidates[0];
  return ciiAmount(textOf(chosen));
}

function sellerSiret(seller: XmlNode[]): string | null {
  const ids = [...select(seller, "SpecifiedLegalOrganization", "ID"), ...select(seller, "GlobalID"), ...select(seller, "ID")];
  const digits = (node: XmlNode): string => (textOf(node) ?? "").replace(/\s/g, "");
  const bySirene = ids.find((node) => ["0002", "0009"].includes(attributeOf(node, "schemeID") ?? "") && /^\d{14}$/.test(digits(node)));
  const anyFourteen = ids.find((node) => /^\d{14}$/.test(digits(node)));
  const found = bySirene ?? anyFourteen;
  return found === undefined ? null : digits(found);
}

function sellerVat(seller: XmlNode[]): string | null {
  const registrations = select(seller, "SpecifiedTaxRegistration", "ID");
  const vat = registrations.find((node) => attributeOf(node, "schemeID") === "VA");
  return compactUpper(textOf(vat));
}

function sellerEmail(seller: XmlNode[]): string | null {
  const electronic = select(seller, "URIUniversalCommunication", "URIID").find(
    (node) => attributeOf(node, "schemeID") === "EM" || (textOf(node) ?? "").includes("@"),
  );
  return textOf(electronic) ?? firstText(seller, "DefinedTradeContact", "EmailURIUniversalCommunication", "URIID");
}

function sellerPhone(seller: XmlNode[]): string | null {
  return firstText(seller, "DefinedTradeContact", "TelephoneUniversalCommunication", "CompleteNumber") ?? firstText(seller, "TelephoneUniversalCommunication", "CompleteNumber");
}

/** The CII flavour of a parsed XML tree, or null when it is not a Cross Industry Invoice. */
function rootOf(tree: XmlElement): { root: XmlNode; paths: CiiPaths } | null {
  const invoice = tree["CrossIndustryInvoice"];
  if (invoice !== undefined && !Array.isArray(invoice)) return { root: invoice, paths: CII_2X };
  const document = tree["CrossIndustryDocument"];
  if (document !== undefined && !Array.isArray(document)) return { root: document, paths: CII_10 };
  return null;
}

export function mapCrossIndustryInvoice(tree: XmlElement): EInvoiceData | null {
  const found = rootOf(tree);
  if (!found) return null;
  const { root, paths } = found;
  const header = select(root, paths.header);
  const transaction = select(root, paths.transaction);
  const seller = select(transaction, paths.agreement, "SellerTradeParty");
  const settlement = select(transaction, paths.settlement);
  const summation = select(settlement, paths.summation);
  const paymentMeans = select(settlement, "SpecifiedTradeSettlementPaymentMeans");
  const currency = compactUpper(firstText(settlement, "InvoiceCurrencyCode"));
  const fields: InvoiceFields = {
    invoiceNumber: firstText(header, "ID"),
    issueDate: ciiDate(select(header, "IssueDateTime")[0]),
    dueDate: ciiDate(select(settlement, "SpecifiedTradePaymentTerms", "DueDateDateTime")[0]),
    currency,
    totalNet: amountIn(summation, "TaxBasisTotalAmount", currency) ?? amountIn(summation, "LineTotalAmount", currency),
    totalTax: amountIn(summation, "TaxTotalAmount", currency),
    totalGross: amountIn(summation, "GrandTotalAmount", currency),
    sellerName: firstText(seller, "Name"),
    sellerVat: sellerVat(seller),
    sellerSiret: sellerSiret(seller),
    iban: compactUpper(firstText(paymentMeans, "PayeePartyCreditorFinancialAccount", "IBANID")),
    bic: compactUpper(firstText(paymentMeans, "PayeeSpecifiedCreditorFinancialInstitution", "BICID")),
  };
  return {
    profile: firstText(root, paths.context, "GuidelineSpecifiedDocumentContextParameter", "ID"),
    flavour: paths.flavour,
    docType: docTypeOf(firstText(header, "TypeCode")),
    fields,
    sellerEmail: sellerEmail(seller),
    sellerPhone: sellerPhone(seller),
  };
}
