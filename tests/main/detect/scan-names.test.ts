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

describe("names a degraded scan marked, seen on tuning seeds 314 and 2718", () => {
  it("takes a name followed by a spaced star or an ellipsis, after a lower-case label or a quote", () => {
    expect(found(["Interloçuteur : François Rousseau *"], "person", ocr)).toEqual(["François Rousseau"]);
    expect(found(["À l'attention de Jérôme Mercier …."], "person", ocr)).toEqual(["Jérôme Mercier"]);
    expect(found(["interlocuteur : Aurélie Fontaine - +33 (0)7 83839218 _"], "person", ocr)).toEqual(["Aurélie Fontaine"]);
    expect(found(["Votre contact ‘ François Marchand - rancais marchand @papetenie-dutresnë1"], "person", ocr)).toEqual(["François Marchand"]);
    // "attention" with its n read as "ri".
    expect(found(["À payer avant le‘ 16.07.2025* . ; À l'attentiori de Maël Faure"], "person", ocr)).toEqual(["Maël Faure"]);
  });

  it("takes the name under a heading the scan glued, or followed by a speck read as a letter", () => {
    expect(found(["Invoiceto", "Didier Morel", "141 avenue de la Libération"], "person", ocr)).toEqual(["Didier Morel"]);
    expect(found(["Facturé à", "-Didier Morel i", "141 avenue de la Libération"], "person", ocr)).toEqual(["Didier Morel"]);
  });

  it("takes a sole trader's name before a misread 'individuel' or glued to 'Entrepreneur' by a dot", () => {
    expect(found(["Maël Le Goff, Entrepreneur Ândividuel.'(EI) - SIRET : 911 952 968 00079"], "person", ocr)).toEqual(["Maël Le Goff"]);
    expect(found([". Thierry Roux.Entrepreneur tndividuel (EI) - Siret “718 145 238 00082"], "person", ocr)).toEqual(["Thierry Roux"]);
  });

  it("still needs a person's name: a heading's own letter is no speck, an organisation is no name", () => {
    expect(found(["Facturé à", "Atelier Boréal SAS i", "25 rue Oberkampf"], "person", ocr)).toEqual([]);
    expect(found(["Interloçuteur : Groupe Hexagone *"], "person", ocr)).toEqual([]);
    expect(found(["Invoiceto", "Total due", "141 avenue de la Libération"], "person", ocr)).toEqual([]);
  });
});
