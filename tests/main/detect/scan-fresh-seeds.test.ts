/**
 * Values a degraded scan damaged, in the shapes the OCR gave them on the fresh tuning seeds 314 and 2718
 * (bench:detect; report seeds are never looked at). Each repair is backed by a checksum or by the page.
 */
import { describe, expect, it } from "vitest";
import { detect, found } from "./helpers.js";

const ocr = { source: "ocr" } as const;

describe("identifier marks a scan adds", () => {
  it("drops a square bracket at a group's edge (the checksum decides)", () => {
    expect(found(["Deposit i by card VISA 4974 1350 6260] 1370"], "card", ocr)).toEqual(["4974135062601370"]);
    expect(detect(["Deposit i by card VISA 4974 1350 6260] 1371"], ocr).filter((finding) => finding.type === "card").map((finding) => finding.confidence)).toEqual([0.5]);
  });

  it("reads a colon between digits after the first group as a separator", () => {
    expect(found(["* Trainee's French social security no.: 1-86 06-2B 324:772 83"], "nir", ocr)).toEqual(["186062B32477283"]);
  });

  it("tries a '€' glued to a digit as an unreadable digit after a NIR label, never a lone '€'", () => {
    expect(found(["Trainee's French social security no.: 1 57 06 13 052 494 €6"], "nir", ocr)).toEqual(["157061305249486"]);
    expect(found(["Réf. 1 57 06 13 052 494 €6"], "nir", ocr)).toEqual([]);
    expect(found(["Trainee's French social security no.: 1 57 06 13 052 494 € 86"], "nir", ocr)).toEqual([]);
  });
});

describe("a NIR whose first digit the scan lost", () => {
  it("is read with the one sex digit that passes the key, after a NIR label and a speck", () => {
    expect(found(["NIR du stagiaire Fd 61 04 31 021 853 87"], "nir", ocr)).toEqual(["261043102185387"]);
    expect(found(["N° de sécurité sociale : 61 04 31 021 853 87"], "nir", ocr)).toEqual(["261043102185387"]);
  });

  it("needs the label, the NIR's groups and a key that passes", () => {
    expect(found(["Réf. commande Fd 61 04 31 021 853 87"], "nir", ocr)).toEqual([]);
    expect(found(["NIR du stagiaire Fd 6104 31 021 853 87"], "nir", ocr)).toEqual([]);
    expect(found(["NIR du stagiaire Fd 61 04 31 021 853 88"], "nir", ocr)).toEqual([]);
  });
});

describe("a phone number after its label whose 0 and 1 a scan read as letters", () => {
  it("reads 'OL' as '01' when the number is then valid", () => {
    expect(found(["-| Téléphone : OL 11 07 21 63        69100 Villeurbanne ."], "phone", ocr)).toEqual(["+33111072163"]);
  });

  it("needs the phone label and at most two such letters", () => {
    expect(found(["Réf. : OL 11 07 21 63"], "phone", ocr)).toEqual([]);
    expect(found(["Téléphone : OL 1L 07 2L 63"], "phone", ocr)).toEqual([]);
  });
});

describe("an email domain's l or i a scan read as '!' or '|'", () => {
  it("reads it as the letter that makes the domain's part a word of the page", () => {
    expect(found(["Hôtel des Cygnes", "accounts@hote!-cygnes.fr"], "email", ocr)).toEqual(["accounts@hotel-cygnes.fr"]);
    expect(found(["Studio Graphie", "contact@graph|e.fr"], "email", ocr)).toEqual(["contact@graphie.fr"]);
  });

  it("leaves it unread without a page word to say which letter it is", () => {
    expect(found(["Auberge des Lacs", "accounts@hote!-cygnes.fr"], "email", ocr)).toEqual([]);
  });
});

