/**
 * Rules for what OCR does to degraded scans: specks inside labels and before values, a tilted header row
 * over its values, dates whose label OCR lost, misread totals repaired only when net + tax = gross then
 * holds. Each case is text built here, in the shape the bench's degraded scans showed.
 */
import { describe, expect, it } from "vitest";
import type { PageText, Word } from "../../../main/ingest/types.js";
import { classifyDocumentType, extractInvoiceFields } from "../../../main/classify/index.js";
import { readsFrench, restoreAccents } from "../../../main/classify/accents.js";
import { findIbans, findSirets, findVats, readIban, readVat } from "../../../main/classify/identifiers.js";
import { isSpacedTitle, repairLegalForm, trimCompanyName } from "../../../main/classify/seller.js";
import { repairNameByDomain } from "../../../main/classify/evidence.js";
import { findAmounts } from "../../../main/classify/amounts.js";
import { findDates } from "../../../main/classify/dates.js";
import { digitReadings, editDistance } from "../../../main/classify/text.js";
import { digitDistance } from "../../../main/classify/totals.js";
import { doc, pageFromLines } from "./pages.js";

const ocr = (lines: string[]): PageText[] => doc(lines, { source: "ocr" });

describe("labels and values with OCR specks", () => {
  it("reads a label with a speck between its words (N° de.facture, Total, HT, Montant'HT)", () => {
    const fields = extractInvoiceFields(
      ocr([
        "# FACTURE",
        "N° de.facture      2023-01934",
        "Date      03/12/2023",
        "Total, HT          100,00 €",
        "TVA 20 %           20,00 €",
        "Net à payer        120,00 €",
      ]),
    ).fields;
    expect(fields.invoiceNumber).toBe("2023-01934");
    expect(fields.totalNet).toBe("100.00");
    const quoted = extractInvoiceFields(ocr(["# FACTURE", "Numéro  F-77", "Montant'HT     50,00 €", "TVA 20 %   10,00 €", "Montant TTC   60,00 €"])).fields;
    expect(quoted.totalNet).toBe("50.00");
  });

  it("reads an invoice number behind a quote speck or a lone '+'", () => {
    expect(extractInvoiceFields(ocr(["# INVOICE", "Invoice No.     +     ‘D-2301-727        Billed to"])).fields.invoiceNumber).toBe("D-2301-727");
    expect(extractInvoiceFields(ocr(["# INVOICE", "Invoice No.   “INV-0042"])).fields.invoiceNumber).toBe("INV-0042");
  });

  it("drops a short letter word OCR hardly believes (a blot between a label and its value)", () => {
    const page = pageFromLines(["# INVOICE", "Customer          Invoice #    -   Ee   03506"], { source: "ocr" });
    expect(extractInvoiceFields([page]).fields.invoiceNumber).toBeNull();
    page.words = page.words.map((word) => (word.text === "Ee" ? { ...word, confidence: 0 } : word));
    expect(extractInvoiceFields([page]).fields.invoiceNumber).toBe("03506");
    // A believed word stays: "Ee" read with confidence is text, and no number follows the label then.
    page.words = page.words.map((word) => (word.text === "Ee" ? { ...word, confidence: 60 } : word));
    expect(extractInvoiceFields([page]).fields.invoiceNumber).toBeNull();
  });

  it("reads the number after a 'Facture' cell that OCR left without its 'N°'", () => {
    expect(extractInvoiceFields(ocr(["CAFE MACHINES PRO SAS           FACTURE", "40 rue du Faubourg       Facture      CMP-2024-6766"])).fields.invoiceNumber).toBe("CMP-2024-6766");
  });

  it("reads the tax after a label OCR glued to its rate (VAT20%)", () => {
    const fields = extractInvoiceFields(ocr(["# INVOICE", "Invoice No. 12", "Subtotal      €563.02", "VAT20%        €11260", "Total         €675.62"])).fields;
    expect(fields.totalTax).toBe("112.60");
  });
});

