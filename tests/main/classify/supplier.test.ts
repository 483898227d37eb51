import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { InvoiceFields } from "../../../shared/invoice.js";
import type { IndexedKind, KnownSupplier } from "../../../main/classify/index.js";
import {
  emptySupplierProfile,
  extractInvoiceFields,
  learnCorrection,
  matchSupplier,
  NAME_SIMILARITY_THRESHOLD,
  nameSimilarity,
  normaliseCompanyName,
  parseSupplierProfile,
} from "../../../main/classify/index.js";
import { doc } from "./pages.js";

/** Stands in for the vault's blind index: an HMAC over the normalised value. */
const keyOf = (kind: IndexedKind, value: string): string => createHmac("sha256", "test-index-key").update(`${kind}:${value}`).digest("hex");

const NO_FIELDS: InvoiceFields = {
  invoiceNumber: null, issueDate: null, dueDate: null, currency: null, totalNet: null, totalTax: null, totalGross: null,
  sellerName: null, sellerVat: null, sellerSiret: null, iban: null, bic: null,
};

describe("matchSupplier", () => {
  const known: KnownSupplier[] = [
    { id: "s-acme", name: "ACME SARL", vatIndexKey: keyOf("vat", "FR40303265045") },
    { id: "s-lenoir", name: "Imprimerie Lenoir", siretIndexKey: keyOf("siret", "73282932000074") },
    { id: "s-bank", name: "Factor & Co", ibanIndexKey: keyOf("iban", "FR7630006000011234567890189") },
    { id: "s-muller", name: "Müller GmbH" },
  ];

  it("matches by VAT, then SIRET, then IBAN, through the blind index", () => {
    expect(matchSupplier({ ...NO_FIELDS, sellerVat: "FR40303265045", sellerSiret: "73282932000074" }, known, keyOf)).toEqual({ id: "s-acme", by: "vat" });
    expect(matchSupplier({ ...NO_FIELDS, sellerVat: "FR00000000000", sellerSiret: "732 829 320 00074" }, known, keyOf)).toEqual({ id: "s-lenoir", by: "siret" });
    expect(matchSupplier({ ...NO_FIELDS, iban: "FR76 3000 6000 0112 3456 7890 189" }, known, keyOf)).toEqual({ id: "s-bank", by: "iban" });
  });

  it("matches a misread identifier through the readings that pass its checksum, when one known supplier has one", () => {
    // One digit misread: the checksum fails, and one of its passing readings is a known supplier's.
    expect(matchSupplier({ ...NO_FIELDS, sellerSiret: "73282932000075" }, known, keyOf)).toEqual({ id: "s-lenoir", by: "siret" });
    expect(matchSupplier({ ...NO_FIELDS, sellerVat: "FR4O3O3265045" }, known, keyOf)).toEqual({ id: "s-acme", by: "vat" });
    expect(matchSupplier({ ...NO_FIELDS, iban: "FR7630006000011234567890188" }, known, keyOf)).toEqual({ id: "s-bank", by: "iban" });
    // A valid identifier is what it says: a new supplier's SIRET near a known one matches nothing.
    expect(matchSupplier({ ...NO_FIELDS, sellerSiret: "73282932000033" }, known, keyOf)).toBeNull();
  });

  it("matches an OCR-damaged name by similarity above a safe threshold, to one clearly nearest supplier", () => {
    const suppliers: KnownSupplier[] = [
      { id: "s-bayside", name: "Bayside Cloud Services LLC" },
      { id: "s-harbour", name: "Harbour Freight Logistics plc" },
      { id: "s-villard", name: "Transports Villard" },
      { id: "s-villars", name: "Transports Villars" },
      { id: "s-acme", name: "Acme" },
    ];
    expect(nameSimilarity("bayside cloud services le", "bayside cloud services")).toBeGreaterThan(NAME_SIMILARITY_THRESHOLD);
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Bayside Cloud Services Le" }, suppliers, keyOf)).toEqual({ id: "s-bayside", by: "name" });
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Bayside Cloud Servicés, LLC" }, suppliers, keyOf)).toEqual({ id: "s-bayside", by: "name" });
    // Too far: a lost word is not a match.
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Eh Freight Logistics plc" }, suppliers, keyOf)).toBeNull();
    // Two suppliers equally near: no guess.
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Transports Villarc" }, suppliers, keyOf)).toBeNull();
    // Short names must match exactly.
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Acne" }, suppliers, keyOf)).toBeNull();
  });

  it("falls back to the name, ignoring case, accents and legal forms", () => {
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "MULLER G.m.b.H." }, known, keyOf)).toEqual({ id: "s-muller", by: "name" });
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Acme S.A.R.L" }, known, keyOf)).toEqual({ id: "s-acme", by: "name" });
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Acme Industries" }, known, keyOf)).toBeNull();
    expect(normaliseCompanyName("Société Générale de Peinture SAS")).toBe("generale de peinture");
    expect(normaliseCompanyName("Northwind Trading Ltd.")).toBe(normaliseCompanyName("NORTHWIND TRADING LIMITED"));
  });
});

