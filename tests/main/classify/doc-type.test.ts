import { describe, expect, it } from "vitest";
import { classifyDocumentType } from "../../../main/classify/index.js";
import { doc } from "./pages.js";

const BODY = [
  "Désignation                 Qté      PU HT       Montant HT",
  "Maintenance serveur         1        450,00      450,00",
  "                                      Total HT        450,00 €",
  "                                      TVA 20 %         90,00 €",
  "                                      Total TTC       540,00 €",
];

function typeOf(lines: string[]): string {
  return classifyDocumentType(doc(lines)).docType;
}

describe("classifyDocumentType", () => {
  it.each([
    ["# FACTURE", "invoice"],
    ["# FACTURE N° F-2024-118", "invoice"],
    ["# Facture", "invoice"],
    ["# INVOICE", "invoice"],
    ["# Tax invoice", "invoice"],
    ["# AVOIR", "credit-note"],
    ["# Avoir n° AV-2024-007", "credit-note"],
    ["# FACTURE D'AVOIR", "credit-note"],
    ["# Credit note", "credit-note"],
    ["# CREDIT MEMO", "credit-note"],
    ["# DEVIS", "other"],
    ["# Devis n° D-2024-031", "other"],
    ["# QUOTE", "other"],
    ["# Quotation", "other"],
    ["# Offre de prix", "other"],
    ["# BON DE LIVRAISON", "other"],
    ["# Delivery note", "other"],
    ["# BON DE COMMANDE", "other"],
    ["# Purchase Order", "other"],
  ])("reads the title %s as %s", (title, expected) => {
    expect(typeOf(["Atelier Durand SARL", "3 rue du Port, 44000 Nantes", title, "Date : 12/02/2024", ...BODY])).toBe(expected);
  });

  it("does not take a quote for an invoice because its conditions mention invoicing", () => {
    const result = classifyDocumentType(
      doc([
        "Atelier Durand SARL",
        "# DEVIS N° D-2024-031",
        "Date : 12/02/2024          Validité de l'offre : 30 jours",
        ...BODY,
        "Conditions : un acompte de 30 % sera facturé à la commande, le solde fera l'objet d'une facture",
        "à la livraison. Toute facture est payable à 30 jours. Bon pour accord, signature du client :",
      ]),
    );
    expect(result.docType).toBe("other");
    expect(result.confidence).toBeGreaterThan(0.5);
  });

  it("keeps a credit note a credit note although it cites the invoice it cancels", () => {
    expect(
      typeOf([
        "Atelier Durand SARL",
        "# AVOIR N° AV-2024-007",
        "Date : 20/03/2024",
        "Avoir sur facture n° F-2024-118 du 05/03/2024",
        "Facture d'origine : F-2024-118",
        ...BODY,
      ]),
    ).toBe("credit-note");
    expect(
      typeOf(["Durand Ltd", "# CREDIT NOTE", "Credit note number: CN-88", "Related invoice: INV-1200", "This credit note cancels invoice INV-1200.", ...BODY]),
    ).toBe("credit-note");
  });

  it("reads a delivery note that mentions the invoice to come as other", () => {
    expect(
      typeOf(["Atelier Durand SARL", "# BON DE LIVRAISON N° BL-552", "Commande n° 4411", "Article   Quantité livrée", "Vis M6    200", "La facture suivra par courrier."]),
    ).toBe("other");
  });

  it("classifies a document without any invoice signal as other, with the words at the bottom not mattering much", () => {
    expect(typeOf(["Compte rendu de réunion", "Présents : A. Martin, B. Leroy", "Ordre du jour : budget 2024"])).toBe("other");
    expect(typeOf(["Relevé de compte", "Solde au 31/01/2024 : 1 200,00 €"])).toBe("other");
  });

  it("uses the title's size and position rather than the first keyword met", () => {
    // A purchase order whose small header line mentions an invoice address.
    const result = typeOf(["Adresse de facture : 4 rue Neuve, Lille", "# PURCHASE ORDER", "PO number: 7781", "Please send the invoice to accounts@example.com", ...BODY]);
    expect(result).toBe("other");
    const invoiceWithoutTitle = typeOf(["Durand Ltd", "Invoice No. INV-2024-88", "Invoice date: 5 March 2024", "Due date: 4 April 2024", "Amount due: £1,200.00"]);
    expect(invoiceWithoutTitle).toBe("invoice");
  });

  it("reports a low confidence when the signals conflict", () => {
    const result = classifyDocumentType(doc(["Facture", "Devis"]));
    expect(result.confidence).toBeLessThan(0.6);
  });
});
