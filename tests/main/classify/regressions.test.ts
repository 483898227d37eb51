/**
 * Bugs found by the accuracy benchmark (tests/bench/accuracy.ts, tuning seed 1234), one test each, on
 * hand-built pages.
 */
import { describe, expect, it } from "vitest";
import { classifyDocumentType, extractInvoiceFields } from "../../../main/classify/index.js";
import { inferDateOrder } from "../../../main/classify/dates.js";
import { buildLayout } from "../../../main/classify/layout.js";
import type { PageText, Word } from "../../../main/ingest/types.js";
import { groupIntoLines } from "../../../main/pdf/reading-order.js";
import { doc, pageFromLines } from "./pages.js";

describe("classify regressions (accuracy benchmark)", () => {
  it("does not take a bare legal form from the footer ('SAS au capital de...') as the seller's name", () => {
    const pages = doc([
      "OCTET & ASSOCIES                                   FACTURE",
      "3 place Bellecour                                  N° de facture FAC-2023-214",
      "69002 Lyon                                         Émise le 16 mai 2023",
      "                                   Total à payer 243,60 EUR",
      "SAS au capital de 150 000 € - Code APE 9099B",
    ]);
    expect(extractInvoiceFields(pages).fields.sellerName).toBe("OCTET & ASSOCIES");
  });

  it("takes neither a logo monogram nor a document title as the seller's name", () => {
    const pages = doc(["# AF", "Alpes Fournitures Industrielles SAS      DELIVERY NOTE", "12 rue du Lac", "74000 Annecy", "Slip # BL-25-8953"]);
    expect(extractInvoiceFields(pages).fields.sellerName).toBe("Alpes Fournitures Industrielles SAS");
  });

  it("reads number and dates from a header row whose values sit in the row below", () => {
    const pages = doc([
      "# Bureau Plus Distribution SAS",
      "FACTURE",
      "Réf. facture      Le                  Échéance            Réf. client",
      "F230100           28 janvier 2023     27 février 2023     C97459",
      "                                   Total TTC 120,00 €",
    ]);
    const { fields } = extractInvoiceFields(pages);
    expect(fields).toMatchObject({ invoiceNumber: "F230100", dueDate: "2023-02-27" });
  });

  it("reads a generic 'Number' column heading of a header row", () => {
    const pages = doc([
      "# Pennine Software Ltd                           VAT Invoice",
      "Number          Invoice date      Payment due      Customer ref.",
      "INV-001476      11/06/2025        26/06/2025       C93660",
      "                                   Total due GBP 120.00",
    ]);
    const { fields } = extractInvoiceFields(pages);
    expect(fields).toMatchObject({ invoiceNumber: "INV-001476", issueDate: "2025-06-11", dueDate: "2025-06-26" });
  });

  it("takes a quote's own number ('Quote No.') but not an invoice's order number", () => {
    const quote = doc(["# Véga Logiciels SAS", "# QUOTATION", "Quote No. D-2301-727", "Quote valid until 2023-01-28", "Total 196.08 EUR"]);
    expect(classifyDocumentType(quote).docType).toBe("other");
    expect(extractInvoiceFields(quote).fields.invoiceNumber).toBe("D-2301-727");
    const invoice = doc(["# Véga Logiciels SAS", "# INVOICE", "Order No. PO-7781", "Invoice date 2023-01-04", "Total 196.08 EUR"]);
    expect(extractInvoiceFields(invoice).fields.invoiceNumber).toBeNull();
  });

  it("does not let a phone number with dots prove a month-first date order", () => {
    const text = "T: 06.35.06.53.21\nÉmise le 03.12.2023\nFacture";
    expect(inferDateOrder(text)).toBe("DMY");
    const { fields } = extractInvoiceFields(doc(["# Cabinet Marchal SAS", "T: 06.35.06.53.21", "FACTURE N° 2023-01934", "Émise le 03.12.2023", "Total TTC 120,00 €"]));
    expect(fields.issueDate).toBe("2023-12-03");
  });

  it("reads dates written 10-Nov-2024", () => {
    const { fields } = extractInvoiceFields(doc(["# Thames Office Ltd", "INVOICE No. TO-118", "Date 10-Nov-2024", "Total 120.00 GBP"]));
    expect(fields.issueDate).toBe("2024-11-10");
  });

  it("leaves the tax total null on a VAT-exempt invoice that prints no tax line", () => {
    const { fields } = extractInvoiceFields(
      doc(["# Maël Le Goff", "FACTURE N° 2024-07", "Émise le 10 juillet 2024", "Base HT 6,87 €", "Montant TTC 6,87 €", "TVA non applicable, art. 293 B du CGI"]),
    );
    expect(fields).toMatchObject({ totalNet: "6.87", totalGross: "6.87", totalTax: null });
  });

  it("drops OCR specks that sit between a label and its value", () => {
    const page = pageFromLines(["# ACME SARL", "FACTURE N° F-12", "Total HT   ;  ©  203,00 EUR", "TVA 20 %   .  40,60 EUR", "Total TTC  ‘  243,60 EUR"], { source: "ocr" });
    expect(extractInvoiceFields([page]).fields).toMatchObject({ totalNet: "203.00", totalTax: "40.60", totalGross: "243.60" });
  });

  it("keeps the rows of a skewed scan apart", () => {
    // Two lines of words tilted by 2 degrees: over the width of the page the drift exceeds a line height.
    const slope = Math.tan((2 * Math.PI) / 180);
    const lines = [
      ["IBAN", ":", "FR76", "3000", "6000", "0112", "3456", "7890", "189", "BIC", "AGRIFRPP882", "merci"],
      ["Total", "TTC", "1", "481,47", "EUR", "payable", "à", "réception", "par", "virement", "bancaire", "svp"],
    ];
    const words: Word[] = lines.flatMap((texts, row) =>
      texts.map((text, column) => {
        const x0 = 100 + column * 180;
        const y0 = 1000 + row * 45 + slope * x0;
        return { text, bbox: [x0, y0, x0 + 150, y0 + 30] as Word["bbox"], confidence: 90 };
      }),
    );
    const page: PageText = { page: 1, width: 2480, height: 3508, words, text: lines.map((line) => line.join(" ")).join("\n"), source: "ocr" };
    const layout = buildLayout([page]);
    expect(layout.lines.map((line) => line.words.length)).toEqual([11, 12]) // the ":" speck is dropped;
  });
});

describe("reading order regressions", () => {
  it("keeps a big title from merging the company name and the address line beside it", () => {
    const box = (x0: number, y0: number, x1: number, y1: number): { bbox: Word["bbox"] } => ({ bbox: [x0, y0, x1, y1] });
    const name = box(40, 40.6, 87.5, 55.2);
    const address = box(40, 61.1, 55, 70.6);
    const title = box(399, 37.1, 448, 68.3);
    const lines = groupIntoLines([name, address, title]);
    expect(lines).toEqual([[name, title], [address]]);
  });
});
