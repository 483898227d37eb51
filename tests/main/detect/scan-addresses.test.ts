/**
 * Address lines a degraded scan marked (bench:detect tuning seeds 91 and 123; lines as the OCR gave them;
 * seed 4242 is never looked at).
 */
import { describe, expect, it } from "vitest";
import { found } from "./helpers.js";

const ocr = { source: "ocr" } as const;

describe("address lines a scan marked", () => {
  it("separates a house number glued to the street word after it", () => {
    expect(found(["“ 8boulevard Carnot.", "- 21000 Dijon"], "address", ocr)).toEqual(["8 boulevard Carnot, 21000 Dijon"]);
    expect(found(["- 1rue du Lac .", "- 74000 Annecy"], "address", ocr)).toEqual(["1 rue du Lac, 74000 Annecy"]);
  });

  it("reads a postcode with one letter for a digit, and drops a leading '+'", () => {
    expect(found(["19 rue des Lilas", "- 3150Q Toulouse"], "address", ocr)).toEqual(["19 rue des Lilas, 31500 Toulouse"]);
    expect(found(["“ Korenmarkt 8", "+ 9000 Gent", "+ ‘Belgique"], "address", ocr)).toEqual(["Korenmarkt 8, 9000 Gent, Belgique"]);
  });

  it("joins a postcode the scan cut in two on a one-line address, and reads ß read as 'lR' or 'fg'", () => {
    expect(found(["48 avenue Jean Jaures, 3 1000 Toulouse"], "address", ocr)).toEqual(["48 avenue Jean Jaures, 31000 Toulouse"]);
    expect(found(["FriedrichstralRe 120 -", "10117 Berlin"], "address", ocr)).toEqual(["Friedrichstraße 120, 10117 Berlin"]);
    expect(found(["Friedrichstrafge 120", "10117 Berlin"], "address", ocr)).toEqual(["Friedrichstraße 120, 10117 Berlin"]);
  });

  it("leaves a postcode with two letters, and a number that is no house number, alone", () => {
    expect(found(["19 rue des Lilas", "- 31SOQ Toulouse"], "address", ocr)).toEqual([]);
    expect(found(["Quantité 12", "3 1000 Articles"], "address", ocr)).toEqual([]);
  });
});
