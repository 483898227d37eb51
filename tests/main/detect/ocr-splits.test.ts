/**
 * Regressions found by bench:detect on its tuning seed (77; the benchmark's own seed is never looked at):
 * OCR cuts an email address, a VAT number or a name with spaces and stray punctuation. The lines are
 * written here in the shape OCR gave them, with other values.
 */
import { describe, expect, it } from "vitest";
import { detect, found } from "./helpers.js";

describe("values that OCR split or spotted", () => {
  it("joins an email address cut around the @, after a dot of its local part or before its top-level domain", () => {
    expect(found(["E-mail : ventes @lumiere-bureau.fr"], "email")).toEqual(["ventes@lumiere-bureau.fr"]);
    expect(found(["compta@atelier-morin. fr Date d'échéance 30-04-2025"], "email")).toEqual(["compta@atelier-morin.fr"]);
    expect(found(["Attn: Paul Green - paul. green@northgate-tools.co.uk WE a 5"], "email")).toEqual(["paul.green@northgate-tools.co.uk"]);
    expect(found(["Account manager: Lea Martin - lea. martin @garde-securite.fr © ; a"], "email")).toEqual(["lea.martin@garde-securite.fr"]);
    expect(found(["compta@atelier-morin fr g 3 Date"], "email")).toEqual(["compta@atelier-morin.fr"]);
    expect(found(["Your contact: Anna Rossi - anna.rossi@liegeconsult:be = ; el"], "email")).toEqual(["anna.rossi@liegeconsult.be"]);
  });

  it("does not make an address of an @ between words, nor join a top-level domain that is also a word", () => {
    expect(found(["merci de @ contacter le service"], "email")).toEqual([]);
    expect(found(["ventes@atelier de Paris"], "email")).toEqual([]);
    expect(found(["Courriel :devis@menuiserie-roy.fr pots"], "email")).toEqual(["devis@menuiserie-roy.fr"]);
  });

  it("reads a French VAT number whose FR was misread or cut from its digits, only when the key then passes", () => {
    expect(found(['. RE : "TVA : ER44732829320 - ‘ . y his'], "vat")).toEqual(["FR44732829320"]);
    expect(found(["è N° TVA. F R44732829320"], "vat")).toEqual(["FR44732829320"]);
    expect(found(["N° TVA : PR44732829321"], "vat")).toEqual([]); // the key fails: not a VAT number
    expect(found(["., , UStIdNr/DE136695976 NE as"], "vat")).toEqual(["DE136695976"]);
  });

  it("reports a card number garbled past its checksum, right after a card word, as suspected (it is redacted)", () => {
    const garbled = detect(["‘Paiement carte bancaire VISA 4O71 224151641300 -"]).filter((finding) => finding.type === "card");
    expect(garbled).toHaveLength(1);
    expect(garbled[0]?.confidence).toBeLessThan(0.6);
    expect(garbled[0]?.wordIndexes).toEqual([4, 5]);
    expect(found(["Payé par carte VISA 4970 2604 4352 4440"], "card")).toEqual(["4970260443524440"]);
    expect(detect(["Payé par carte VISA 4970 2604 4352 4440"])[0]?.confidence).toBeGreaterThan(0.9);
    // Without a card word right before, digits that fail the checksum are not a card.
    expect(found(["Paiement par virement le 12/03/2024 1234567890123"], "card")).toEqual([]);
    expect(found(["Commande 4071 2241 5164 1300 livrée"], "card")).toEqual([]);
  });

  it("finds an address in degraded-scan lines full of specks and the next column's words", () => {
    const lines = ["‘Rue Haute 12 ! i ee = 3 : ; Ire", "1000 Bruxelles = : Sl ie je : ; 5", "Belgique LEELA"];
    expect(detect(lines, { source: "ocr" }).filter((finding) => finding.type === "address").map((finding) => finding.value)).toEqual(["Rue Haute 12\n1000 Bruxelles\nBelgique"]);
    // Only on OCR pages, and only with a street line above at the same left edge.
    expect(found(lines, "address")).toEqual([]);
    expect(found(["Total TTC 1 234,56 € = : ;", "75011 Paris = : Sl ie je"], "address", { source: "ocr" })).toEqual([]);
  });

  it("finds a name after a label with the stray quotes, colons and dots of a scan", () => {
    expect(found(["‘Account manager: Lea’ Martin - lea.martin@garde-securite.fr"], "person")).toEqual(["Lea’ Martin"]);
    expect(found(["À l'attention de Sandrine: Perrot |"], "person")).toEqual(["Sandrine Perrot"]);
    expect(found(["Interlocuteur : Aurélie Blanc: . . i A"], "person")).toEqual(["Aurélie Blanc"]);
    expect(found(["Attn; Mathieu Roche"], "person")).toEqual(["Mathieu Roche"]);
    expect(found(["Total. Montant TVA"], "person")).toEqual([]);
    // Followed by a phone number or by an address whose dot OCR lost; a sole trader behind a stray quote.
    expect(found(["Ve V4 a 0 Suivi par : Hélène Roche +33 9 34 34 94 05 : fae"], "person")).toEqual(["Hélène Roche"]);
    expect(found(["Aoi Interlocuteur : Julien Marchal julien marchal@menuiserie-roy.fr ; :"], "person")).toEqual(["Julien Marchal"]);
    expect(found(["se “Paul Roux, Entrepreneur individuel (EI) - N° SIRET : 732 829 320 00074"], "person")).toEqual(["Paul Roux"]);
    expect(found(["Contact : Jean Dupont Plomberie Services"], "person")).toEqual([]);
  });
});
