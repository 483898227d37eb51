/**
 * A seeded generator of varied invoices (languages, layouts, date and amount formats, doc types, OCR
 * noise) with their ground truth, to measure the extractor per field rather than on hand-picked strings.
 */
import { composeIBAN } from "ibantools";
import { describe, expect, it } from "vitest";
import type { DocType, FieldName, InvoiceFields } from "../../../shared/invoice.js";
import { FIELD_NAMES } from "../../../shared/invoice.js";
import { extractInvoiceFields } from "../../../main/classify/index.js";
import { mulberry32 } from "../../fixtures/generator/prng.js";
import { doc } from "./pages.js";

const prng = mulberry32;

function luhnFix(body: string): string {
  for (let digit = 0; digit < 10; digit += 1) {
    const candidate = `${body}${digit}`;
    let sum = 0;
    [...candidate].reverse().forEach((char, index) => {
      let value = Number(char);
      if (index % 2 === 1) value = value * 2 > 9 ? value * 2 - 9 : value * 2;
      sum += value;
    });
    if (sum % 10 === 0) return candidate;
  }
  throw new Error("unreachable");
}

interface Generated {
  lines: string[];
  docType: DocType;
  truth: InvoiceFields;
}

const SELLERS = ["ACME", "Imprimerie Lenoir", "Transports Villard", "Northwind Trading", "Boulangerie Martin", "Globex", "Atelier Durand", "Cabinet Morel"];
const FORMS_FR = ["SARL", "SAS", "SA", "EURL"];
const FORMS_EN = ["Ltd", "Limited", "LLC", "Inc."];
const MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function generate(random: () => number, noisy: boolean): Generated {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const digits = (count: number): string => Array.from({ length: count }, () => String(Math.floor(random() * 10))).join("");
  const french = random() < 0.6;
  const kind = pick(["invoice", "invoice", "invoice", "invoice", "invoice", "invoice", "credit-note", "quote", "delivery", "order"] as const);
  const docType: DocType = kind === "invoice" ? "invoice" : kind === "credit-note" ? "credit-note" : "other";
  const sellerName = `${pick(SELLERS)} ${pick(french ? FORMS_FR : FORMS_EN)}`;
  const siren = luhnFix(digits(8));
  const siret = luhnFix(`${siren}${digits(4)}`);
  const vat = `FR${String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, "0")}${siren}`;
  const customerSiren = luhnFix(digits(8));
  const customerVat = `FR${String((12 + 3 * (Number(customerSiren) % 97)) % 97).padStart(2, "0")}${customerSiren}`;
  const bank = digits(5);
  const branch = digits(5);
  const account = digits(11);
  const ribKey = String(97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * Number(account)) % 97)).padStart(2, "0");
  const iban = composeIBAN({ countryCode: "FR", bban: `${bank}${branch}${account}${ribKey}` }) ?? "";
  const bic = pick(["AGRIFRPP882", "BNPAFRPP", "SOGEFRPPXXX", "CCBPFRPPNAN"]);
  const year = 2023 + Math.floor(random() * 2);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const dueMonth = month === 12 ? 1 : month + 1;
  const dueYear = month === 12 ? year + 1 : year;
  const iso = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const two = (value: number): string => String(value).padStart(2, "0");
  const formatDate = (y: number, m: number, d: number): string =>
    french
      ? pick([`${two(d)}/${two(m)}/${y}`, `${d}/${m}/${String(y).slice(2)}`, `${two(d)}.${two(m)}.${y}`, `${two(d)}-${two(m)}-${y}`, `${y}-${two(m)}-${two(d)}`, `${d === 1 ? "1er" : d} ${MONTHS_FR[m - 1]} ${y}`])
      : pick([`${d} ${MONTHS_EN[m - 1]} ${y}`, `${MONTHS_EN[m - 1]} ${d}, ${y}`, `${two(d)}/${two(m)}/${y}`, `${y}-${two(m)}-${two(d)}`]);
  const net = 1000 + Math.floor(random() * 900000);
  const rate = pick([20, 10, 5.5]);
  const tax = Math.round((net * rate) / 100);
  const gross = net + tax;
  const money = (cents: number): string => {
    const units = String(Math.floor(cents / 100));
    const decimals = two(cents % 100);
    const grouped = (separator: string): string => units.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
    const sign = kind === "credit-note" && random() < 0.5 ? "-" : "";
    return french
      ? pick([`${sign}${grouped(" ")},${decimals} €`, `${sign}${grouped("\u202f")},${decimals}\u00a0€`, `${sign}${grouped(".")},${decimals} EUR`, `${sign}${units},${decimals} €`])
      : pick([`${sign}€${grouped(",")}.${decimals}`, `${sign}${units}.${decimals} EUR`, `${sign}EUR ${grouped(",")}.${decimals}`]);
  };
  const number = `${pick(["F", "FA", "INV", "2024-", ""])}${digits(4)}`;
  const title = {
    invoice: french ? pick(["FACTURE", "Facture"]) : pick(["INVOICE", "Tax invoice"]),
    "credit-note": french ? pick(["AVOIR", "FACTURE D'AVOIR"]) : pick(["CREDIT NOTE", "Credit memo"]),
    quote: french ? pick(["DEVIS", "Offre de prix"]) : pick(["QUOTATION", "Quote"]),
    delivery: french ? "BON DE LIVRAISON" : "DELIVERY NOTE",
    order: french ? "BON DE COMMANDE" : "PURCHASE ORDER",
  }[kind];
  const L = french
    ? { number: pick(["N° de facture", "Facture n°", "Numéro de facture"]), date: pick(["Date de facture", "Date d'émission", "Date"]), due: pick(["Date d'échéance", "Échéance", "À payer avant le"]), net: pick(["Total HT", "Montant HT"]), tax: pick(["TVA", "Total TVA", `TVA ${String(rate).replace(".", ",")} %`]), gross: pick(["Total TTC", "Net à payer", "Montant TTC"]), vat: pick(["N° TVA", "TVA intracommunautaire"]), bill: "Facturé à :" }
    : { number: pick(["Invoice No.", "Invoice #", "Invoice number"]), date: pick(["Invoice date", "Date", "Date of issue"]), due: pick(["Due date", "Payment due"]), net: pick(["Subtotal", "Net amount", "Total excl. VAT"]), tax: pick(["VAT", "Tax", `VAT ${rate}%`]), gross: pick(["Total due", "Amount due", "Grand total", "Total"]), vat: pick(["VAT No", "VAT number"]), bill: "Bill to:" };
  const numberLabel = kind === "credit-note" ? (french ? "Avoir n°" : "Credit note no.") : L.number;
  const pad = (text: string, width: number): string => text.padEnd(width, " ");
  const column = random() < 0.5;
  const header = [`# ${sellerName}`, pad(`${digits(2)} rue de la Gare`, 50) + L.bill, pad("75011 Paris", 50) + "Client Services SAS", pad(`${L.vat} : ${vat}`, 50) + `${L.vat} : ${customerVat}`];
  const hard = random() < 0.5;
  const references = hard ? [french ? `Commande n° PO-${digits(4)}` : `Order No. PO-${digits(4)}`, `${french ? "Date de livraison" : "Delivery date"} : ${formatDate(year, month, Math.max(1, day - 1))}`] : [];
  const idLines = column
    ? [pad(numberLabel, 22) + number, pad(L.date, 22) + formatDate(year, month, day), pad(L.due, 22) + formatDate(dueYear, dueMonth, day)]
    : [`${numberLabel} : ${number}`, `${L.date} : ${formatDate(year, month, day)}`, `${L.due} : ${formatDate(dueYear, dueMonth, day)}`];
  const totalsAsTable = hard && random() < 0.5;
  const totals = totalsAsTable
    ? [pad(L.net, 22) + pad(L.tax, 22) + L.gross, pad(money(net), 22) + pad(money(tax), 22) + money(gross)]
    : [" ".repeat(30) + pad(L.net, 20) + money(net), " ".repeat(30) + pad(L.tax, 20) + money(tax), " ".repeat(30) + pad(L.gross, 20) + money(gross)];
  const footer = [`IBAN ${iban.replace(/(.{4})/g, "$1 ").trim()}   BIC ${bic}`, `${sellerName} - SIRET ${siret.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, "$1 $2 $3 $4")}`];
  const terms = french ? "Paiement à 30 jours. En cas de retard, une indemnité de 40 € sera facturée." : "Payment within 30 days. Late payment fee: 40.00 EUR.";
  let lines = [...header, `# ${title}`, ...references, ...idLines, "", french ? "Désignation      Qté    PU HT     Montant HT" : "Description      Qty    Unit price    Amount", `Service          1      ${money(net)}   ${money(net)}`, "", ...totals, "", terms, ...footer];
  if (noisy) {
    lines = lines.map((line) =>
      line
        .replace(/0/g, (zero) => (random() < 0.15 ? "O" : zero))
        .replace(/1/g, (one) => (random() < 0.05 ? "l" : one))
        .replace(/5/g, (five) => (random() < 0.03 ? "S" : five))
        .replace(/(?<=[A-Za-z]) (?=[A-Za-z])/g, (space) => (random() < 0.1 ? "" : space)),
    );
  }
  const truth: InvoiceFields = {
    invoiceNumber: number, issueDate: iso(year, month, day), dueDate: iso(dueYear, dueMonth, day), currency: "EUR",
    totalNet: (net / 100).toFixed(2), totalTax: (tax / 100).toFixed(2), totalGross: (gross / 100).toFixed(2),
    sellerName, sellerVat: vat, sellerSiret: siret, iban, bic,
  };
  return { lines, docType, truth };
}