describe("invoice numbers OCR damaged on degraded scans", () => {
  it("reads 'n°' whose degree sign OCR read as a registered sign (n®)", () => {
    expect(extractInvoiceFields(ocr(["# DELIVERY NOTE", "Acme Ltd", "BLn®  BL-24-4946       CLIENT"])).fields.invoiceNumber).toBe("BL-24-4946");
    expect(extractInvoiceFields(ocr(["# FACTURE", "Acme SAS", "12 rue Haute      Facture n®     F-2024-118"])).fields.invoiceNumber).toBe("F-2024-118");
  });

  it("reads what OCR left of 'N° de facture' (Ne de facts, N° de Zacture)", () => {
    expect(extractInvoiceFields(ocr(["# FACTURE", "Parc Technologique, 3 rue Lavoisier      Ne de facts FA-2025-1739"])).fields.invoiceNumber).toBe("FA-2025-1739");
    expect(extractInvoiceFields(ocr(["# FACTURE", "5 rue de l'Arsenal", "N° de Zacture       FA-2025-3473"])).fields.invoiceNumber).toBe("FA-2025-3473");
  });

  it("skips a speck read as a lone digit before the number, and never takes a lone digit on a scan", () => {
    expect(extractInvoiceFields(ocr(["# TAX INVOICE", "Billed to       Invoice No. 1     04946"])).fields.invoiceNumber).toBe("04946");
    // "5." beside the label is a speck: the number is in the cell below.
    const below = ocr(["# AVOIR", "Acme SARL", "Avoir n°       5.      Émis le       Facture d'origine", "AV-2024-4611   20/05/2024    FA-2024-7054"]);
    expect(extractInvoiceFields(below).fields.invoiceNumber).toBe("AV-2024-4611");
    // A text layer keeps its one-digit number.
    expect(extractInvoiceFields(doc(["# FACTURE", "Facture n° 7"])).fields.invoiceNumber).toBe("7");
  });

  it("reads a final 1 that OCR read as a bracket, and a hyphen read as a colon", () => {
    expect(extractInvoiceFields(ocr(["# DELIVERY NOTE", "Thames Office Ltd", "Delivery note No.: DN-195]"])).fields.invoiceNumber).toBe("DN-1951");
    expect(extractInvoiceFields(ocr(["# DEVIS", "Gent Consult NV", "Devis n°     DEV-2023:821'      Client"])).fields.invoiceNumber).toBe("DEV-2023-821");
    // Not on a text layer: the printed text is taken as it is.
    expect(extractInvoiceFields(doc(["# DEVIS", "Gent Consult NV", "Devis n°     DEV-2023:821      Client"])).fields.invoiceNumber).toBe("DEV-2023");
  });

  it("reads an id whose hyphen a scan followed by a space (INV- 009470), and labels a scan spoilt ('NO ‘d'avoir', 'Creditnate No.')", () => {
    expect(extractInvoiceFields(ocr(["# INVOICE", "Acme Ltd", "Invoice # INV- 009470", "Date 2024-01-02"])).fields.invoiceNumber).toBe("INV-009470");
    expect(extractInvoiceFields(ocr(["# FACTURE D'AVOIR", "LEROY EURL", "2 impasse du Moulin       NO ‘d'avoir AV-F250597 ° ,"])).fields.invoiceNumber).toBe("AV-F250597");
    expect(extractInvoiceFields(ocr(["# CREDIT NOTE", "Milano Forniture", "Creditnate No. ~~ AV-6092/2024 i BRR Gn STA :", "Date. se - 19/07/2024"])).fields.invoiceNumber).toBe("AV-6092/2024");
    // A text layer is taken as printed; a hyphen then a short number is no id of its own.
    expect(extractInvoiceFields(doc(["# INVOICE", "Acme Ltd", "Invoice # INV- 009470"])).fields.invoiceNumber).not.toBe("INV-009470");
    expect(extractInvoiceFields(ocr(["# INVOICE", "Acme Ltd", "Invoice # INV- 12"])).fields.invoiceNumber).not.toBe("INV-12");
  });

  it("takes the number that starts a values row beside the date when OCR garbled the header row over it", () => {
    const lines = ["# FACTURE", "Véga Logiciels SAS", "yi   ph   Tiv       te      :", "INV-2024-03914     9 mai 2024     31 mai 2024", "60 rue Sainte-Catherine"];
    expect(extractInvoiceFields(ocr(lines)).fields.invoiceNumber).toBe("INV-2024-03914");
    // With specks before it and its hyphen read as a colon.
    expect(extractInvoiceFields(ocr(["# AVOIR", "Thierry Roux Plomberie", "|\\'AV-2023:633     06/01/2023     2023-485"])).fields.invoiceNumber).toBe("AV-2023-633");
    // A plain number (a postcode, a quantity) beside a date is not taken, nor a row without a date.
    expect(extractInvoiceFields(ocr(["# FACTURE", "Véga Logiciels SAS", "69100     9 mai 2024     31 mai 2024"])).fields.invoiceNumber).toBeNull();
    expect(extractInvoiceFields(ocr(["# FACTURE", "Véga Logiciels SAS", "INV-2024-03914     Lyon     France"])).fields.invoiceNumber).toBeNull();
  });

  it("takes the number a tilted scan put on the line above its label, right of the label only", () => {
    const tilted = ["# AVOIR", "Quincaillerie du Centre", "                    AV-2023-8712        ADRESSE DE FACTURATION", "Avoirn°                                           --", "Date d'émission    03/05/2023"];
    expect(extractInvoiceFields(ocr(tilted)).fields.invoiceNumber).toBe("AV-2023-8712");
    // Left of the label's end, or past the label line's next cell, it belongs to something else.
    const left = ["# AVOIR", "Quincaillerie du Centre", "AV-2023-8712        ADRESSE DE FACTURATION", "          Avoirn°                                --", "Date d'émission    03/05/2023"];
    expect(extractInvoiceFields(ocr(left)).fields.invoiceNumber).toBeNull();
    const far = ["# AVOIR", "Quincaillerie du Centre", "                                   AV-2023-8712", "Avoirn°      --", "Date d'émission    03/05/2023"];
    expect(extractInvoiceFields(ocr(far)).fields.invoiceNumber).toBeNull();
    // Not on a text layer.
    expect(extractInvoiceFields(doc(tilted)).fields.invoiceNumber).toBeNull();
  });

  it("does not take 'Invoice to' or 'Invoice date' for the title of a delivery note whose title OCR lost", () => {
    const lines = ["Ibérica Logistica S.L.", "Calle de Alcala 200", "28028 Madrid", "compta@iberica-logistica.es", "Delivery note No.     BL-24-4607     Invoice to", "Invoice date     2024-02-17     Groupe Hexagone Distribution"];
    const fields = extractInvoiceFields(ocr(lines));
    expect(fields.docType).toBe("other");
    expect(fields.fields.invoiceNumber).toBe("BL-24-4607");
    // Those labels alone still make an invoice.
    expect(extractInvoiceFields(ocr(["Acme Ltd", "Invoice No.     INV-0042     Invoice to", "Invoice date     2024-02-17"])).docType).toBe("invoice");
  });

  it("reads the number after 'de facture' starting a cell when a tilted scan put its 'N°' on the line above", () => {
    expect(extractInvoiceFields(ocr(["# FACTURE", "Atelier Boréal SAS", "N°        3        ADRESSE DE", "de facture.     2023-05766     FACTURATION"])).fields.invoiceNumber).toBe("2023-05766");
    // Inside a cell it is another label's end ("Date de facture"), not the number's label.
    expect(extractInvoiceFields(ocr(["# FACTURE", "Atelier Boréal SAS", "Adresse de facture 2023-05766"])).fields.invoiceNumber).toBeNull();
  });

  it("reads a credit note's label with a v read as a w (Awoirn°)", () => {
    expect(extractInvoiceFields(ocr(["# AVOIR", "Coursiers Express", "Awoirn° CN/23/681 ee     gs"])).fields.invoiceNumber).toBe("CN/23/681");
  });

  it("takes a quote, delivery or order number on a document whose kind the page does not tell", () => {
    const page = ocr(["Quincaillerie du Centre", "Téléphone : 06.66.43.83.85     Commande n° BC-2024-971     Destinataire"]);
    expect(extractInvoiceFields(page).docType).toBe("other");
    expect(extractInvoiceFields(page).fields.invoiceNumber).toBe("BC-2024-971");
  });

  it("reads a title behind a speck quote as the start of its cell (‘Bon de commande), not a generic word", () => {
    const order = ocr(["Traiteur La Marée SAS", "9 quai des Chartrons", "33000 Bordeaux", "T. 01.23.25.93.87", "‘Bon de commande", "Commande n°.BC-2025-043.", "Réf. client C06443", "Facturé à", "Association Jardins Partagés"]);
    expect(extractInvoiceFields(order).docType).toBe("other");
    expect(extractInvoiceFields(order).fields.invoiceNumber).toBe("BC-2025-043");    const delivery = ocr(["Ibérica Logistica S.L.", "Calle de Alcalá 200", "28028 Madrid", "compta@iberica-logistica.es", "Delivery note No.     BL-24-4607     Invoice to", "\"Invoice date     2024-02-17     Groupe Hexagone"]);
    expect(extractInvoiceFields(delivery).docType).toBe("other");
  });
});

