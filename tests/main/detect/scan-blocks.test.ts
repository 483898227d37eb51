/**
 * Names, addresses and phone numbers in the shape a scan gave them (bench:detect tuning seed 77; seed
 * 4242 is never looked at), with other values.
 */
import { describe, expect, it } from "vitest";
import { cleanAddressLine } from "../../../main/detect/addresses.js";
import { detectSensitive } from "../../../main/detect/index.js";
import { layoutPage } from "../../../main/detect/layout.js";
import { pageFromLines } from "../classify/pages.js";
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

describe("more of a scan's misreadings (seed 77, documents 30-59)", () => {
  it("phone: a comma between groups of an international number, letters for digits after a phone label only, never digits glued to letters", () => {
    expect(found(["Interlocuteur : Aurélie N'Diaye - +33 2,21 43 10 31"], "phone")).toEqual(["+33221431031"]);
    expect(found(["Tél : +33 4 B0 33 70 31"], "phone")).toEqual(["+33480337031"]);
    expect(found(["Réf. +33 4 B0 33 70 31"], "phone")).toEqual([]);
    expect(found(["TVA: FRO0854437233"], "phone")).toEqual([]);
    expect(found(["Total 1 234,56 € - 2,21 43,10"], "phone")).toEqual([]);
  });

  it("email: a comma for a local dot between lower-case words, a quote for the top-level dot", () => {
    expect(found(["Your contact: Emily Garcia - emily, garcia@baysidecloud.com"], "email")).toEqual(["emily.garcia@baysidecloud.com"]);
    expect(found(["Contact : Paul, paul@baysidecloud.com"], "email")).toEqual(["paul@baysidecloud.com"]);
    expect(found(["compta@imprimerie-cadet’ fr"], "email")).toEqual(["compta@imprimerie-cadet.fr"]);
    // A page word with a digit in it is no spelling to repair an address towards.
    expect(found(["Catalana de Impresi6n S.A.", "accounts@catalana-impresion.es"], "email")).toEqual(["accounts@catalana-impresion.es"]);
  });

  it("person: a name followed by a lone dash, a 'Bill-to' heading", () => {
    expect(found(["Attn: Camille Barbier -"], "person")).toEqual(["Camille Barbier"]);
    expect(found(['" Bill-to', "Paul Girard", "141 avenue de la Libération"], "person", ocr)).toEqual(["Paul Girard"]);
  });

  it("card and NIR: L, C, G and A read for 1, 0, 6 and 4, kept only when the checksum then passes", () => {
    expect(found(["Règlement CB VISA 4970 7O14 O586 8192"], "card")).toEqual(["4970701405868192"]);
    expect(found(["Règlement CB VISA 497O 7014 0586 8l92"], "card")).toEqual(["4970701405868192"]);
    expect(found(["Règlement CB VISA 4970 7014 C586 8L92"], "card")).toEqual(["4970701405868192"]);
    expect(found(["N° de sécurité sociale du salarié :°2 70 02 35 O7A 837 66"], "nir")).toEqual(["270023507483766"]);
    expect(found(["N° SS : 1 79 12 2A 356 22B 79"], "nir")).toEqual(["179122A35622879"]);
    expect(found(["N° SS : 2 70 02 35 G7A 837 66"], "nir")).toEqual([]); // G is a 6: the key fails
  });

  it("siret: its label found to the left on the same visual line when the scan gave the words out of order", () => {
    const page = pageFromLines(["N° SIRET :                          ", "SAS au capital de 10 000 €", "            34603330100067"], { source: "ocr" });
    // Put the number on the label's line, as OCR placed it, while keeping the words' order.
    const number = page.words.at(-1);
    if (number) number.bbox = [36 + 12 * 6, 36, 36 + 26 * 6, 46];
    expect(detectSensitive([page]).filter((finding) => finding.type === "siret").map((finding) => finding.normalized)).toEqual(["34603330100067"]);
  });
});

describe("address blocks under a letterhead the scan ran into them", () => {
  it("never takes a line in a font more than twice as big as the line above", () => {
    const page = pageFromLines(["500 Howard Street", "San Francisco, CA 94105", "USA"], { source: "ocr" });
    // The supplier's name, big, its box reaching down to the street line's bottom, nearer the city than the street.
    page.words.push({ text: "Bayside", bbox: [40, 0, 100, 51], confidence: 60 }, { text: "Cloud", bbox: [104, 0, 150, 51], confidence: 60 });
    const layout = layoutPage(page);
    const city = layout.segments.find((segment) => segment.text.startsWith("San"));
    expect(layout.segments[layout.above[city?.id ?? -1] ?? -1]?.text).toBe("500 Howard Street");
    expect(detectSensitive([page]).filter((finding) => finding.type === "address").map((finding) => finding.normalized)).toEqual(["500 Howard Street, San Francisco, CA 94105, USA"]);
  });

  it("cleans a degree sign at the end, a quote between postcode and city, bars for a roman II", () => {
    expect(cleanAddressLine("Dock Road 2°")).toBe("Dock Road 2");
    expect(cleanAddressLine("35000'Rennes")).toBe("35000 Rennes");
    expect(cleanAddressLine("Corso Vittorio Emanuele || 64")).toBe("Corso Vittorio Emanuele II 64");
  });
});