describe("address lines a degraded scan damaged", () => {
  it("reads a regnal 'II' read 'Il' before the house number", () => {
    expect(found(["Corso Vittorio Emanuele Il 64", "10121 Torino", "Italia"], "address", ocr)).toEqual(["Corso Vittorio Emanuele II 64, 10121 Torino, Italia"]);
  });

  it("reads 'rue' misread by one letter after a house number", () => {
    expect(found(["25 fue Oberkampf", "75011 Paris"], "address", ocr)).toEqual(["25 rue Oberkampf, 75011 Paris"]);
    expect(found(["11 rye Paradis", "13001 Marseille"], "address", ocr)).toEqual(["11 rue Paradis, 13001 Marseille"]);
    expect(found(["12 Rua Augusta", "1100-053 Lisboa"], "address", ocr)).toEqual([]);
  });

  it("reads a postcode glued to its city, with a lower-case d for a 0, or parted from it by a wide gap", () => {
    expect(found(["\" 3place Bellecour", "69002Lyon"], "address", ocr)).toEqual(["3 place Bellecour, 69002 Lyon"]);
    expect(found(["12 rue des Tanneurs", "690d2 Lyon"], "address", ocr)).toEqual(["12 rue des Tanneurs, 69002 Lyon"]);
    expect(found(["\"|| 19 rue des Lilas", "31500      Toulouse"], "address", ocr)).toEqual(["19 rue des Lilas, 31500 Toulouse"]);
    expect(found(["©. 2place du Marché", "37000 Tours"], "address", ocr)).toEqual(["2 place du Marché, 37000 Tours"]);
  });

  it("takes a country line whose words a scan parted with a comma", () => {
    expect(found(["14 Borough High Street", "* London SE1 9QG", "United, Kingdom"], "address", ocr)).toEqual(["14 Borough High Street, London SE1 9QG, United, Kingdom"]);
  });

  it("still needs a street line over the city", () => {
    expect(found(["Total à payer", "31500      Toulouse"], "address", ocr)).toEqual([]);
    expect(found(["Réf 25 fue", "75011 Paris"], "address", ocr)).toEqual([]);
  });
});

describe("a suspected card whose group slipped by a digit", () => {
  const cards = (line: string): [string, number][] =>
    detect([line], ocr)
      .filter((finding) => finding.type === "card")
      .map((finding) => [finding.normalized, finding.confidence]);

  it("is read with the one reading that passes Luhn: a digit too many in a group, or a 1 read as a bracket", () => {
    expect(cards("Acompte réglé par carte MASTERCARD 5555 45608 5217 7411")).toEqual([["5555456852177411", 0.6]]);
    expect(cards("Deposit paid by card VISA 4970 375) 5538°0011")).toEqual([["4970375155380011", 0.6]]);
  });

  it("stays as read when no reading passes (still suspected and redacted)", () => {
    expect(cards("Deposit paid by card VISA 4970 375) 5538°0012")).toEqual([["497037555380012", 0.5]]);
  });
});

describe("company ids a degraded scan marked", () => {
  it("reads a SIRET with a closed gap and a '€' for a digit, its SIREN proved by the page's VAT number", () => {
    expect(found(["SIRET: 415 049105 005€2 °", "VAT ID: FR37415049105"], "siret", ocr)).toEqual(["41504910500562"]);
    expect(found(["SIRET: 415 049105 005€2 °"], "siret", ocr)).toEqual([]);
  });

  it("reads a SIREN whose register letter a quote glued to it, after the RCS label", () => {
    expect(found(["* RCS Paris B'415 049 105"], "siren", ocr)).toEqual(["415049105"]);
    expect(found(["Réf. B'415 049 105"], "siren", ocr)).toEqual([]);
  });
});

describe("a long street word misread by one letter after the house number", () => {
  it("is read as the street word, and a comma glued to a dash as a comma", () => {
    expect(found(["7 tésidence Les Tilleuls,-appt 12", "20200 Bastia"], "address", ocr)).toEqual(["7 résidence Les Tilleuls, appt 12, 20200 Bastia"]);
    expect(found(["8 boulevatd Carnot", "21000 Dijon"], "address", ocr)).toEqual(["8 boulevard Carnot, 21000 Dijon"]);
  });

  it("leaves a word two letters off as read", () => {
    expect(found(["7 tésidemce Les Tilleuls", "20200 Bastia"], "address", ocr)).toEqual(["7 tésidemce Les Tilleuls, 20200 Bastia"]);
  });
});