describe("a header row over its values on a tilted scan", () => {
  // Word boxes as a tilted scan gives them: each row climbs to the right, so the header row's box
  // reaches below the top of the value row's box.
  const word = (text: string, x0: number, y0: number, width: number, height = 26): Word => ({ text, bbox: [x0, y0, x0 + width, y0 + height], confidence: 90 });
  const page: PageText = {
    page: 1,
    width: 1654,
    height: 2339,
    source: "ocr",
    text: "",
    words: [
      word("FACTURE", 700, 120, 260, 60),
      word("Number", 157, 281, 75),
      word("Invoice", 514, 294, 68),
      word("date", 590, 296, 41),
      word("Due", 865, 303, 40),
      word("date", 912, 306, 41),
      word("Customer", 1229, 317, 93, 18),
      word("ref", 1332, 321, 23, 14),
      word("F-2025-0117", 156, 317, 138),
      word("11/06/2025", 512, 327, 132),
      word("26/06/2025", 870, 342, 131),
      word("C93660", 1226, 354, 92),
    ],
  };

  it("takes the values under each heading", () => {
    const fields = extractInvoiceFields([page]).fields;
    expect(fields.invoiceNumber).toBe("F-2025-0117");
    expect(fields.issueDate).toBe("2025-06-11");
    expect(fields.dueDate).toBe("2025-06-26");
  });
});

describe("dates", () => {
  it("reads a month name joined to the day by a hyphen (March-24, 2025)", () => {
    expect(findDates("Date: March-24, 2025").map((date) => date.iso)).toEqual(["2025-03-24"]);
  });

  it("reads a month name with one letter misread next to a day, and only a month name", () => {
    expect(findDates("Pay by Aprit22,2025").map((date) => date.iso)).toEqual(["2025-04-22"]);
    expect(findDates("le 3 oclobre 2024").map((date) => date.iso)).toEqual(["2024-10-03"]);
    // Two letters off, or no number next to it: not a month.
    expect(findDates("Apxit 22, 2025")).toEqual([]);
  });

  it("reads a month whose m a scan read as 'rn', and a year glued to the month by a quote", () => {
    const found = findDates("mercrédi 29 rnars 2023, le 5 rnai 2024, 15 août'2024");
    expect(found.map((date) => date.iso)).toEqual(["2023-03-29", "2024-05-05", "2024-08-15"]);
    // Offsets are those of the printed text ("rnars" keeps its five characters).
    expect(found.map((date) => "mercrédi 29 rnars 2023, le 5 rnai 2024, 15 août'2024".slice(date.start, date.end))).toEqual(["29 rnars 2023", "5 rnai 2024", "15 août'2024"]);
    // No number beside it: "rn" is left alone ("Tournai 2024" is a place and a year).
    expect(findDates("Tournai 2024")).toEqual([]);
  });

  it("reads the due date after what OCR left of its label ('pate limite de paiement', 'avant le')", () => {
    expect(extractInvoiceFields(ocr(["# FACTURE", "Facture n° 4", "Date 20/06/2024", "pate limite de paiement 2024-08-04"])).fields.dueDate).toBe("2024-08-04");
    expect(extractInvoiceFields(ocr(["# FACTURE", "Facture n° 4", "Date 4 décembre 2023", "À      avant le 31 décembre 2023", "payer"])).fields.dueDate).toBe("2023-12-31");
  });

  it("keeps a heading's value below it when a speck beside it reads as a short number", () => {
    const lines = ["# FACTURE", "Réf facture                       Echéance           |fRétaien 217", "F230100       12 janvier 2023     28 janvier 2023    C97459"];
    expect(extractInvoiceFields(ocr(lines)).fields.dueDate).toBe("2023-01-28");
    // A real value in the next cells still means the label is not a column heading.
    expect(extractInvoiceFields(ocr(["# FACTURE", "Réf facture                       Echéance           C97459", "F230100       12 janvier 2023     28 janvier 2023"])).fields.dueDate).toBeNull();
  });

  it("takes an unlabelled first date as the issue date even when the due date is the same day", () => {
    // OCR lost the issue date's heading; the due date under "Echéance" is the same day.
    const fields = extractInvoiceFields(
      ocr(["# FACTURE", "Réf. facture        Echéance", "F230100      28 janvier 2023     28 janvier 2023", "Total TTC    120,00 €"]),
    ).fields;
    expect(fields.dueDate).toBe("2023-01-28");
    expect(fields.issueDate).toBe("2023-01-28");
  });
});

