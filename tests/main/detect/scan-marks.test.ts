/**
 * Regressions from bench:detect on its tuning seed (77; seed 4242 is never looked at): the marks a scan
 * leaves on and between identifiers, garbled labels, and specks read as lines of their own. Lines are
 * written in the shape OCR gave them, with other (fake, checksum-valid) values.
 */
import { describe, expect, it } from "vitest";
import { detectSensitive } from "../../../main/detect/index.js";
import { layoutPage } from "../../../main/detect/layout.js";
import { pageFromLines } from "../classify/pages.js";
import { found } from "./helpers.js";

describe("identifiers with a scan's marks on them", () => {
  it("drops quotes, degree signs, underscores and plus signs at an identifier's edges", () => {
    expect(found(["SIRET : _34603330100067 - N° TVA : FR 95 346 033 301"], "siret")).toEqual(["34603330100067"]);
    expect(found(["SIRET 346 033 301 00067+"], "siret")).toEqual(["34603330100067"]);
    expect(found(["VAT ID: FR 95 346 033 301°"], "vat")).toEqual(["FR95346033301"]);
    expect(found(["Acompte réglé par carte VISA 4970’ 7014 0586 8192"], "card")).toEqual(["4970701405868192"]);
  });

  it("reads a mark or a dot inside a word as a group separator (a SIRET grouped 3-3-3-5 without its label too)", () => {
    expect(found(["NIR du stagiaire 2 70.02°35 074 837 66"], "nir")).toEqual(["270023507483766"]);
    expect(found(["Social security no.: 1 79 12 2A'356 228 79"], "nir")).toEqual(["179122A35622879"]);
    expect(found(["IBAN : IT85 A020 0850 9038 5594°7583 071"], "iban")).toEqual(["IT85A0200850903855947583071"]);
    expect(found(["346'033 301 00067"], "siret")).toEqual(["34603330100067"]);
    expect(found(["346.033 301 00067"], "siret")).toEqual(["34603330100067"]);
  });

  it("still needs the checksum: marked digits that fail it are nothing", () => {
    expect(found(["SIRET 346'033 301 00068"], "siret")).toEqual([]);
    expect(found(["NIR du stagiaire 2 70.02°35 074 837 67"], "nir")).toEqual([]);
    expect(found(["Réf. 4970’ 7014 0586 8193"], "card")).toEqual([]);
  });
});

describe("a RIB whose labels the scan garbled", () => {
  it("reads Banque / Guichet / (Compte) / (Clé) with the last two labels misread, when the RIB key passes", () => {
    expect(found(["Banque 10107 Guichet 77055 cope 45859154448 ci 46"], "rib")).toEqual(["10107770554585915444846"]);
    expect(found(["Banque 10107 Guichet 77055 cope 45859154448 ci 47"], "rib")).toEqual([]);
  });
});

describe("specks read as lines", () => {
  it("are never the line above or below a real one", () => {
    const page = pageFromLines(["Place de la Mairie", "35250 Saint-Aubin-d'Aubigné"], { source: "ocr" });
    // A speck between the two lines, a third of their height, at the city's right.
    page.words.splice(4, 0, { text: "Lo", bbox: [150, 49, 162, 52], confidence: 30 });
    const layout = layoutPage(page);
    const city = layout.segments.find((segment) => segment.text.startsWith("35250"));
    const street = layout.segments.find((segment) => segment.text.startsWith("Place"));
    expect(city && layout.above[city.id]).toBe(street?.id);
    expect(detectSensitive([page]).filter((finding) => finding.type === "address").map((finding) => finding.normalized)).toEqual(["Place de la Mairie, 35250 Saint-Aubin-d'Aubigné"]);
  });
});

describe("identifiers parted or misread by a scan", () => {
  it("continues an identifier into the next segment of its line across a narrow gap, not across a column", () => {
    expect(found(["Siret:346     033 301 00067 *"], "siret")).toEqual(["34603330100067"]);
    expect(found(["Siret:346           033 301 00067 *"], "siret")).toEqual([]);
  });

  it("takes a SIREN or VAT number one digit off the page's checked SIREN when its own check then passes", () => {
    const page = ["SIRET 346 033 301 00067", "RCS Paris B 346 033 391", "N° TVA : FR 95 346 083 301"];
    expect(found(page, "siren")).toEqual(["346033301"]);
    expect(found(page, "vat")).toEqual(["FR95346033301"]);
    // Without a checked SIREN on the page, two digits off, or a VAT key that does not fit: nothing.
    expect(found(["RCS Paris B 346 033 391", "N° TVA : FR 95 346 083 301"], "vat")).toEqual([]);
    expect(found(["SIRET 346 033 301 00067", "RCS Paris B 346 088 391"], "siren")).toEqual([]);
    expect(found(["SIRET 346 033 301 00067", "N° TVA : FR 96 346 083 301"], "vat")).toEqual([]);
  });
});

describe("BIC codes on a scan", () => {
  it("drops a scan's quotes around the code and reads digits in its letters as letters, after a BIC label only", () => {
    expect(found(["BIC : ‘BREDFRPPXXX."], "bic")).toEqual(["BREDFRPPXXX"]);
    expect(found(["BIC : B0FAUS3N"], "bic")).toEqual(["BOFAUS3N"]);
    expect(found(["Code BIC : 8NPAFRPPXXX"], "bic")).toEqual(["BNPAFRPPXXX"]);
    expect(found(["Réf. B0FAUS3N"], "bic")).toEqual([]);
    expect(found(["BIC : 12345678"], "bic")).toEqual([]);
    expect(found(["BIC : B0FAXX3N"], "bic")).toEqual([]); // XX is no country
  });
});

describe("specks between an identifier's groups", () => {
  it("are stepped over, but a comma still ends the identifier and a speck never starts one", () => {
    expect(found(["SIRET : 346 . 033 301 ’ 00067"], "siret")).toEqual(["34603330100067"]);
    expect(found(["IBAN : FR76 1010 ' 7770 5545 8591 5444 846"], "iban")).toEqual(["FR7610107770554585915444846"]);
    expect(found(["SIRET : 346 033 , 301 00067"], "siret")).toEqual([]);
  });
});

describe("VAT numbers one character off the page's checked SIREN, and commas inside a number", () => {
  it("takes FR + key + SIREN with one character misread or unreadable, in the key or the SIREN", () => {
    expect(found(["Siret : 346 033 301 00067", "TVA: FRO5346033301"], "vat")).toEqual(["FR95346033301"]);
    expect(found(["Siret : 346 033 301 00067", "TVA intracommunautaire : FR953p6033301"], "vat")).toEqual(["FR95346033301"]);
    expect(found(["Siret : 346 033 301 00067", "TVA: FR00346033301"], "vat")).toEqual([]); // two characters off
    expect(found(["TVA intracommunautaire : FR953p6033301"], "vat")).toEqual([]); // no checked SIREN on the page
  });

  it("reads a comma inside a VAT number as a group separator", () => {
    expect(found(["TVA : BE 0785.954,574"], "vat")).toEqual(["BE0785954574"]);
    expect(found(["TVA : BE 0785.954,575"], "vat")).toEqual([]);
  });
});
