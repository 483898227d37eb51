import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { InvoiceFields } from "../../../shared/invoice.js";
import type { IndexedKind, KnownSupplier } from "../../../main/classify/index.js";
import {
  emptySupplierProfile,
  extractInvoiceFields,
  indexValueOf,
  learnCorrection,
  matchSupplier,
  NAME_SIMILARITY_THRESHOLD,
  nameSimilarity,
  normaliseCompanyName,
  parseSupplierProfile,
} from "../../../main/classify/index.js";
import { doc } from "./pages.js";
import { sellerEvidence } from "../../../main/classify/evidence.js";
import type { EvidenceKeyKind, MatchEvidence } from "../../../main/classify/supplier.js";
import { domainSpellsName, evidenceKeysOf, matchingReadings, sharedWordShare } from "../../../main/classify/supplier.js";

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

/** Stands in for the vault's blind index of a clue. */
const clueKeyOf = (kind: EvidenceKeyKind, value: string): string => createHmac("sha256", "test-index-key").update(`clue:${kind}:${value}`).digest("hex");
const clues = (lines: string[]): MatchEvidence => ({ evidence: sellerEvidence(doc(lines, { source: "ocr" })), keyOf: clueKeyOf });

/** A supplier learnt from a born-digital invoice: its identifiers' indexes and its clue keys. */
function learnt(id: string, name: string, fields: Partial<InvoiceFields>, lines: string[]): KnownSupplier {
  const all = { ...NO_FIELDS, ...fields, sellerName: name };
  return {
    id,
    name,
    vatIndexKey: all.sellerVat ? keyOf("vat", all.sellerVat) : null,
    siretIndexKey: all.sellerSiret ? keyOf("siret", all.sellerSiret) : null,
    ibanIndexKey: all.iban ? keyOf("iban", all.iban) : null,
    evidenceKeys: evidenceKeysOf(all, clues(lines)),
  };
}

