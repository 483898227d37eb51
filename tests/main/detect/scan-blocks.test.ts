/**
 * Names, addresses and phone numbers in the shape a scan gave them (bench:detect tuning seed 77; seed
 * 4242 is never looked at), with other values.
 */
import { describe, expect, it } from "vitest";
import { cleanAddressLine } from "../../../main/detect/addresses.js";
import { found } from "./helpers.js";

const ocr = { source: "ocr" } as const;

describe("names of natural persons on a scan", () => {
  it("reads a space read as an apostrophe, and a bar inside 'Entrepreneur individuel'", () => {
    expect(found(["Account manager: Céline'Garnier - celine.garnier@vigie-securite.fr"], "person")).toEqual(["Céline'Garnier"]);
    expect(found(["Paul Girard, Entrepreneur | individuel (EI) - SIRET : 346 033 301 00067"], "person")).toEqual(["Paul Girard"]);
    // An apostrophe inside a name stays part of it; a lower-case word after one is no second name.
    expect(found(["Attn: Oliver O'Brien"], "person")).toEqual(["Oliver O'Brien"]);
    expect(found(["Contact : Jean'dupont"], "person")).toEqual([]);
  });

  it("takes a customer heading with a scan's quotes, and a name whose hyphen the scan spaced", () => {
    expect(found(['"INVOICE TO', "Paul Girard", "141 avenue de la Libération"], "person", ocr)).toEqual(["Paul Girard"]);
    expect(found(["ADRESSE DE ‘FACTURATION:", "Anne-Sophie Roy", "7 rue des Lilas"], "person", ocr)).toEqual(["Anne-Sophie Roy"]);
    expect(found(["Adresse de facturation", "Anne- Sophie Roy", "7 rue des Lilas"], "person", ocr)).toEqual(["Anne-Sophie Roy"]);
    expect(found(["Adresse de facturation", "Atelier Boréal SAS"], "person", ocr)).toEqual([]);
  });

  it("takes the name in the next segment of the line when a wide gap parts it from its label", () => {
    expect(found(["Votre contact           Olivier Roche"], "person")).toEqual(["Olivier Roche"]);
    expect(found(["Votre contact           Montant TTC"], "person")).toEqual([]);
    expect(found(["Total HT                Olivier Roche"], "person")).toEqual([]);
  });

  it("takes a name alone right above a street line and a postcode + city line, in the same font size", () => {
    expect(found(["| OR", "Anne-Sophie Roy", "- 7 résidence Les Tilleuls, appt 12 -", "20200 Bastia"], "person", ocr)).toEqual(["Anne-Sophie Roy"]);
    // A letterhead's name is printed bigger; an organisation is not a person; a label is the label rules' business.
    expect(found(["| OR", "# Paul Girard", "12 rue des Tanneurs", "69002 Lyon"], "person", ocr)).toEqual([]);
    // Nothing above it: a letterhead (a supplier's name without a legal form).
    expect(found(["Alpes Fournitures Industrielles", "3 rue Lavoisier", "38000 Grenoble"], "person", ocr)).toEqual([]);
    expect(found(["Lumen Architectes SARL", "63 quai de la Fosse", "44100 Nantes"], "person", ocr)).toEqual([]);
    expect(found(["Attn: Chloé Marchand", "19 rue des Lilas", "31500 Toulouse"], "person", ocr)).toEqual(["Chloé Marchand"]);
    // Without the address under it, a capitalised pair is not a name.
    expect(found(["Anne-Sophie Roy", "Désignation Quantité"], "person", ocr)).toEqual([]);
  });
});

describe("addresses on a scan", () => {
  it("cleans a line's ends, a bar read for I, a postcode glued by a hyphen and a misread ß", () => {
    expect(cleanAddressLine("‘Rue Neuve 45,")).toBe("Rue Neuve 45");
    expect(cleanAddressLine(": 31500 Toulouse")).toBe("31500 Toulouse");
    expect(cleanAddressLine("31500-Toulouse")).toBe("31500 Toulouse");
    expect(cleanAddressLine("Z| des Glaises, 4 allée Nord")).toBe("ZI des Glaises, 4 allée Nord");
    expect(cleanAddressLine("Friedrichstral3e 120")).toBe("Friedrichstraße 120");
    expect(cleanAddressLine("Deutschland .- -")).toBe("Deutschland");
    expect(cleanAddressLine("Calle de Alcalá 200, 28028 Madrid, España ©")).toBe("Calle de Alcalá 200, 28028 Madrid, España");
    expect(cleanAddressLine("12 rue des Tanneurs")).toBe("12 rue des Tanneurs");
  });

  it("finds the address those lines make, on one line with a colon for a comma too", () => {
    expect(found(["Attn: Chloé Marchand", "19 rue des Lilas", ":31500-Toulouse"], "address", ocr)).toEqual(["19 rue des Lilas, 31500 Toulouse"]);
    expect(found(["FriedrichstraRe 120", "10117 Berlin", "Deutschland .- -"], "address", ocr)).toEqual(["Friedrichstraße 120, 10117 Berlin, Deutschland"]);
    expect(found(["150 promenade des Anglais: 06200 Nice."], "address", ocr)).toEqual(["150 promenade des Anglais, 06200 Nice"]);
    expect(found(["Total : 06200 Nice"], "address", ocr)).toEqual([]);
  });
});

describe("phone numbers on a scan", () => {
  it("reads a quote or a degree sign between digit groups as the space it is", () => {
    expect(found(["Phone: +32 9 283'51 88 *"], "phone")).toEqual(["+3292835188"]);
    expect(found(["Tél. : 01 42°68 53 00"], "phone")).toEqual(["+33142685300"]);
    expect(found(["Réf. 12'34"], "phone")).toEqual([]);
  });
});
