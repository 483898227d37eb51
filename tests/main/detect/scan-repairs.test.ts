/**
 * Repairs of values a degraded scan damaged, each backed by a checksum or by evidence on the same page
 * (bench:detect tuning seed 77; seed 4242 is never looked at). Text built here, in the shape OCR gave it.
 */
import { describe, expect, it } from "vitest";
import { found } from "./helpers.js";

const ocr = { source: "ocr" } as const;

describe("a SIRET with characters a scan made unreadable", () => {
  it("is taken when its SIREN is one character off the page's VAT number and Luhn fixes the last unknown digit", () => {
    // "§" for the 8, "p" for a 0; the VAT number FR90 854 437 233 proves the SIREN.
    expect(found(["SIRET: §5443723300p42 - VAT ID: FR9085443 7233"], "siret", ocr)).toEqual(["85443723300042"]);
    expect(found(["SIRET : 854 437 233 00p42", "N° TVA : FR90854437233"], "siret", ocr)).toEqual(["85443723300042"]);
  });

  it("is not guessed without a SIREN the page proves, nor with two unknowns in the establishment number", () => {
    expect(found(["SIRET: §5443723300p42"], "siret", ocr)).toEqual([]);
    expect(found(["SIRET: 854437233p0p42 - VAT ID: FR9085443 7233"], "siret", ocr)).toEqual([]);
    // Three characters wrong or unreadable: too many.
    expect(found(["SIRET: §5443§23300p42 - VAT ID: FR9085443 7233"], "siret", ocr)).toEqual([]);
    // Another company's SIREN on the page is no evidence for this one.
    expect(found(["SIRET: §1234567800p42 - VAT ID: FR9085443 7233"], "siret", ocr)).toEqual([]);
  });
});

describe("an email domain whose letters a scan split or merged", () => {
  it("takes the page's word when the scan read 'n' as 'rt' (or 'm' as 'rn')", () => {
    expect(found(["Hôtel des Cygnes", "Email : accounts@hotel-cygrtes. fr"], "email", ocr)).toEqual(["accounts@hotel-cygnes.fr"]);
    expect(found(["Plomberie Lemaire", "contact@plornberie-lemaire.fr"], "email", ocr)).toEqual(["contact@plomberie-lemaire.fr"]);
  });

  it("leaves the domain as read when no page word folds to it", () => {
    expect(found(["Hôtel des Lacs", "Email : accounts@hotel-cygrtes. fr"], "email", ocr)).toEqual(["accounts@hotel-cygrtes.fr"]);
  });
});

describe("a French phone number with a stray letter in a pair", () => {
  it("drops a letter a scan added to one group, when the pairs are then whole and the number valid", () => {
    expect(found(["Tél. : 02 54 52 97 B88 . : ."], "phone", ocr)).toEqual(["+33254529788"]);
    expect(found(["Tél : 01 42 S68 53 00"], "phone", ocr)).toEqual(["+33142685300"]);
  });

  it("needs the phone label, one odd group only, and a valid number", () => {
    expect(found(["Réf. 02 54 52 97 B88"], "phone", ocr)).toEqual([]);
    expect(found(["Tél. : 02 54 B52 97 B88"], "phone", ocr)).toEqual([]);
    expect(found(["Tél. : 00 54 52 97 B88"], "phone", ocr)).toEqual([]);
  });
});

describe("an industrial zone's 'ZI' read as a house number", () => {
  it("reads '21 des Glaises, 4 allée Nord' as the ZI it is", () => {
    expect(found(["21 des Glaises, 4 allée Nord", "91120 Palaiseau"], "address", ocr)).toEqual(["ZI des Glaises, 4 allée Nord, 91120 Palaiseau"]);
  });

  it("keeps a real house number: a street word after it, or no second number", () => {
    expect(found(["21 rue des Glaises, 4e étage", "91120 Palaiseau"], "address", ocr)).toEqual(["21 rue des Glaises, 4e étage, 91120 Palaiseau"]);
    expect(found(["21 des Glaises", "91120 Palaiseau"], "address", ocr)).toEqual(["21 des Glaises, 91120 Palaiseau"]);
  });
});