describe("matchSupplier on a bad scan, and never a false merge", () => {
  const dubois = learnt("s-dubois", "Sophie Dubois Menuiserie", { sellerVat: "FR44732829320" }, [
    "# Sophie Dubois Menuiserie",
    "6 route de Chartres, 28000 Chartres",
    "Phone: +33 (0)5 31 85 20 51",
    "contact@dubois-menuiserie.fr",
  ]);
  const villard = learnt("s-villard", "Transports Villard SAS", { sellerVat: "FR40303265045" }, ["# Transports Villard SAS", "ZI des Glaises, 38000 Grenoble", "Tél. : 04 76 11 22 33"]);

  it("keeps two suppliers with near names apart when the document shows another valid VAT number or SIRET", () => {
    // "Transports Villars" is 0.94 alike "Transports Villard": by name alone it would be merged.
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Transports Villars SAS" }, [villard], keyOf)).toEqual({ id: "s-villard", by: "name" });
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Transports Villars SAS", sellerVat: "FR44732829320" }, [villard], keyOf)).toBeNull();
    // Even the same name: two companies may share one; their registry numbers tell them apart.
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Transports Villard", sellerSiret: "73282932000074" }, [{ ...villard, siretIndexKey: keyOf("siret", "30326504500018") }], keyOf)).toBeNull();
  });

  it("indexes a Swiss VAT number without its language suffix, as an e-invoice and a page print it", () => {
    const swiss: KnownSupplier = { id: "s-leman", name: "Lac Précision SA", vatIndexKey: keyOf("vat", indexValueOf("vat", "CHE-283.107.085 TVA")) };
    expect(matchSupplier({ ...NO_FIELDS, sellerVat: "CHE283107085MWST" }, [swiss], keyOf)).toEqual({ id: "s-leman", by: "vat" });
  });

  it("keeps a near-named supplier apart when the document's phone is another known supplier's", () => {
    const villars = learnt("s-villars", "Transports Vilars", {}, ["# Transports Vilars", "Tél. : 04 76 99 88 77"]);
    const name = { ...NO_FIELDS, sellerName: "Transports Villars" };
    // By name alone "Transports Villars" is nearest to Villard (no ids on the page to tell them apart)...
    expect(matchSupplier(name, [villard, { ...villars, name: "Autocars Vilars" }], keyOf)).toEqual({ id: "s-villard", by: "name" });
    // ...but its phone is the one another supplier showed: no merge into Villard.
    expect(matchSupplier(name, [villard, { ...villars, name: "Autocars Vilars" }], keyOf, clues(["Transports Villars", "Tél. : 04 76 99 88 77"]))).not.toEqual({ id: "s-villard", by: "name" });
  });

  it("recognises a supplier by the SIREN of a valid SIRET when it is known by its French VAT number", () => {
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Menuiserie", sellerSiret: "73282932000074" }, [villard, dubois], keyOf)).toEqual({ id: "s-dubois", by: "siren" });
  });

  it("recognises an identifier that lost a digit or gained one, through a known supplier's index only", () => {
    expect(matchingReadings("vat", "FR4473282932")).toContain("FR44732829320");
    expect(matchSupplier({ ...NO_FIELDS, sellerVat: "FR4473282932" }, [villard, dubois], keyOf)).toEqual({ id: "s-dubois", by: "vat" });
    expect(matchSupplier({ ...NO_FIELDS, sellerVat: "FR447328293208" }, [villard, dubois], keyOf)).toEqual({ id: "s-dubois", by: "vat" });
    expect(matchSupplier({ ...NO_FIELDS, sellerVat: "FR4473282932" }, [villard], keyOf)).toBeNull();
  });

  it("recognises a garbled name through a clue that survived, with a second clue", () => {
    const scan = { ...NO_FIELDS, sellerName: "sr porta Menuiserie" };
    // The name alone is too far.
    expect(matchSupplier(scan, [villard, dubois], keyOf)).toBeNull();
    // Same phone: a strong clue, and the names are half alike.
    expect(matchSupplier(scan, [villard, dubois], keyOf, clues(["sr porta Menuiserie", "‘* Phone: +33 (0)S 31 85 20 51"]))).toEqual({ id: "s-dubois", by: "evidence" });
    // The email domain spells the known name.
    expect(matchSupplier(scan, [villard, { ...dubois, evidenceKeys: [] }], keyOf, clues(["sr porta Menuiserie", "contact@dubois-menuiserie.fr"]))).toEqual({ id: "s-dubois", by: "evidence" });
    expect(domainSpellsName("dubois-menuiserie.fr", "sophie dubois menuiserie")).toBe(true);
  });

  it("does not take a postcode or a shared clue for a supplier", () => {
    // Same town, a near name, but a different valid VAT number: another company.
    const other = { ...NO_FIELDS, sellerName: "Transports Vilard", sellerVat: "FR44732829320" };
    expect(matchSupplier(other, [villard], keyOf, clues(["Transports Vilard", "ZI des Glaises, 38000 Grenoble"]))).toBeNull();
    // A postcode and a name hardly alike: no.
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Garage Central" }, [villard], keyOf, clues(["Garage Central", "2 rue Haute, 38000 Grenoble"]))).toBeNull();
    // A phone two known suppliers both hold (the customer's, read where its block was missed) counts for none.
    const shared = ["Tél. : 01 40 50 60 70"];
    const a = learnt("s-a", "Alpha Conseil", {}, shared);
    const b = learnt("s-b", "Beta Conseil", {}, shared);
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Gamma Conseil" }, [a, b], keyOf, clues(["Gamma Conseil", ...shared]))).toBeNull();
    expect(matchSupplier({ ...NO_FIELDS, sellerName: "Gamma Conseil" }, [a], keyOf, clues(["Gamma Conseil", ...shared]))).toEqual({ id: "s-a", by: "evidence" });
    expect(sharedWordShare("transports martin", "transports villard")).toBe(0.5);
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
