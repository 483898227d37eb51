import { describe, expect, it } from "vitest";
import { detect, found } from "./helpers.js";

describe("payment cards", () => {
  it("finds Visa, Mastercard and Amex numbers (IIN, length, Luhn)", () => {
    expect(found(["Payé par carte VISA 4970 1012 3456 7893"], "card")).toEqual(["4970101234567893"]);
    expect(found(["Card payment MASTERCARD 5131 0000 0000 0001"], "card")).toEqual(["5131000000000001"]);
    expect(found(["AMEX 3782 822463 10005"], "card")).toEqual(["378282246310005"]);
  });

  it("rejects a bad Luhn digit, an unknown IIN and a long invoice number as checked cards", () => {
    // Right after a card word they are only suspected (low confidence): a card number is redacted, and
    // OCR garbles digits past the checksum (see ocr-splits.test.ts).
    for (const line of ["Payé par carte 4970 1012 3456 7894", "Carte 9970 1012 3456 7893"]) {
      expect(detect([line]).filter((finding) => finding.type === "card").map((finding) => finding.confidence)).toEqual([0.5]);
    }
    // 16 digits that happen to pass Luhn with a Visa prefix, but printed as a reference without a card word.
    expect(found(["Facture n° 4970101234567893"], "card")).toEqual([]);
  });

  it("never reports an IBAN's digits as a card", () => {
    expect(detect(["IBAN : FR76 3000 6000 0112 3456 7890 189"]).map((finding) => finding.type)).toEqual(["iban"]);
  });
});

describe("NIR (French social security number)", () => {
  it("checks the 97 key, spaced or compact", () => {
    expect(found(["N° de sécurité sociale : 1 85 07 75 123 456 08"], "nir")).toEqual(["185077512345608"]);
    expect(found(["NIR patient : 185077512345608"], "nir")).toEqual(["185077512345608"]);
    expect(found(["N° de sécurité sociale : 1 85 07 75 123 456 09"], "nir")).toEqual([]);
  });

  it("counts Corsica's 2A / 2B as 19 / 18 for the key", () => {
    expect(found(["N° SS du bénéficiaire : 2 95 10 2A 123 456 58"], "nir")).toEqual(["295102A12345658"]);
    expect(found(["N° SS du bénéficiaire : 2 95 10 2B 123 456 85"], "nir")).toEqual(["295102B12345685"]);
    expect(found(["N° SS du bénéficiaire : 2 95 10 2B 123 456 58"], "nir")).toEqual([]);
    // OCR read the B of 2B as an 8.
    expect(found(["N° SS du bénéficiaire : 2 95 10 28 123 456 85"], "nir", { source: "ocr" })).toEqual(["295102B12345685"]);
  });

  it("rejects an impossible sex digit or month", () => {
    expect(found(["NIR : 585077512345608"], "nir")).toEqual([]);
    expect(found(["NIR : 185137512345608"], "nir")).toEqual([]);
  });
});
