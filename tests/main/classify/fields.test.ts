import { describe, expect, it } from "vitest";
import type { InvoiceFields } from "../../../shared/invoice.js";
import { extractInvoiceFields } from "../../../main/classify/index.js";
import { doc } from "./pages.js";

const IBAN = "FR7630006000011234567890189";
const SELLER_VAT = "FR40303265045";
const SELLER_SIRET = "73282932000074";
// Customer ids, valid too, so that only their position says they are not the seller's.
const CUSTOMER_VAT = "DE136695976";
const CUSTOMER_SIRET = "35600000049837";

const FRENCH_INVOICE = [
  "# ACME SARL",
  "                                                                   Facturé à :",
  "12 rue des Lilas                                                   Boulangerie Martin SAS",
  "75011 Paris                                                        8 avenue Foch",
  "Tél. 01 23 45 67 89                                                69001 Lyon",
  "                                                                   N° TVA : DE 136 695 976",
  "                                                                   SIRET : 356 000 000 49837",
  "# FACTURE N° F-2024-0042",
  "Date de facture : 5 mars 2024",
  "À payer avant le : 04/04/2024",
  "",
  "Désignation              Qté      PU HT      Montant HT",
  "Prestation conseil       2        500,00     1 000,00",
  "Formation                1        234,56     234,56",
  "",
  "                                   Total HT          1 234,56 €",
  "                                   TVA 20 %            246,91 €",
  "                                   Net à payer       1 481,47 €",
  "",
  "Règlement par virement : IBAN FR76 3000 6000 0112 3456 7890 189    BIC AGRIFRPP882",
  "En cas de retard de paiement, une pénalité sera facturée.",
  "ACME SARL au capital de 10 000 € - SIRET 732 829 320 00074 - TVA intracommunautaire FR 40 303 265 045",
];

const FRENCH_EXPECTED: InvoiceFields = {
  invoiceNumber: "F-2024-0042",
  issueDate: "2024-03-05",
  dueDate: "2024-04-04",
  currency: "EUR",
  totalNet: "1234.56",
  totalTax: "246.91",
  totalGross: "1481.47",
  sellerName: "ACME SARL",
  sellerVat: SELLER_VAT,
  sellerSiret: SELLER_SIRET,
  iban: IBAN,
  bic: "AGRIFRPP882",
};