/** One supplier's layout: the invoice number follows "Pièce comptable", and "Numéro" is the customer's number. */
function quirkyInvoice(piece: string, customerNumber: string, due: string, gross: string): string[] {
  return [
    "# Transports Villard SAS",
    "ZI des Glaises, 38000 Grenoble",
    "# FACTURE",
    `Numéro : ${customerNumber}                     Pièce comptable : ${piece}`,
    "Date : 02/04/2024",
    `Valeur : ${due}`,
    "Total HT        100,00 €",
    "TVA 20 %         20,00 €",
    `Total TTC       ${gross} €`,
  ];
}

describe("learning from a correction", () => {
  it("gets the next invoice of the same layout right where the generic rules were wrong", () => {
    const first = doc(quirkyInvoice("D/2024/118", "4711", "02/05/2024", "120,00"));
    const before = extractInvoiceFields(first);
    expect(before.fields.invoiceNumber).toBe("4711"); // the generic rules take the customer number
    expect(before.fields.dueDate).toBeNull(); // "Valeur" is no due-date label

    let profile = emptySupplierProfile("s-villard");
    profile = learnCorrection(profile, first, "invoiceNumber", "D/2024/118");
    profile = learnCorrection(profile, first, "dueDate", "2024-05-02");
    expect(profile.hints.invoiceNumber).toMatchObject({ label: "piece comptable", place: "inline" });
    expect(profile.corrections).toBe(2);

    const next = doc(quirkyInvoice("D/2024/131", "4711", "17/05/2024", "120,00"));
    expect(extractInvoiceFields(next).fields.invoiceNumber).toBe("4711");
    const learnt = extractInvoiceFields(next, { profile });
    expect(learnt.fields.invoiceNumber).toBe("D/2024/131");
    expect(learnt.fields.dueDate).toBe("2024-05-17");
    expect(learnt.fields.totalGross).toBe("120.00");
  });

  it("learns a value that has no label from its position on the page", () => {
    const layout = (total: string): string[] => ["# Garage Central", "# FACTURE N° 55", "Date : 02/04/2024", "", `                                                  ${total} €`];
    const first = doc(layout("480,00"));
    expect(extractInvoiceFields(first).fields.totalGross).toBeNull();
    const profile = learnCorrection(emptySupplierProfile(), first, "totalGross", "480.00");
    expect(profile.hints.totalGross?.label).toBeNull();
    expect(extractInvoiceFields(doc(layout("515,50")), { profile }).fields.totalGross).toBe("515.50");
  });

  it("learns the supplier's day/month order from a corrected date", () => {
    const layout = (date: string): string[] => ["# Widgets Co", "# INVOICE", "Invoice No: 9", `Invoice date: ${date}`];
    const first = doc(layout("03/05/2024"));
    expect(extractInvoiceFields(first).fields.issueDate).toBe("2024-05-03");
    const profile = learnCorrection(emptySupplierProfile(), first, "issueDate", "2024-03-05");
    expect(profile.dateOrder).toBe("MDY");
    expect(extractInvoiceFields(doc(layout("04/06/2024")), { profile }).fields.issueDate).toBe("2024-04-06");
  });

  it("stores a plain JSON profile that holds labels and positions, not the values", () => {
    const first = doc(quirkyInvoice("D/2024/118", "4711", "02/05/2024", "120,00"));
    const profile = learnCorrection(emptySupplierProfile("s-villard"), first, "invoiceNumber", "D/2024/118");
    const json: unknown = JSON.parse(JSON.stringify(profile));
    const parsed = parseSupplierProfile(json);
    expect(parsed).toEqual({ ok: true, profile });
    expect(JSON.stringify(profile)).not.toContain("D/2024/118");
    expect(parseSupplierProfile({ version: 2 }).ok).toBe(false);
  });

  it("leaves the profile's hints alone when the corrected value is not on the page", () => {
    const first = doc(quirkyInvoice("D/2024/118", "4711", "02/05/2024", "120,00"));
    const profile = learnCorrection(emptySupplierProfile(), first, "invoiceNumber", "ZZ-999");
    expect(profile.hints).toEqual({});
  });
});
