/**
 * Email addresses a scan damaged (bench:detect tuning seed 77 and the damage the issue lists): repaired
 * only with evidence from the same page — another address's domain, the words printed on the page, a
 * role mailbox's spelling, an email label right before.
 */
import { describe, expect, it } from "vitest";
import { editDistance, foldAccents, repairLocalPart } from "../../../main/detect/email-repair.js";
import { found } from "./helpers.js";

describe("email repair helpers", () => {
  it("fold accents letter by letter and measure edit distance", () => {
    expect(foldAccents("fâcturation@gentconsuit.be")).toBe("facturation@gentconsuit.be");
    expect(foldAccents("Léman Précision").length).toBe("Léman Précision".length);
    expect(editDistance("gentconsuit", "gentconsult")).toBe(1);
    expect(editDistance("cygrtes", "cygnes")).toBe(2);
    expect(editDistance("abcdefgh", "zzzzzzzz", 2)).toBe(3);
  });

  it("repair a role mailbox with a letter lost, never another word", () => {
    expect(repairLocalPart("biling")).toBe("billing");
    expect(repairLocalPart("nvoices")).toBe("invoices");
    expect(repairLocalPart("compta")).toBe("compta");
    expect(repairLocalPart("marie.roy")).toBe("marie.roy");
    expect(repairLocalPart("salles")).toBe("salles"); // one letter more than "sales": a name, maybe
    expect(repairLocalPart("cantact")).toBe("cantact"); // a changed letter is not a lost one
  });
});

describe("damaged addresses on a scanned page", () => {
  it("takes the domain another address on the page spells, or the page's words spell", () => {
    expect(found(["Email: compta@harbourfreightcouk", "Attn: Oliver Hughes - oliver.hughes@harbourfreight.co.uk"], "email")).toEqual(["compta@harbourfreight.co.uk", "oliver.hughes@harbourfreight.co.uk"]);
    expect(found(["Repro Nord Services SARL", "nvoices@repronprd.fr", "Contact : Elodie Rousseau - elodie.rousseau@repronord.fr"], "email")).toEqual(["invoices@repronord.fr", "elodie.rousseau@repronord.fr"]);
    // Two spellings and nothing on the page to tell which is right: both left as read.
    expect(found(["invoices@repronprd.fr", "Contact : Elodie Rousseau - elodie.rousseau@repronord.fr"], "email")).toEqual(["invoices@repronprd.fr", "elodie.rousseau@repronord.fr"]);
    expect(found(["Léman Précision SA", "Courriel : invoices@leman-preeision.ch"], "email")).toEqual(["invoices@leman-precision.ch"]);
    expect(found(["fâcturation@gentconsuit.be", "Gent Consult NV"], "email")).toEqual(["facturation@gentconsult.be"]);
  });

  it("leaves an address alone when the page gives no evidence, or only a short or far word", () => {
    expect(found(["Courriel : invoices@leman-preeision.ch"], "email")).toEqual(["invoices@leman-preeision.ch"]);
    // Two letters off a 7-letter word is too far (a scan's "rt" for "n" is folded first: scan-repairs.test.ts).
    expect(found(["Hôtel des Cygnes", "Email : accounts@hotel-cygrxes.fr"], "email")).toEqual(["accounts@hotel-cygrxes.fr"]);
    expect(found(["Votre email", "marie.roy@gmail.com"], "email")).toEqual(["marie.roy@gmail.com"]);
    // A speck joined the name's last two words ("precisionsa"): two letters more is no misread of "precision".
    expect(found(["Léman Précision'SA", "Courriel : invoices@leman-precision.ch"], "email")).toEqual(["invoices@leman-precision.ch"]);
  });

  it("joins a space before a local dot and a hyphen the scan spaced", () => {
    expect(found(["Your contact: Sophie Walker - sophie .walker@pennine-software.co.uk"], "email")).toEqual(["sophie.walker@pennine-software.co.uk"]);
    expect(found(["Suivi par : Aurélie Mercier - aurelie.mercier@roux- -plomberie. fr"], "email")).toEqual(["aurelie.mercier@roux-plomberie.fr"]);
  });

  it("reads © or (a) for @, a lost @ and a comma for a dot only after an email label or with a domain the page shows", () => {
    expect(found(["E-mail : compta©atelier-morin.fr"], "email")).toEqual(["compta@atelier-morin.fr"]);
    expect(found(["Courriel : compta(a)atelier-morin.fr"], "email")).toEqual(["compta@atelier-morin.fr"]);
    expect(found(["Email : compta atelier-morin.fr"], "email")).toEqual(["compta@atelier-morin.fr"]);
    expect(found(["Mél. : devis@atelier-morin,fr"], "email")).toEqual(["devis@atelier-morin.fr"]);
    expect(found(["Atelier Morin", "Suivi : ventes©atelier-morin.fr"], "email")).toEqual(["ventes@atelier-morin.fr"]);
    // No label, no known domain: a copyright sign and two words are not an address.
    expect(found(["Design studio©atelier-morin.fr 2024"], "email")).toEqual([]);
    expect(found(["Livraison prévue atelier-morin.fr"], "email")).toEqual([]);
    expect(found(["Email : voir www.atelier-morin.fr"], "email")).toEqual([]);
    expect(found(["Email : voir atelier-morin.fr"], "email")).toEqual([]);
    expect(found(["Produit 12,50 €@prix,fr"], "email")).toEqual([]);
  });
});
