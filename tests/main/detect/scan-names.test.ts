/**
 * Contact names after labels a degraded scan marked (bench:detect tuning seeds 91 and 123; the lines are the
 * OCR's, as the page read gave them; seed 4242 is never looked at).
 */
import { describe, expect, it } from "vitest";
import { found } from "./helpers.js";

const ocr = { source: "ocr" } as const;

describe("a contact name after a label a scan marked", () => {
  it("takes the name after a dash, a bar or a '!' between label and name", () => {
    expect(found(["Suivi par-: Benoît Barbier - benoit. barbier@iberita- logistica. es:"], "person", ocr)).toEqual(["Benoît Barbier"]);
    // "Votre contact" read as "voir contact !", a quote before the surname.
    expect(found(["voir contact ! Thomas ‘Smith - +39 011 ‘270 se"], "person", ocr)).toEqual(["Thomas Smith"]);
  });

  it("takes a name followed by a quote that ends the line", () => {
    expect(found(["Attn: Elodie Chevalier ‘"], "person", ocr)).toEqual(["Elodie Chevalier"]);
  });

  it("takes 'l'attention de' whose 'À' the scan lost", () => {
    expect(found(["Lumen Architectes SARL", "l'attention de Chloé Dubois", "63 quai de la Fosse"], "person", ocr)).toEqual(["Chloé Dubois"]);
  });

  it("still needs a label, and a person's name after it", () => {
    expect(found(["voir Thomas ‘Smith - +39 011 ‘270 se"], "person", ocr)).toEqual([]);
    expect(found(["contact ! Groupe Hexagone Distribution"], "person", ocr)).toEqual([]);
    expect(found(["Suivi par-: Atelier Boréal SAS"], "person", ocr)).toEqual([]);
    // A quote in the middle of the line is no end of the name: the words after it are not a name's.
    expect(found(["Attn: Elodie Chevalier ‘ pour la commande 2024-12"], "person", ocr)).toEqual([]);
  });
});