describe("totals repaired when net + tax = gross then holds", () => {
  it("reads look-alike letters in an amount (11i08,69)", () => {
    expect(findAmounts("Net à payer 11i08,69 €", { repair: true }).map((amount) => amount.cents)).toEqual([1110869]);
  });

  it("reads a group separator a scan read as a colon or a semicolon (1:832,43, 3;213.87), not a time", () => {
    expect(findAmounts("1:832,43 EUR", { repair: true }).map((amount) => amount.cents)).toEqual([183243]);
    expect(findAmounts("Balance due 3;213.87 EUR", { repair: true }).map((amount) => amount.cents)).toEqual([321387]);
    expect(findAmounts("Total HT _2:823,77 EUR", { repair: true }).map((amount) => amount.cents)).toEqual([282377]);
    expect(findAmounts("Livraison 10:30 - 12:00", { repair: true }).some((amount) => amount.cents === 103000)).toBe(false);
    // A born-digital text layer is read as printed.
    expect(findAmounts("1:832,43 EUR").map((amount) => amount.cents)).toEqual([83243]);
    const fields = extractInvoiceFields(ocr(["# FACTURE", "Facture n° 11", "Total HT _ 1.743,94 EUR", "Montant TVA _ © 88,49 EUR", "Total TTC   1:832,43 EUR"])).fields;
    expect(fields).toMatchObject({ totalNet: "1743.94", totalTax: "88.49", totalGross: "1832.43" });
  });

  it("reads a French IBAN that fails mod 97 again from the page's RIB, whose own key passes, one or two characters away", () => {
    const lines = ["# FACTURE", "Facture n° F-2024-12", "IBAN : FR76 3006 6904 5035 75248591 893", "RIB : 30066 90450.35752465918 93"];
    const result = extractInvoiceFields(ocr(lines));
    expect(result.fields.iban).toBe("FR7630066904503575246591893");
    // A RIB whose key fails is no evidence: the misread IBAN stays, shown as invalid.
    expect(extractInvoiceFields(ocr([...lines.slice(0, 3), "RIB : 30066 90450.35752465918 94"])).fields.iban).toBe("FR7630066904503575248591893");
    // A text layer is read as printed.
    expect(extractInvoiceFields(doc(lines)).fields.iban).toBe("FR7630066904503575248591893");
  });

  it("measures how far printed text is from an amount's digits", () => {
    expect(editDistance("4830", "14830")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(digitDistance(" [4830 €", 14830)).toBe(1);
    expect(digitDistance(" 22/578,80 EUR", 2257880)).toBe(0);
    // The rate is its own run: "20 %" does not spoil the amount's digits.
    expect(digitDistance(" 20 % \t 2324,48 €", 232448)).toBe(0);
  });

  it("repairs a net total with one digit lost, as the tax and gross imply", () => {
    const result = extractInvoiceFields(ocr(["# FACTURE", "Facture n° 7", "Base HT        [4830 €", "TVA 20 %       29,66 €", "Total à payer  177,96 €"]));
    expect(result.fields.totalNet).toBe("148.30");
    expect(result.warnings.some((warning) => warning.field === "totalNet" && warning.code === "low-confidence")).toBe(true);
  });

  it("repairs an amount whose separators OCR misread (22/578,80)", () => {
    const fields = extractInvoiceFields(ocr(["# FACTURE", "Facture n° 8", "Montant HT    22/578,80 EUR", "TVA 20 %      4 515,76 EUR", "Total TTC     27 094,56 EUR"])).fields;
    expect(fields.totalNet).toBe("22578.80");
  });

  it("takes the implied tax when it is printed elsewhere on the page and the labelled one is misread", () => {
    const fields = extractInvoiceFields(
      ocr(["# FACTURE", "Facture n° 9", "Total HT              598,27 EUR", "TVA 20 %              14,94 EUR", "Net à payer           715,57 EUR", "", "Récapitulatif     20 %     586,50     117,30"]),
    ).fields;
    expect(fields.totalTax).toBe("117.30");
  });

  it("does not repair when the printed digits are two edits away", () => {
    const fields = extractInvoiceFields(ocr(["# FACTURE", "Facture n° 10", "Base HT        [4880 €", "TVA 20 %       29,66 €", "Total à payer  177,96 €"])).fields;
    expect(fields.totalNet).not.toBe("148.30");
  });

  it("puts back a dropped decimal separator when it makes net equal gross on an untaxed invoice", () => {
    const zeroRate = extractInvoiceFields(ocr(["# INVOICE", "Invoice No. 5", "Net amount     15.51 USD", "Tax 0%     +", "Total due      -1551USD"])).fields;
    expect([zeroRate.totalNet, zeroRate.totalTax, zeroRate.totalGross]).toEqual(["15.51", "0.00", "15.51"]);
    const exempt = extractInvoiceFields(
      ocr(["# FACTURE", "Facture n° 6", "Montant HT      281173 €", "Total TTC       2811,73€        IBAN FR76 3000 4913 8706 2900 8925 850", "TVA non applicable, art. 293 B du CGI"]),
    ).fields;
    expect([exempt.totalNet, exempt.totalGross]).toEqual(["2811.73", "2811.73"]);
  });

  it("puts back a dropped decimal separator in a pair when the page shows the third total the pair implies", () => {
    // Degraded scans of seed 2468: the gross's label lost its "TTC", the tax printed without its comma.
    const lostLabel = extractInvoiceFields(ocr(["# FACTURE", "Facture n° 11", "Base HT      58.713,80 EUR", "TVA20%       1174276 EUR", "Montant      “70.456,56 EUR"])).fields;
    expect([lostLabel.totalNet, lostLabel.totalTax, lostLabel.totalGross]).toEqual(["58713.80", "11742.76", "70456.56"]);
    // The tax's label unread ("TVAIS%"), net and tax both without their commas: the tax's digits are on the page.
    const bothLost = extractInvoiceFields(ocr(["# FACTURE", "Facture n° 12", "Sous-total HT      G67280€", "«A TVAIS% Cos      _12783€", "Total TTC      800,63 €"])).fields;
    expect([bothLost.totalNet, bothLost.totalTax, bothLost.totalGross]).toEqual(["672.80", "127.83", "800.63"]);
    // The third nowhere on the page: the integer stays as read (no decimal put back on a guess).
    const notShown = extractInvoiceFields(ocr(["# FACTURE", "Facture n° 13", "Base HT      58.713,80 EUR", "TVA20%       1174276 EUR", "Montant      “70.999,99 EUR"])).fields;
    expect(notShown.totalTax).toBe("1174276.00");
  });

  it("takes gross = net at a printed 0 % rate when the gross's label is lost and the amount is printed twice", () => {
    const fields = extractInvoiceFields(ocr(["# INVOICE", "Invoice No. 7", "Net amount     $62,157.16", "Bank of America      VATO%.     $0.00", "RE       due       $62,157.16"])).fields;
    expect([fields.totalNet, fields.totalTax, fields.totalGross]).toEqual(["62157.16", "0.00", "62157.16"]);
    // No 0 % rate printed: the tax is unknown, and no gross is made up.
    const unknown = extractInvoiceFields(ocr(["# INVOICE", "Invoice No. 7", "Net amount     $62,157.16", "Bank of America", "RE       due       $62,157.16"])).fields;
    expect([unknown.totalTax, unknown.totalGross]).toEqual([null, null]);
  });

  it("sets a zero tax when net equals gross and a 0 % rate is printed, not on a VAT-exempt invoice", () => {
    const zero = extractInvoiceFields(ocr(["# INVOICE", "Invoice No. 5", "Net amount     15.51 USD", "Tax 0%     +", "Total due      15.51 USD"])).fields;
    expect(zero.totalTax).toBe("0.00");
    const exempt = extractInvoiceFields(ocr(["# FACTURE", "Facture n° 6", "Total HT     80,00 €", "Net à payer  80,00 €", "TVA non applicable, art. 293 B du CGI"])).fields;
    expect(exempt.totalTax).toBeNull();
  });
});

describe("seller name with OCR noise", () => {
  it("strips speck quotes at a name's edges and a speck dot after an acronym legal form", () => {
    expect(trimCompanyName("“Torino Tech S.p.A.")).toBe("Torino Tech S.p.A.");
    expect(trimCompanyName("‘LÉMAN PRECISION SA")).toBe("LÉMAN PRECISION SA");
    expect(trimCompanyName("Brabant Clean SPRL.")).toBe("Brabant Clean SPRL");
    // An abbreviation keeps its dot.
    expect(trimCompanyName("Hudson Analytics Inc.")).toBe("Hudson Analytics Inc.");
  });

  it("repairs a legal form misread with look-alike letters, and only a legal form", () => {
    expect(repairLegalForm("ple")).toBe("plc");
    expect(repairLegalForm("SAS")).toBeNull();
    expect(repairLegalForm("Menuiserie")).toBeNull();
    expect(repairLegalForm("pie")).toBeNull();
    expect(trimCompanyName("Harbour Freight Logistics ple")).toBe("Harbour Freight Logistics plc");
    expect(trimCompanyName("Hudson Analytics nc")).toBe("Hudson Analytics Inc.");
    expect(repairLegalForm("td")).toBe("Ltd");
    expect(repairLegalForm("ac")).toBeNull();
  });

  it("never takes a letter-spaced or misread title for the seller", () => {
    expect(isSpacedTitle("factu r e")).toBe(true);
    expect(isSpacedTitle("fa ctu e")).toBe(true);
    expect(isSpacedTitle("v at invoice")).toBe(true);
    expect(isSpacedTitle("cabinet marchal")).toBe(false);
    const fields = extractInvoiceFields(ocr(["# Cabinet Marchal Expertise        F A C T U R E", "Facture n° 2023-01934", "Total TTC   120,00 €"])).fields;
    expect(fields.sellerName).toBe("Cabinet Marchal Expertise");
  });

  it("prefers the name that the page's email domain spells, also from the next page's letterhead", () => {
    const pages = [
      pageFromLines(["# Hénin                     INVOICE", "350 Fifth Avenue", "compta@hudson-analytics.com", "Invoice # 03506", "Amount due   $62,157.16"], { source: "ocr" }),
      pageFromLines(["Hudson Analytics Inc.", "Terms and conditions"], { source: "ocr", page: 2 }),
    ];
    expect(extractInvoiceFields(pages).fields.sellerName).toBe("Hudson Analytics Inc.");
  });

  it("puts back the accents OCR lost or changed on the French words of a name, in the printed case", () => {
    expect(restoreAccents("LÉMAN PRECISION SA")).toBe("LÉMAN PRÉCISION SA");
    expect(restoreAccents("Net'Eclat Proprèté SARL")).toBe("Net'Éclat Propreté SARL");
    // An accent on a word French writes without one may be a brand's: it stays.
    expect(restoreAccents("Atelier Graphè")).toBe("Atelier Graphè");
    // A French word as printed stays ("marche" is one, though "marché" is too); so do short words, and
    // the words of a name with a foreign legal form.
    expect(restoreAccents("Marche Central")).toBe("Marche Central");
    expect(restoreAccents("Studio Graphe")).toBe("Studio Graphe");
    expect(restoreAccents("ACME EURL")).toBe("ACME EURL");
    expect(restoreAccents("Spree IT Systeme GmbH")).toBe("Spree IT Systeme GmbH");
    expect(restoreAccents("Spree IT Systeme")).toBe("Spree IT Système");
  });

  it("restores accents only on a document written in French", () => {
    const french = ["# PRECISION OUTILS SARL", "Facture n° 5", "Date d'émission : 02/04/2024", "Total TTC   120,00 €"];
    expect(extractInvoiceFields(ocr(french)).fields.sellerName).toBe("PRÉCISION OUTILS SARL");
    const english = ["# Precision Medical Tools Ltd", "Invoice No. 5", "Invoice date: 02/04/2024", "Total due   £120.00"];
    expect(extractInvoiceFields(ocr(english)).fields.sellerName).toBe("Precision Medical Tools Ltd");
    expect(readsFrench(english.join("\n"))).toBe(false);
    // A name that shows a French accent OCR did read is French, on an English document too.
    const swiss = ["# LÉMAN PRECISION SA", "Invoice No. 5", "Invoice date: 02/04/2024", "Total due   CHF 120.00"];
    expect(extractInvoiceFields(ocr(swiss)).fields.sellerName).toBe("LÉMAN PRÉCISION SA");
  });

  it("restores accents on a scanned seller name only, never on a text layer", () => {
    const lines = ["# ELECTRICITE DUBOIS", "Facture n° 5", "Total TTC   120,00 €"];
    expect(extractInvoiceFields(ocr(lines)).fields.sellerName).toBe("ÉLECTRICITÉ DUBOIS");
    expect(extractInvoiceFields(doc(lines)).fields.sellerName).toBe("ELECTRICITE DUBOIS");
  });

  it("does not take a legal-footer fragment ('SAS au') for a name", () => {
    const fields = extractInvoiceFields(
      ocr(["Imprimerie Cadet", "# FACTURE", "Facture n° 12", "Total TTC   120,00 €", ...Array.from({ length: 40 }, () => ""), "SAS au        de 10 000 € Code APE 4352B", "capital"]),
    ).fields;
    expect(fields.sellerName).toBe("Imprimerie Cadet");
  });
});

describe("identifiers with OCR noise, kept only when the checksum passes", () => {
  it("reads a VAT number with a spaced prefix or specks between its groups", () => {
    expect(findVats("N° TVA: F R91551499411").map((vat) => [vat.value, vat.valid])).toEqual([["FR91551499411", true]]);
    expect(findVats("VAT ID: CHE-372.490. 969 MwsT").map((vat) => vat.value)).toEqual(["CHE372490969"]);
  });

  it("tries each digit a look-alike letter may stand for (T for 1 or 7)", () => {
    expect(digitReadings("6T1")).toEqual(["671", "611"]);
    expect(readVat("IT6T179850393")).toEqual({ value: "IT61179850393", valid: true, repaired: true });
  });

  it("reads an IBAN with a speck between groups and C for 0", () => {
    expect(findIbans("IBAN FR76 3000 3702 8041 8874. 6183 022 .-").map((iban) => [iban.value, iban.valid])).toEqual([["FR7630003702804188746183022", true]]);
    expect(readIban("FR763C003274270266288125691")).toEqual({ value: "FR7630003274270266288125691", valid: true, repaired: true });
  });

  it("reads a SIRET with a speck apostrophe, or grouped any way after its label", () => {
    expect(findSirets("SIRET 888 071 438'00061").map((siret) => siret.value)).toEqual(["88807143800061"]);
    const fields = extractInvoiceFields(ocr(["# FACTURE", "Facture n° 3", "SIRET: 5393520 2100056", "Total TTC  12,00 €"])).fields;
    expect(fields.sellerSiret).toBe("53935202100056");
    // Grouped any way, a SIRET that fails Luhn is not taken.
    expect(extractInvoiceFields(ocr(["# FACTURE", "Facture n° 3", "SIRET: 5393520 2100057", "Total TTC  12,00 €"])).fields.sellerSiret).toBeNull();
  });

  it("rebuilds the seller's French VAT from its valid SIRET when the page shows FR, the right key and the SIREN's start", () => {
    const broken = extractInvoiceFields(ocr(["# FACTURE", "Facture n° 4", "SIRET 888 071 438 00061 - TVA        FR 07 888          438", "Total TTC  12,00 €"]));
    expect(broken.fields.sellerVat).toBe("FR07888071438");
    expect(broken.warnings.some((warning) => warning.field === "sellerVat" && warning.code === "low-confidence")).toBe(true);
    // A key that the SIREN does not give is not this seller's VAT number.
    expect(extractInvoiceFields(ocr(["# FACTURE", "Facture n° 4", "SIRET 888 071 438 00061 - TVA        FR 08 888          438", "Total TTC  12,00 €"])).fields.sellerVat).not.toBe("FR07888071438");
  });

  it("reads a valid id that a wide gap split over two cells", () => {
    const fields = extractInvoiceFields(ocr(["# FACTURE", "Facture n° 4", "TVA FR 91 551        499 411", "Total TTC  12,00 €"])).fields;
    expect(fields.sellerVat).toBe("FR91551499411");
  });
});

describe("document type from noisy titles", () => {
  it("reads a credit note from 'N° d'avoir' and 'Avoir.' and a CREDIT / NOTE title split in two", () => {
    expect(classifyDocumentType(ocr(["Thierry Roux Plomberie", "N° d'avoir      Date de facture      Annule et remplace la facture", "AV-2023-633     06/01/2023     2023-485"])).docType).toBe("credit-note");
    expect(classifyDocumentType(ocr(["Torino Tech S.p.A.", "", "# Avoir.", "Facture d'origine INV-2024-9572", "Total 120,00"])).docType).toBe("credit-note");
    expect(classifyDocumentType(ocr(["Milano Forniture Ufficio S.r.l.         NOTE", "# CREDIT", "Credit     No       Issue date      invoice", "AV-3893/2025"])).docType).toBe("credit-note");
  });

  it("ignores a type word inside an email address", () => {
    expect(classifyDocumentType(ocr(["Plomberie Roux", "devis@plomberie.fr", "Facture 5", "Total TTC 120,00 €"])).docType).toBe("invoice");
  });
});

describe("seller identity on degraded scans", () => {
  it("reads a VAT number whose last digit OCR read as a symbol, when one digit only passes its checksum", () => {
    const [found] = findVats("VAT ID: FR 44 732 829 32€");
    expect(found).toMatchObject({ value: "FR44732829320", valid: true, repaired: true });
    // Without the glued symbol the number stays short, and invalid.
    expect(findVats("VAT ID: FR 44 732 829 32")[0]).toMatchObject({ valid: false });
  });

  it("joins a name broken after its hyphen and drops a speck after its legal form", () => {
    expect(trimCompanyName("Ortho- Dentaire Services")).toBe("Ortho-Dentaire Services");
    expect(trimCompanyName("Net'Brillance Nettoyage SARL s")).toBe("Net'Brillance Nettoyage SARL");
    // A spaced dash is the name's own; one letter after a word that is no legal form stays.
    expect(trimCompanyName("Dupont - Services")).toBe("Dupont");
    expect(trimCompanyName("Studio Vingt B")).toBe("Studio Vingt B");
    // A title the layout left in the name's cell, after the legal form.
    expect(trimCompanyName('Riviera Réseaux Entreprises SA "BON DE COMMANDE')).toBe("Riviera Réseaux Entreprises SA");
    expect(trimCompanyName("Alpes Outillage SARL FACTURE")).toBe("Alpes Outillage SARL");
    expect(trimCompanyName("Orion Logiciels SAS “af FACTURE 0")).toBe("Orion Logiciels SAS");
    expect(trimCompanyName("Alpes Outillage SARL Grenoble")).toBe("Alpes Outillage SARL Grenoble");
  });

  it("takes the customer's block by a 'Client :' label that OCR damaged, and the seller from the letterhead", () => {
    const fields = extractInvoiceFields(
      ocr([
        "# Cabinet Noyer Expertise Comptable",
        "22 cours Mirabeau, 13100 Aix-en-Provence",
        "Devis n° DEV-2025-574",
        "Fe lient :",
        "Atelier Boréal SAS",
        "25 rue Oberkampf",
        "75011 Paris",
      ]),
    ).fields;
    expect(fields.sellerName).toBe("Cabinet Noyer Expertise Comptable");
  });
});

describe("seller VAT numbers OCR damaged", () => {
  it("reads a VAT number whose country prefix OCR read as digits, right after its label", () => {
    const fields = extractInvoiceFields(ocr(["# Milano Carta S.r.l.", "Via Roma 4, 20121 Milano", "P:IVA : 1161179850393", "Fattura 12"])).fields;
    expect(fields.sellerVat).toBe("IT61179850393");
    // Without a label the digits are no VAT number.
    expect(extractInvoiceFields(ocr(["# Milano Carta S.r.l.", "Rif. 1161179850393"])).fields.sellerVat).toBeNull();
  });

  it("rebuilds a French VAT number with one SIREN digit misread from the seller's valid SIRET", () => {
    // SIRET 732 829 320 00074 (valid); its VAT FR44 732829320 printed with a 7 read as 1.
    const fields = extractInvoiceFields(ocr(["# Imprimerie Lenoir SARL", "Facture n° 5", "SIRET : 732 829 320 00074", "TVA : FR44 132 829 320"])).fields;
    expect(fields.sellerSiret).toBe("73282932000074");
    expect(fields.sellerVat).toBe("FR44732829320");
    // Two digits off: not this SIREN's number; nothing is made up.
    expect(extractInvoiceFields(ocr(["# Imprimerie Lenoir SARL", "SIRET : 732 829 320 00074", "TVA : FR44 132 829 321"])).fields.sellerVat).not.toBe("FR44732829320");
  });
});

describe("seller name and its domain", () => {
  it("puts right one misread letter of the name that the seller's own domain spells", () => {
    expect(repairNameByDomain("Rivage Formatioh SAS", ["rivage-formation.fr"])).toBe("Rivage Formation SAS");
    expect(repairNameByDomain("RIVAGE FORMATIOH SAS", ["rivageformation.fr"])).toBe("RIVAGE FORMATION SAS");
    // The domain is OCR's reading too: it does not turn a name into a misread one, nor one word into another.
    expect(repairNameByDomain("Papeterie Dumoulin SARL", ["papeterie-dymoulin.fr"])).toBe("Papeterie Dumoulin SARL");
    expect(repairNameByDomain("Repro Nard Services", ["repronord.fr"])).toBe("Repro Nard Services");
    // Two letters off, a short domain, or one the name already spells: unchanged.
    expect(repairNameByDomain("Rivage Fornatioh SAS", ["rivage-formation.fr"])).toBe("Rivage Fornatioh SAS");
    expect(repairNameByDomain("Lenoir Nard", ["nord.fr"])).toBe("Lenoir Nard");
    expect(repairNameByDomain("Rivage Formation SAS", ["rivage-formation.fr"])).toBe("Rivage Formation SAS");
  });

  it("uses the seller's domain on a scan, not the customer's", () => {
    const seller = extractInvoiceFields(ocr(["# Rivage Formatioh SAS", "contact@rivage-formation.fr", "Facture n° 5", "Total TTC   120,00 €"])).fields;
    expect(seller.sellerName).toBe("Rivage Formation SAS");
    const customer = extractInvoiceFields(
      ocr(["Rivage Formatioh SAS         Facturé à :", "Facture n° 5                  Cabinet Dupont", "                              compta@rivage-formation.fr"]),
    ).fields;
    expect(customer.sellerName).toBe("Rivage Formatioh SAS");
  });
});

describe("seller name split by OCR", () => {
  const word = (text: string, bbox: [number, number, number, number]): Word => ({ text, bbox, confidence: 95 });

  it("joins the rest of a large tilted letterhead that OCR put on the row above (the legal form)", () => {
    const page: PageText = {
      page: 1,
      width: 1984,
      height: 2806,
      source: "ocr",
      text: "",
      // Boxes as tesseract gave them on a tilted 240 dpi scan (letterhead left, customer right).
      words: [
        word("-", [105.6, 194.4, 109.7, 198.5]),
        word("Orbis", [125.3, 179.2, 252, 209.9]),
        word("Logiciels", [263.1, 167.6, 474.2, 212.8]),
        word("SAS", [484, 163.2, 555, 199.3]),
        word("7", [125.9, 236.6, 139.4, 256]),
        word("boulevard", [147.7, 227, 260.4, 255.3]),
        word("Haussmann", [269.8, 228.7, 406.5, 254.7]),
        word("75009", [127, 273.9, 198.6, 296]),
        word("Paris", [199.8, 264.9, 265.6, 293.8]),
        word("Phone:", [129.2, 312.6, 207.8, 334.9]),
        word("04.34.24.38.17", [217.2, 307.2, 389.7, 332.3]),
        word("Customer", [990.9, 149.9, 1105.6, 177.3]),
        word("21000", [995, 288.7, 1081.7, 315.2]),
        word("Dijon", [1093, 286.3, 1161.9, 318.3]),
        word("Clinique", [992.5, 203.9, 1105.4, 238.2]),
        word("vétérinaire", [1114.5, 198.3, 1262.2, 228.6]),
        word("du", [1271.5, 198, 1305.2, 224]),
        word("Parc", [1317.5, 196.8, 1380.2, 222.6]),
        word("8", [993.8, 249.8, 1010.5, 273.2]),
        word("boulevard", [1020.8, 244.4, 1157.4, 272.4]),
        word("Carnot", [1161.8, 242.3, 1262.4, 268.2]),
      ],
    };
    expect(extractInvoiceFields([page]).fields.sellerName).toBe("Orbis Logiciels SAS");
  });

  it("counts a name that its domain spells without its linking words ('du', 'de', 'of')", () => {
    const fields = extractInvoiceFields(
      ocr(["Depuis Toujours", "Droguerie du Marché", "billing@droguerie-marche.fr", "12 Grand'Rue, 67000 Strasbourg", "Facture n° 5", "Total TTC   120,00 €"]),
    ).fields;
    expect(fields.sellerName).toBe("Droguerie du Marché");
  });
});

describe("seller name specks", () => {
  it("drops a full stop OCR read after a word inside a scanned name, not after initials", () => {
    expect(extractInvoiceFields(ocr(["# CLAIRE. MOREAU MENUISERIE", "Facture n° 5", "Total TTC   120,00 €"])).fields.sellerName).toBe("CLAIRE MOREAU MENUISERIE");
    expect(extractInvoiceFields(ocr(["# J. Moreau Menuiserie", "Facture n° 5", "Total TTC   120,00 €"])).fields.sellerName).toBe("J. Moreau Menuiserie");
  });
});

describe("seller name read again elsewhere on the document", () => {
  const twoPages = (first: string, second: string): PageText[] => [
    pageFromLines([`# ${first}`, "150 promenade des Anglais", "06200 Nice", "E-mail : compta@azur-telecom.fr", "Facture n° 5", "Total TTC   120,00 €"], { source: "ocr" }),
    pageFromLines([second, "Conditions générales de vente"], { source: "ocr", page: 2 }),
  ];

  it("takes each word OCR misread from the next page's letterhead when it reads it as a word", () => {
    expect(extractInvoiceFields(twoPages("Azur Télécont Entreprises SA", "Azur Télécom Entreprises sa")).fields.sellerName).toBe("Azur Télécom Entreprises SA");
    expect(extractInvoiceFields(twoPages("Alpes Fournitüres Industrielles", "Alpes Fournitures Industrielles")).fields.sellerName).toBe("Alpes Fournitures Industrielles");
  });

  it("takes the other reading whole when fewer of its words are misread and it keeps the well-read ones", () => {
    expect(extractInvoiceFields(twoPages("LEROY fc À EURL", "Leroy Électricité EURL")).fields.sellerName).toBe("Leroy Électricité EURL");
  });

  it("keeps the reading when the other is cut short or names another company", () => {
    expect(extractInvoiceFields(twoPages("Cabinet Marchal Expertise Comptable", "Cabinet Marchal")).fields.sellerName).toBe("Cabinet Marchal Expertise Comptable");
    expect(extractInvoiceFields(twoPages("Azur Télécont Entreprises SA", "Azur Transports Express SA")).fields.sellerName).toBe("Azur Télécont Entreprises SA");
    expect(extractInvoiceFields(twoPages("Azur Télécont Entreprises SA", "Azur Transports SA")).fields.sellerName).toBe("Azur Télécont Entreprises SA");
  });
});

describe("seller name glued to its legal form", () => {
  it("puts back the spaces OCR lost before a legal form and between the capitalised words glued to it", () => {
    expect(trimCompanyName("BrabantCleanSPRL")).toBe("Brabant Clean SPRL");
    expect(trimCompanyName("Milano Forniture UfficioS.rl1..")).toBe("Milano Forniture Ufficio S.r.l.");
    expect(trimCompanyName("Nimbus InformatiqueSAS")).toBe("Nimbus Informatique SAS");
  });

  it("leaves a name whose capitals are its own, without a form glued to them", () => {
    expect(trimCompanyName("DataSoft SAS")).toBe("DataSoft SAS");
    expect(trimCompanyName("McKinsey Partners")).toBe("McKinsey Partners");
    expect(trimCompanyName("Brabant Clean SPRL")).toBe("Brabant Clean SPRL");
    expect(trimCompanyName("Torino Tech S.p.A.")).toBe("Torino Tech S.p.A.");
  });
});

describe("seller name with a speck dash beside a linking word", () => {
  it("reads a dash on one side of a linking word as the space it stands for", () => {
    expect(trimCompanyName("Transports Giraud et-Fils")).toBe("Transports Giraud et Fils");
    expect(trimCompanyName("Transports Giraud-et Fils")).toBe("Transports Giraud et Fils");
    expect(trimCompanyName("Hôtel de-France")).toBe("Hôtel de France");
  });

  it("keeps the dashes of a name hyphenated on both sides of its linking word", () => {
    expect(trimCompanyName("Boulangerie Saint-Germain-des-Prés")).toBe("Boulangerie Saint-Germain-des-Prés");
    expect(trimCompanyName("Garage Aix-en-Provence")).toBe("Garage Aix-en-Provence");
  });
});

describe("seller name beside a street line OCR split", () => {
  it("does not take the street word of the address that OCR set on a line of its own for the seller", () => {
    // "22 cours Mirabeau" read as two lines, "cours" on the taller line of the invoice number.
    const pages = ocr(["CABINET MARCHAL EXPERTISE COMPTABLE          FACTURE", "22    Mirabeau", "# cours        Facture n° 2024-07642", "13100 Aix-en-Provence", "Total TTC   120,00 €"]);
    expect(extractInvoiceFields(pages).fields.sellerName).toBe("CABINET MARCHAL EXPERTISE COMPTABLE");
  });
});

describe("seller name ending in a speck", () => {
  it("drops one or two small letters that end a name of capitalised words", () => {
    expect(trimCompanyName("Hudson Analytics oe")).toBe("Hudson Analytics");
    expect(trimCompanyName("Thames Office Supplies x")).toBe("Thames Office Supplies");
  });

  it("keeps a lower-case legal form or linking word, and a capital letter", () => {
    expect(trimCompanyName("Azur Télécom Entreprises sa")).toBe("Azur Télécom Entreprises sa");
    expect(trimCompanyName("Studio Vingt B")).toBe("Studio Vingt B");
    expect(trimCompanyName("Maison Pierre et")).toBe("Maison Pierre et");
    expect(trimCompanyName("Atelier du")).toBe("Atelier du");
  });
});

describe("customer label OCR glued", () => {
  it("takes 'FACTUREA' (Facturé à without its space) for the customer's label, not its name for the seller", () => {
    const fields = extractInvoiceFields(
      ocr(["# Ortho-Médical Services", "14 avenue de Verdun", "20000 Ajaccio", "Devis n° D-2403-297          FACTUREA.", "Date d'émission 09.03.2024   Lumen Architectes SARL", "                             63 quai de la Fosse", "Total TTC   120,00 €"]),
    ).fields;
    expect(fields.sellerName).toBe("Ortho-Médical Services");
  });
});

describe("seller name with a speck accent on its article", () => {
  it("reads 'Là' before a capitalised word as the article 'La'", () => {
    expect(trimCompanyName("Traiteur Là Marée SAS")).toBe("Traiteur La Marée SAS");
    expect(trimCompanyName("LÀ BELLE ÉPOQUE")).toBe("LA BELLE ÉPOQUE");
  });

  it("keeps à and là elsewhere", () => {
    expect(trimCompanyName("Voilà Traiteur")).toBe("Voilà Traiteur");
    expect(trimCompanyName("Restaurant Là-Haut")).toBe("Restaurant Là-Haut");
  });
});

describe("seller name beside its logo", () => {
  const withMonogram = (confidence: number): PageText[] => {
    const page = pageFromLines(["# EA Leroy Électricité EURL", "2 impasse du Moulin, 35000 Rennes", "Facture n° 5", "Total TTC   120,00 €"], { source: "ocr" });
    const words: Word[] = page.words.map((word, index) => (index === 0 ? { ...word, confidence } : word));
    return [{ ...page, words }];
  };

  it("leaves out a logo's monogram that OCR read, hardly believing it, before the name", () => {
    expect(extractInvoiceFields(withMonogram(24)).fields.sellerName).toBe("Leroy Électricité EURL");
  });

  it("keeps a short first word OCR believes", () => {
    expect(extractInvoiceFields(withMonogram(90)).fields.sellerName).toBe("EA Leroy Électricité EURL");
  });
});
