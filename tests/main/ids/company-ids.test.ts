import { isValidBBAN } from "ibantools";
import { describe, expect, it } from "vitest";
import { isValidSiret as classifySiret, isValidVat, readVat } from "../../../main/classify/identifiers.js";
import { isFrenchVatValid, isRibValid, isSiretValid } from "../../../main/detect/checksums.js";
import { frenchVatKey, isValidFrenchVat, isValidSiret, isValidVatNumber } from "../../../main/ids/company-ids.js";
import { isKeyCheckedRib } from "../../../main/ids/iban-of-rib.js";
import { found } from "../detect/helpers.js";

// Synthetic numbers: each passes (or fails) its checksum by construction, none is a real company's.
describe("main/ids/company-ids: SIRET", () => {
  it("is Luhn over 14 digits", () => {
    expect(isValidSiret("55210055400013")).toBe(true);
    expect(isValidSiret("55210055400014")).toBe(false);
    expect(isValidSiret("5521005540001")).toBe(false);
    expect(isValidSiret("552100554OOO13")).toBe(false);
  });

  it("La Poste: head office by Luhn, establishments by digit sum, a Luhn-only establishment refused", () => {
    expect(isValidSiret("35600000000048")).toBe(true);
    expect(isValidSiret("35600000049837")).toBe(true); // digit sum 45, fails Luhn
    expect(isValidSiret("35600000049838")).toBe(false);
    // Passes Luhn, digit sum 18: detect used to accept it, classify did not; INSEE's and stdnum's rule refuse it.
    expect(isValidSiret("35600000010013")).toBe(false);
  });

  it("classify and detect use this one rule", () => {
    expect(classifySiret).toBe(isValidSiret);
    expect(isSiretValid).toBe(isValidSiret);
  });
});

describe("main/ids/company-ids: VAT numbers", () => {
  it("French: the digit key of the SIREN, or an old letter key", () => {
    expect(frenchVatKey("303265045")).toBe("40");
    expect(frenchVatKey("494887854")).toBe("04");
    expect(isValidFrenchVat("FR40303265045")).toBe(true);
    expect(isValidFrenchVat("FR41303265045")).toBe(false);
    expect(isValidFrenchVat("FR40303265046")).toBe(false); // SIREN fails Luhn
    expect(isValidFrenchVat("FRK7399859412")).toBe(true);
    expect(isValidFrenchVat("FR4Z123456782")).toBe(true);
    expect(isValidFrenchVat("FR4Z123456783")).toBe(false);
    expect(isValidFrenchVat("FRIO303265045")).toBe(false); // I and O are no key letters
    expect(isFrenchVatValid).toBe(isValidFrenchVat);
  });

  it("other countries, with their prefix, as stdnum checks them", () => {
    for (const valid of ["DE136695976", "EL094259216", "CHE107787577IVA", "NO995525828MVA", "GB980780684", "XI980780684"]) {
      expect(isValidVatNumber(valid), valid).toBe(true);
      expect(isValidVat(valid), valid).toBe(true);
    }
    for (const invalid of ["DE136695978", "EL094259217", "CHE107787578IVA", "NO995525829MVA", "US136695976", "136695976"]) {
      expect(isValidVatNumber(invalid), invalid).toBe(false);
    }
  });

  it("a key read with a look-alike letter that also passes as its digit key is that digit key, in both readers", () => {
    // FR55… read "FRS5…": "S5" passes as an old letter key too (one key in eleven does), the digit key is meant.
    expect(isValidFrenchVat("FRS5100004654")).toBe(true);
    expect(isValidFrenchVat("FR55100004654")).toBe(true);
    expect(readVat("FRS5100004654")).toEqual({ value: "FR55100004654", valid: true, repaired: true });
    expect(found(["N° TVA : FRS5 100 004 654"], "vat", { source: "ocr" })).toEqual(["FR55100004654"]);
    // A letter key with no digit reading that passes stays as printed, in both.
    expect(readVat("FRK7399859412")).toEqual({ value: "FRK7399859412", valid: true, repaired: false });
    expect(found(["N° TVA : FRK7399859412"], "vat")).toEqual(["FRK7399859412"]);
  });
});

describe("main/ids/iban-of-rib: the RIB key", () => {
  it("is 01 to 97 as banks print it; the 00 / 98 / 99 residues ibantools alone would take fail, in both readers", () => {
    expect(isKeyCheckedRib("300040000100012345688" + "97")).toBe(true);
    expect(isKeyCheckedRib("300040000100012345720" + "01")).toBe(true);
    expect(isKeyCheckedRib("300040000100012345720" + "02")).toBe(false);
    for (const alias of ["300040000100012345688" + "00", "300040000100012345720" + "98"]) {
      expect(isValidBBAN(alias, "FR"), alias).toBe(true);
      expect(isKeyCheckedRib(alias), alias).toBe(false);
      expect(isRibValid(alias.slice(0, 5), alias.slice(5, 10), alias.slice(10, 21), alias.slice(21)), alias).toBe(false);
    }
    expect(isRibValid("30004", "00001", "00012345688", "97")).toBe(true);
  });
});
