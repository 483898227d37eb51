import { describe, expect, it } from "vitest";
import { detectSensitive } from "../../../main/detect/index.js";
import { doc, pageFromLines } from "../classify/pages.js";
import { detect, found } from "./helpers.js";

const IBAN_FR = "FR7630006000011234567890189";

describe("IBAN", () => {
  it("finds IBANs of several countries, grouped by four or compact, with boxes over their words", () => {
    const findings = detect(["IBAN : FR76 3000 6000 0112 3456 7890 189", "IBAN: DE89370400440532013000", "IBAN GB29 NWBK 6016 1331 9268 19"]);
    const ibans = findings.filter((finding) => finding.type === "iban");
    expect(ibans.map((finding) => finding.normalized)).toEqual([IBAN_FR, "DE89370400440532013000", "GB29NWBK60161331926819"]);
    expect(ibans[0]).toMatchObject({ value: "FR76 3000 6000 0112 3456 7890 189", page: 1, wordIndexes: [2, 3, 4, 5, 6, 7, 8], field: null });
    expect(ibans[0]?.bbox).toEqual([36 + 7 * 6, 36, 36 + 40 * 6, 46]);
    // The RIB inside a French IBAN is not reported again, nor any piece of it as a card.
    expect(findings.filter((finding) => finding.type !== "iban")).toEqual([]);
  });

  it("follows an IBAN split over two lines and over odd word breaks", () => {
    expect(found(["IBAN : FR76 3000 6000 0112", "3456 7890 189"], "iban")).toEqual([IBAN_FR]);
    expect(found(["IBAN FR7630 0060000 112345678 90189"], "iban")).toEqual([IBAN_FR]);
  });

  it("repairs OCR confusions only when mod 97 then passes", () => {
    const repaired = detect(["IBAN : FR76 3OO0 6000 0112 3456 7B90 189"], { source: "ocr" }).filter((finding) => finding.type === "iban");
    expect(repaired.map((finding) => [finding.normalized, finding.value])).toEqual([[IBAN_FR, "FR76 3OO0 6000 0112 3456 7B90 189"]]);
    expect(repaired[0]?.confidence).toBeLessThan(0.9);
  });

  it("reports no near miss: a wrong digit, swapped digits, or a character no confusion explains", () => {
    expect(found(["IBAN : FR76 3000 6000 0112 3456 7890 188"], "iban")).toEqual([]);
    expect(found(["IBAN : FR76 3000 6000 0112 3456 7809 189"], "iban")).toEqual([]);
    expect(found(["IBAN : FR76 3000 6000 0112 3456 7?90 189"], "iban")).toEqual([]);
    // Two unrelated guesses (a confusable letter AND a wrong digit) are not made.
    expect(found(["IBAN : FR76 3O00 6000 0112 3456 7890 188"], "iban")).toEqual([]);
  });
});

describe("RIB", () => {
  it("finds a RIB in four groups and one written with its labels, checked with the RIB key", () => {
    expect(found(["RIB : 30006 00001 12345678901 89"], "rib")).toEqual(["30006000011234567890189"]);
    const labelled = detect(["Banque 30006 Guichet 00001 Compte 12345678901 Clé 89"]).filter((finding) => finding.type === "rib");
    expect(labelled.map((finding) => [finding.normalized, finding.value])).toEqual([["30006000011234567890189", "Banque 30006 Guichet 00001 Compte 12345678901 Clé 89"]]);
  });

  it("converts the account's letters per the RIB rule (A = 1), and rejects a wrong key", () => {
    expect(found(["RIB : 30006 00001 1234567890A 89"], "rib")).toEqual(["30006000011234567890A89"]);
    expect(found(["RIB : 30006 00001 12345678901 88"], "rib")).toEqual([]);
  });
});

describe("IBAN read again from the page's RIB", () => {
  it("masks a French IBAN that fails mod 97 by one digit as the IBAN the page's checked RIB makes", () => {
    const findings = detect(["IBAN : FR76 3000 6000 0112 3456 7890 188", "RIB : 30006 00001 12345678901 89"], { source: "ocr" });
    const ibans = findings.filter((finding) => finding.type === "iban");
    expect(ibans.map((finding) => [finding.normalized, finding.value])).toEqual([[IBAN_FR, "FR76 3000 6000 0112 3456 7890 188"]]);
    // No RIB, or a RIB whose key fails: the near miss is no IBAN (above: no near miss is reported).
    expect(found(["IBAN : FR76 3000 6000 0112 3456 7890 188", "RIB : 30006 00001 12345678901 88"], "iban", { source: "ocr" })).toEqual([]);
  });
});

describe("BIC", () => {
  it("takes a BIC after its label or next to an IBAN of its country", () => {
    expect(found(["BIC / SWIFT : BNPAFRPPXXX"], "bic")).toEqual(["BNPAFRPPXXX"]);
    expect(found(["Code BIC : SOGEFRPP"], "bic")).toEqual(["SOGEFRPP"]);
    expect(found(["IBAN : FR76 3000 6000 0112 3456 7890 189", "SOGEFRPP"], "bic")).toEqual(["SOGEFRPP"]);
  });

  it("ignores BIC-shaped ordinary words", () => {
    expect(found(["LIVRAISON GRATUITE", "REMARQUE IMPORTANTE", "BANCAIRE"], "bic")).toEqual([]);
  });
});

describe("multi-page documents", () => {
  it("reports each page's occurrence on its own page", () => {
    const pages = [pageFromLines(["IBAN : FR76 3000 6000 0112 3456 7890 189"]), pageFromLines(["Rappel IBAN : FR7630006000011234567890189"], { page: 2 })];
    expect(detectSensitive(pages).map((finding) => [finding.type, finding.page])).toEqual([
      ["iban", 1],
      ["iban", 2],
    ]);
    expect(detectSensitive(doc([]))).toEqual([]);
  });
});
