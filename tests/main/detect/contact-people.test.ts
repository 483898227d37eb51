import { describe, expect, it } from "vitest";
import { found } from "./helpers.js";

describe("email and phone", () => {
  it("finds email addresses, lower-cased for the index", () => {
    expect(found(["Email : Compta@Papeterie-Dufresne.fr", "contact@nimbus-info.fr"], "email")).toEqual(["compta@papeterie-dufresne.fr", "contact@nimbus-info.fr"]);
    expect(found(["Suivi par Camille Martin - camille.martin@bureauplus.fr"], "email")).toEqual(["camille.martin@bureauplus.fr"]);
  });

  it("finds valid French and international phone numbers in phone formats or after a label", () => {
    expect(found(["Tél. : 01 42 68 53 00"], "phone")).toEqual(["+33142685300"]);
    expect(found(["Tél : 01.42.68.53.00", "T. +33 (0)1 42 68 53 00"], "phone")).toEqual(["+33142685300", "+33142685300"]);
    expect(found(["Contact : Julien Perrin - 06 12 34 56 78"], "phone")).toEqual(["+33612345678"]);
    expect(found(["Phone: +44 20 7946 0958", "Tel: (212) 555-0142"], "phone")).toEqual(["+442079460958", "+12125550142"]);
    expect(found(["Tel.: 030 23125678"], "phone")).toEqual([]); // no country given: read as French, not valid
  });

  it("leaves amounts, dates, invoice numbers and invalid numbers alone", () => {
    const lines = ["Total TTC 1 234 567,89 €", "Date : 01/02/2024", "Échéance : 2024-03-01", "Facture n° 2024-01-0042", "Réf. client C12345", "Qté 10 12 14 16 18", "Tél. : 00 00 00 00 00"];
    expect(found(lines, "phone")).toEqual([]);
  });
});

describe("names of natural persons", () => {
  it("finds names after contact and attention labels", () => {
    expect(found(["Contact : Camille Martin"], "person")).toEqual(["Camille Martin"]);
    expect(found(["Interlocuteur : Maël Le Goff - maël@x.fr"], "person")).toEqual(["Maël Le Goff"]);
    expect(found(["À l'attention de Marie-Claire Vasseur"], "person")).toEqual(["Marie-Claire Vasseur"]);
    expect(found(["Attn: Oliver O'Brien"], "person")).toEqual(["Oliver O'Brien"]);
    expect(found(["Thierry Roux, Entrepreneur individuel (EI) - SIRET : 552 100 554 00013"], "person")).toEqual(["Thierry Roux"]);
  });

  it("takes a person's name under a customer heading, not a company's", () => {
    expect(found(["Facturé à", "Didier Morel", "141 avenue de la Libération", "54000 Nancy"], "person")).toEqual(["Didier Morel"]);
    expect(found(["Facturé à", "Lumen Architectes SARL", "63 quai de la Fosse", "44100 Nantes"], "person")).toEqual([]);
    expect(found(["Client : Groupe Hexagone Distribution"], "person")).toEqual([]);
    expect(found(["Contact : Atelier Boréal SAS"], "person")).toEqual([]);
  });
});

describe("postal addresses", () => {
  it("joins the street line, the postcode + city line and a country line", () => {
    expect(found(["Facturé à", "Didier Morel", "141 avenue de la Libération", "54000 Nancy"], "address")).toEqual(["141 avenue de la Libération, 54000 Nancy"]);
    expect(found(["Rhein Druck GmbH", "Rheinallee 18", "50679 Köln", "Deutschland"], "address")).toEqual(["Rheinallee 18, 50679 Köln, Deutschland"]);
    expect(found(["14 Borough High Street", "London SE1 9QG"], "address")).toEqual(["14 Borough High Street, London SE1 9QG"]);
    expect(found(["350 Fifth Avenue, Suite 4100", "New York, NY 10118", "USA"], "address")).toEqual(["350 Fifth Avenue, Suite 4100, New York, NY 10118, USA"]);
  });

  it("reads an address printed on one line", () => {
    expect(found(["12 rue des Tanneurs, 69002 Lyon"], "address")).toEqual(["12 rue des Tanneurs, 69002 Lyon"]);
  });

  it("does not take a postcode-like line without a street above it", () => {
    expect(found(["Total HT", "75009 Paris"], "address")).toEqual([]);
    expect(found(["Quantité 12", "10000 Articles"], "address")).toEqual([]);
  });
});
