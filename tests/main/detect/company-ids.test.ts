import { describe, expect, it } from "vitest";
import { detect, found } from "./helpers.js";

describe("SIREN and SIRET", () => {
  it("finds a SIRET after its label, spaced or not, and a SIREN after RCS", () => {
    expect(found(["SIRET : 552 100 554 00013"], "siret")).toEqual(["55210055400013"]);
    expect(found(["N° SIRET 55210055400013"], "siret")).toEqual(["55210055400013"]);
    // The label glued to the first group by a colon, the last two groups run together by a scan.
    expect(found(["Sophie Martin, Entrepreneur individuel - SIRET:.552 100 55400013"], "siret")).toEqual(["55210055400013"]);
    expect(found(["Sophie Martin, Entrepreneur individuel - REF:.552 100 55400013"], "siret")).toEqual([]);
    expect(found(["RCS Paris B 552 100 554"], "siren")).toEqual(["552100554"]);
    expect(found(["SIREN : 732829320"], "siren")).toEqual(["732829320"]);
  });

  it("accepts La Poste's SIRETs (SIREN 356000000, digit sum a multiple of 5), not its near misses", () => {
    expect(found(["SIRET : 356 000 000 49837"], "siret")).toEqual(["35600000049837"]);
    expect(found(["SIRET : 356 000 000 49838"], "siret")).toEqual([]);
  });

  it("rejects a wrong Luhn digit and a SIREN without a label", () => {
    expect(found(["SIRET : 552 100 554 00014"], "siret")).toEqual([]);
    expect(found(["RCS Paris B 552 100 555"], "siren")).toEqual([]);
    expect(found(["Commande 552 100 554"], "siren")).toEqual([]);
  });

  it("does not report the SIREN inside a SIRET or a VAT number again, unless printed on its own", () => {
    expect(detect(["SIRET : 552 100 554 00013 - TVA : FR96 552 100 554"]).map((finding) => finding.type)).toEqual(["siret", "vat"]);
    expect(detect(["SIRET : 552 100 554 00013", "RCS Nanterre B 552 100 554"]).map((finding) => finding.type)).toEqual(["siret", "siren"]);
  });

  it("repairs OCR confusions when Luhn then passes", () => {
    expect(found(["SIRET : 552 1OO 554 00013"], "siret", { source: "ocr" })).toEqual(["55210055400013"]);
  });
});

describe("VAT numbers", () => {
  it("checks the French key against the SIREN", () => {
    expect(found(["TVA intracommunautaire : FR96552100554"], "vat")).toEqual(["FR96552100554"]);
    expect(found(["N° TVA : FR 96 552 100 554"], "vat")).toEqual(["FR96552100554"]);
    expect(found(["N° TVA : FR97552100554"], "vat")).toEqual([]);
  });

  it("validates EU, UK and Swiss numbers with stdnum", () => {
    expect(found(["USt-IdNr. : DE136695976"], "vat")).toEqual(["DE136695976"]);
    expect(found(["VAT No.: DE136695977"], "vat")).toEqual([]);
    expect(found(["TVA : CHE-116.281.710 MWST"], "vat")).toEqual(["CHE116281710MWST"]);
  });

  it("repairs an OCR'd French VAT number only when its key then matches", () => {
    expect(found(["TVA : FR96 552 1OO 554"], "vat", { source: "ocr" })).toEqual(["FR96552100554"]);
    expect(found(["TVA : FR96 552 1OO 555"], "vat", { source: "ocr" })).toEqual([]);
  });
});