describe("extractInvoiceFields", () => {
  it("reads a French invoice and picks the seller's VAT and SIRET, not the customer's", () => {
    const result = extractInvoiceFields(doc(FRENCH_INVOICE));
    expect(result.docType).toBe("invoice");
    expect(result.fields).toEqual(FRENCH_EXPECTED);
    expect(result.warnings).toEqual([]);
    expect(result.fields.sellerVat).not.toBe(CUSTOMER_VAT);
    expect(result.fields.sellerSiret).not.toBe(CUSTOMER_SIRET);
  });

  it("reads the same invoice from its text alone (no word boxes)", () => {
    const [page] = doc(FRENCH_INVOICE);
    if (!page) throw new Error("no page");
    const result = extractInvoiceFields([{ ...page, words: [], text: FRENCH_INVOICE.map((line) => line.replace(/^# /, "")).join("\n") }]);
    expect(result.fields).toEqual(FRENCH_EXPECTED);
  });

  it("reads an English (UK) invoice with £ amounts and day-first dates", () => {
    const result = extractInvoiceFields(
      doc([
        "# Northwind Trading Ltd",
        "1 King Street, London EC2V 8AU",
        "VAT Reg No: GB 980 7806 84",
        "# TAX INVOICE",
        "Invoice No.: NW-10293                       Bill to:",
        "Invoice date: 5th March 2024                Contoso Ltd",
        "Due date: 04/04/2024                        22 Baker Street, London",
        "",
        "Description                   Qty    Unit price    Amount",
        "Consulting                    10     £120.00       £1,200.00",
        "",
        "                                   Subtotal        £1,200.00",
        "                                   VAT 20%           £240.00",
        "                                   Total due       £1,440.00",
      ]),
    );
    expect(result.docType).toBe("invoice");
    expect(result.fields).toMatchObject({
      invoiceNumber: "NW-10293",
      issueDate: "2024-03-05",
      dueDate: "2024-04-04",
      currency: "GBP",
      totalNet: "1200.00",
      totalTax: "240.00",
      totalGross: "1440.00",
      sellerName: "Northwind Trading Ltd",
    });
  });

  it("reads a US invoice month-first, with labels and values in separate columns", () => {
    const result = extractInvoiceFields(
      doc([
        "# Globex Corporation",
        "500 Main Street, Austin, TX 78701",
        "# INVOICE",
        "Invoice #            INV-7781",
        "Invoice Date         03/05/2024",
        "Payment Due          April 4, 2024",
        "",
        "Item                           Qty    Rate        Amount",
        "Widgets                        100    $12.00      $1,200.00",
        "",
        "                          Subtotal               $1,200.00",
        "                          Sales Tax (8.25%)         $99.00",
        "                          Amount Due             $1,299.00",
      ]),
    );
    expect(result.fields).toMatchObject({
      invoiceNumber: "INV-7781",
      issueDate: "2024-03-05",
      dueDate: "2024-04-04",
      currency: "USD",
      totalNet: "1200.00",
      totalTax: "99.00",
      totalGross: "1299.00",
      sellerName: "Globex Corporation",
    });
  });

  it("finds values on the line after their label and under column headers", () => {
    const result = extractInvoiceFields(
      doc([
        "# Imprimerie Lenoir SAS",
        "# FACTURE",
        "N° de facture         Date d'émission        Échéance",
        "2024/0815             01.03.2024             31.03.2024",
        "",
        "Total HT              Total TVA              Total TTC",
        "2.000,00 EUR          400,00 EUR             2.400,00 EUR",
        "",
        "IBAN",
        "FR76 3000 6000 0112 3456 7890 189",
        "SIRET",
        "732 829 320 00074",
      ]),
    );
    expect(result.fields).toMatchObject({
      invoiceNumber: "2024/0815",
      issueDate: "2024-03-01",
      dueDate: "2024-03-31",
      currency: "EUR",
      totalNet: "2000.00",
      totalTax: "400.00",
      totalGross: "2400.00",
      sellerName: "Imprimerie Lenoir SAS",
      iban: IBAN,
      sellerSiret: SELLER_SIRET,
    });
  });

  it("reads every amount format of the totals", () => {
    const totals = (net: string, tax: string, gross: string): InvoiceFields =>
      extractInvoiceFields(doc(["# Durand SA", "# Facture n° 77", "Date : 02/01/2024", `Total HT ${net}`, `TVA ${tax}`, `Total TTC ${gross}`])).fields;
    expect(totals("1\u202f000,00\u00a0€", "200,00\u00a0€", "1\u202f200,00\u00a0€")).toMatchObject({ totalNet: "1000.00", totalTax: "200.00", totalGross: "1200.00" });
    expect(totals("1.000,00 EUR", "200,00 EUR", "1.200,00 EUR")).toMatchObject({ totalNet: "1000.00", totalGross: "1200.00", currency: "EUR" });
    expect(totals("CHF 1'000.00", "CHF 77.00", "CHF 1'077.00")).toMatchObject({ totalNet: "1000.00", totalTax: "77.00", totalGross: "1077.00", currency: "CHF" });
    expect(totals("1000.00", "200.00", "1200.00")).toMatchObject({ totalNet: "1000.00", totalTax: "200.00", totalGross: "1200.00" });
  });

  it("sums several VAT rates when there is no VAT total", () => {
    const result = extractInvoiceFields(
      doc(["# Épicerie Fine Dubois EURL", "# FACTURE N° 2024-12", "Date : 12/01/2024", "Total HT      300,00 €", "TVA 5,5 %      11,00 €", "TVA 20 %       40,00 €", "Total TTC     351,00 €"]),
    );
    expect(result.fields).toMatchObject({ totalNet: "300.00", totalTax: "51.00", totalGross: "351.00" });
  });

  it("reads a credit note, reporting its amounts positive and its own number, not the cancelled invoice's", () => {
    const result = extractInvoiceFields(
      doc([
        "# ACME SARL",
        "# AVOIR N° AV-2024-007",
        "Date : 20/03/2024",
        "Avoir sur facture n° F-2024-0042 du 05/03/2024",
        "Total HT        -100,00 €",
        "TVA 20 %         -20,00 €",
        "Total TTC       -120,00 €",
      ]),
    );
    expect(result.docType).toBe("credit-note");
    expect(result.fields).toMatchObject({ invoiceNumber: "AV-2024-007", issueDate: "2024-03-20", totalNet: "100.00", totalTax: "20.00", totalGross: "120.00" });
    const english = extractInvoiceFields(doc(["# Northwind Ltd", "# CREDIT NOTE", "Credit note no. CN-88", "Original invoice: INV-1200", "Date: 2 April 2024", "Net amount (100.00)", "VAT (20.00)", "Total (120.00)"]));
    expect(english.docType).toBe("credit-note");
    expect(english.fields).toMatchObject({ invoiceNumber: "CN-88", totalNet: "100.00", totalTax: "20.00", totalGross: "120.00" });
  });

  it("still extracts the fields of a quote, without 'missing' warnings", () => {
    const result = extractInvoiceFields(doc(["# Atelier Durand SARL", "# DEVIS N° D-2024-031", "Total HT 450,00 €"]));
    expect(result.docType).toBe("other");
    expect(result.fields.totalNet).toBe("450.00");
    expect(result.warnings.filter((warning) => warning.code === "missing")).toEqual([]);
  });
});

describe("OCR-noisy text", () => {
  it("repairs an IBAN, a VAT, a SIRET and amounts whose checksums or totals then pass", () => {
    const result = extractInvoiceFields(
      doc(
        [
          "# ACME SARL",
          "# FACTURE N° F-2024-0099",
          "Date: O5/O3/2O24",
          "Total HT 1 2OO,OO €",
          "TVA 20% 24O,OO €",
          "Total TTC 144000",
          "IBAN : FR76 3OOO 6OOO O112 3456 789O 189",
          "SIRET 732 829 32O OOO74  TVA FR4O 3O3 265 O45",
        ],
        { source: "ocr" },
      ),
    );
    expect(result.fields).toMatchObject({
      issueDate: "2024-03-05",
      totalNet: "1200.00",
      totalTax: "240.00",
      totalGross: "1440.00",
      iban: IBAN,
      sellerSiret: SELLER_SIRET,
      sellerVat: SELLER_VAT,
    });
    const repaired = result.warnings.filter((warning) => warning.code === "low-confidence").map((warning) => warning.field);
    expect(repaired).toEqual(expect.arrayContaining(["iban", "sellerSiret", "sellerVat", "totalGross"]));
    expect(result.warnings.some((warning) => warning.code === "checksum")).toBe(false);
  });

  it("does not repair an IBAN whose repair would not pass the checksum, and says so", () => {
    const result = extractInvoiceFields(
      doc(["# ACME SARL", "# FACTURE N° F-2024-0100", "Date : 05/03/2024", "Total TTC 120,00 €", "IBAN : FR76 3OOO 6OOO O112 3456 789O 188"], { source: "ocr" }),
    );
    expect(result.fields.iban).not.toBe(IBAN);
    expect(result.fields.iban).toBe("FR763OOO6OOOO1123456789O188");
    expect(result.warnings).toContainEqual(expect.objectContaining({ field: "iban", code: "checksum" }));
    expect(JSON.stringify(result.warnings)).not.toContain("3456");
  });

  it("leaves an integer total alone when putting back the decimals would not make the totals add up", () => {
    const result = extractInvoiceFields(doc(["# ACME SARL", "# FACTURE N° 5", "Date : 05/03/2024", "Total HT 1 200,00", "TVA 240,00", "Total TTC 999999"], { source: "ocr" }));
    expect(result.fields.totalGross).toBe("999999.00");
    expect(result.warnings).toContainEqual(expect.objectContaining({ field: "totals", code: "arithmetic" }));
  });
});

describe("checks", () => {
  it("warns about totals that do not add up, a due date before the issue date, bad checksums and missing fields", () => {
    const result = extractInvoiceFields(
      doc([
        "# FACTURE N° F-1",
        "Date de facture : 10/03/2024",
        "Date d'échéance : 01/03/2024",
        "Total HT 100,00 €",
        "TVA 20,00 €",
        "Total TTC 125,00 €",
        "N° TVA : FR41303265045",
        "SIRET : 732 829 320 00075",
        "IBAN : FR76 3000 6000 0112 3456 7890 188",
        "BIC : AGRIXXPP",
      ]),
    );
    const codes = result.warnings.map((warning) => `${warning.field}:${warning.code}`);
    expect(codes).toEqual(
      expect.arrayContaining(["totals:arithmetic", "dueDate:arithmetic", "sellerVat:checksum", "sellerSiret:checksum", "iban:checksum", "bic:checksum", "sellerName:missing"]),
    );
  });
});