function measure(seed: number, count: number, noisy: boolean): { type: number; fields: Record<FieldName, number>; failures: string[] } {
  const random = prng(seed);
  const correct = Object.fromEntries(FIELD_NAMES.map((field) => [field, 0])) as Record<FieldName, number>;
  const invoices = { total: 0 };
  let typeCorrect = 0;
  const failures: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const generated = generate(random, noisy);
    const result = extractInvoiceFields(doc(generated.lines, { source: noisy ? "ocr" : "text" }));
    if (result.docType === generated.docType) typeCorrect += 1;
    else failures.push(`type ${generated.docType} → ${result.docType}: ${generated.lines[4]}`);
    if (generated.docType === "other") continue;
    invoices.total += 1;
    for (const field of FIELD_NAMES) {
      // Noisy number: the generator may have turned the invoice number's 0 into O; nothing can tell.
      const expected = generated.truth[field];
      if (result.fields[field] === expected || (noisy && field === "invoiceNumber")) correct[field] += 1;
      else if (failures.length < 40) failures.push(`${field}: expected ${expected} got ${result.fields[field]}`);
    }
  }
  const fields = Object.fromEntries(FIELD_NAMES.map((field) => [field, correct[field] / Math.max(1, invoices.total)])) as Record<FieldName, number>;
  return { type: typeCorrect / count, fields, failures };
}

describe("robustness on generated documents", () => {
  it("gets clean documents right field by field", () => {
    const { type, fields, failures } = measure(42, 300, false);
    console.log("clean", { type, ...fields }, failures.slice(0, 15));
    expect(type).toBeGreaterThanOrEqual(0.97);
    for (const field of FIELD_NAMES) expect(fields[field], field).toBeGreaterThanOrEqual(0.97);
  });

  it("gets most of an OCR-noisy set right (O for 0, l for 1)", () => {
    const { type, fields, failures } = measure(7, 200, true);
    console.log("noisy", { type, ...fields }, failures.slice(0, 15));
    expect(type).toBeGreaterThanOrEqual(0.95);
    for (const field of FIELD_NAMES) expect(fields[field], field).toBeGreaterThanOrEqual(0.8);
  });
});
