/**
 * Repairs of values a degraded scan damaged, each backed by a checksum or by evidence on the same page
 * (bench:detect tuning seeds 77 and 91; seed 4242 is never looked at). Text built here, in the shape OCR gave it.
 */
import { describe, expect, it } from "vitest";
import { detectSensitive } from "../../../main/detect/index.js";
import { pageFromLines } from "../classify/pages.js";
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
    // A separator after a SIRET that lost a digit is no unreadable digit (seed 123).
    expect(found(["SIRET 4011578700008 - TVA FR54401157870"], "siret", ocr)).toEqual([]);
    expect(found(["SIRET 4011578700008 - N° TVA FR54401157870"], "siret", ocr)).toEqual([]);
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

describe("company ids whose label or grouping a scan damaged (tuning seed 91)", () => {
  it("takes a SIREN after RCS read as 'RGS', and one whose first gap the scan closed", () => {
    expect(found(["RGS Bordeaux B 426 475 653"], "siren", ocr)).toEqual(["426475653"]);
    expect(found(["RCS Nanterre B 511048 340"], "siren", ocr)).toEqual(["511048340"]);
    // Still Luhn-checked, still after a label.
    expect(found(["RGS Bordeaux B 426 475 654"], "siren", ocr)).toEqual([]);
    expect(found(["Commande 511048 340"], "siren", ocr)).toEqual([]);
  });

  it("takes a SIREN the page proves with a speck read as '!' at its end", () => {
    expect(found([": SIRET : 938 576 832 00092", "RCS Lyon B 938 576 832!"], "siren", ocr)).toEqual(["938576832"]);
    // Without the SIRET above, "832!" may be "8321": nothing is guessed.
    expect(found(["RCS Lyon B 938 576 832!"], "siren", ocr)).toEqual([]);
  });

  it("cuts a label glued to a VAT number by a hyphen and a quote, accented letters included", () => {
    expect(found(["RCS Nanterre B 511048 340 - TVÂ-‘FR86511048340"], "vat", ocr)).toEqual(["FR86511048340"]);
  });
});

describe("a RIB one character off the page's IBAN", () => {
  it("is the IBAN's BBAN, the IBAN checked by mod 97", () => {
    expect(found(["IBAN : FR76 3000 3339 4269 2465 9480 956", "BIC : SOGEFRPP", "RIB : 30003 33942 69246554809 56"], "rib", ocr)).toEqual(["30003339426924659480956"]);
    // No IBAN on the page: the RIB key fails and nothing is taken.
    expect(found(["BIC : SOGEFRPP", "RIB : 30003 33942 69246554809 56"], "rib", ocr)).toEqual([]);
  });
});

describe("email addresses beside the words that spell them", () => {
  it("keeps a domain whose page word differs only where the scan misread an accented letter", () => {
    expect(found(["Catalana de Impresién S.A.", "invoices@catalana-impresion.es"], "email", ocr)).toEqual(["invoices@catalana-impresion.es"]);
    // The unaccented misreading is still repaired towards the page's word.
    expect(found(["Catalana de Impresion S.A.", "invoices@catalana-impresien.es"], "email", ocr)).toEqual(["invoices@catalana-impresion.es"]);
  });

  it("reads a long role mailbox (8+ letters) with one letter misread (seed 123), not a short word", () => {
    expect(found(["Email : atcounts@traiteur-lamaree.fr"], "email", ocr)).toEqual(["accounts@traiteur-lamaree.fr"]);
    expect(found(["Email : sales@traiteur-lamaree.fr", "Email : tales@traiteur-lamaree.fr"], "email", ocr)).toEqual(["sales@traiteur-lamaree.fr", "tales@traiteur-lamaree.fr"]);
  });

  it("reads a first.last local part one letter off the name printed beside it", () => {
    expect(found(["Attn: Oliver Müller - otiver.muller@ pennine-software.co.uk"], "email", ocr)).toEqual(["oliver.muller@pennine-software.co.uk"]);
    // Neither part is the name's word: left as read.
    expect(found(["Attn: Oliver Müller - otiver.mulder@pennine-software.co.uk"], "email", ocr)).toEqual(["otiver.mulder@pennine-software.co.uk"]);
  });
});

describe("phone numbers and names a scan marked", () => {
  it("reads the '+' of an international number read as '4' after a phone label", () => {
    expect(found(["Tel: 434962169922 ‘| ; : = 19 rue des Lilas"], "phone", ocr)).toEqual(["+34962169922"]);
    expect(found(["Ref: 434962169922"], "phone", ocr)).toEqual([]);
  });

  it("takes a contact name after a dot, before a star, and under a customer heading with a trailing '='", () => {
    expect(found([".Contact : Aurélie Garnier*- 02.20.13.16.94"], "person", ocr)).toEqual(["Aurélie Garnier"]);
    expect(found(["“CLIENT:", "Marie-Claire Vasseur =", "7 résidence Les Tilleuls, appt 12"], "person", ocr)).toEqual(["Marie-Claire Vasseur"]);
  });
});

describe("contact names after labels a scan misspelt (seeds 91 and 123)", () => {
  it("reads 'Interloëuteur', 'l'atténtion', 'lattention' and a label after dashes", () => {
    expect(found(["Interloëuteur : Mathieu Chevalier - +33 9 40 06 66 40 ~~"], "person", ocr)).toEqual(["Mathieu Chevalier"]);
    expect(found(["Réf. facture INV-2024-427 ~~ i “— À l'atténtion de Aurélie Rousseau"], "person", ocr)).toEqual(["Aurélie Rousseau"]);
    expect(found(["À lattention de Léa N'Diaye"], "person", ocr)).toEqual(["Léa N'Diaye"]);
    expect(found(["--Interlocuteur : Jérôme Garnier - jerome.garnier@quincaillerie-centre. fr"], "person", ocr)).toEqual(["Jérôme Garnier"]);
    // A misspelt label still needs a name after it.
    expect(found(["Interloëuteur : Montant TTC"], "person", ocr)).toEqual([]);
  });

  it("takes a sole trader's name before a garbled 'Entrepreneur individuel (EI)'", () => {
    expect(found(["* Thierry Roux, E cuvopreneds individuel (ET) - Siret : 318 182 128 00039"], "person", ocr)).toEqual(["Thierry Roux"]);
    // "individuel" alone, without the (E.) that follows it on a sole trader's line, is no evidence.
    expect(found(["Paul Girard, conseil individuel"], "person", ocr)).toEqual([]);
  });
});

describe("addresses whose words OCR boxed or glued badly", () => {
  it("separates a house number glued to its street", () => {
    expect(found([", Korenmarkt8 °°.", ".9000 Gent", "Belgique"], "address", ocr)).toEqual(["Korenmarkt 8, 9000 Gent, Belgique"]);
  });

  it("reads a lower-case 'rue' inside a noisy line, and 'rue' misread by a letter after a house number", () => {
    expect(found(["12 rue des Tanneurs ; ; Facture", "69002 Lyon = : Sl ie je"], "address", ocr)).toEqual(["12 rue des Tanneurs, 69002 Lyon"]);
    expect(found(["19 sue des Lilas", "* 31500 Toulouse (en"], "address", ocr)).toEqual(["19 rue des Lilas, 31500 Toulouse"]);
    // Not after a house number, or not before "de"/"du"/"des": the word stays (and is no street line).
    expect(found(["Association sue des Lilas", "* 31500 Toulouse (en"], "address", ocr)).toEqual([]);
  });

  it("stacks a street line over its city line when one word's box reaches down into the city line", () => {
    const page = pageFromLines(["Alpes Fournitures Industrielles", "", ".Parc Technologique, 3 rue Lavoisier", ".38000 Grenoble"], ocr);
    // OCR gave "Lavoisier" a box two lines tall (a speck under it), as on a degraded scan of seed 91.
    const lavoisier = page.words.find((word) => word.text === "Lavoisier");
    if (!lavoisier) throw new Error("no Lavoisier");
    lavoisier.bbox = [lavoisier.bbox[0], lavoisier.bbox[1] - 4, lavoisier.bbox[2], lavoisier.bbox[3] + 18];
    expect(detectSensitive([page]).filter((finding) => finding.type === "address").map((finding) => finding.normalized)).toEqual(["Parc Technologique, 3 rue Lavoisier, 38000 Grenoble"]);
  });
});

describe("IBANs with characters a scan left in doubt", () => {
  it("tries an unreadable mark as every digit and keeps the one reading mod 97 allows", () => {
    expect(found(["IBAN : BE§6 0013 7517 4050 + ~ a TVA21%"], "iban", ocr)).toEqual(["BE86001375174050"]);
    expect(found(["IBAN : FR76 3000 2649 9140 5502 287% 313 Wl"], "iban", ocr)).toEqual(["FR7630002649914055022878313"]);
    // Three marks are too many; a wrong digit besides the mark leaves no reading.
    expect(found(["IBAN : BE§6 0013 75§7 40§0"], "iban", ocr)).toEqual([]);
    expect(found(["IBAN : BE§6 0013 7517 4051"], "iban", ocr)).toEqual([]);
  });

  it("reads an S in a digit position as an 8 too, and drops an accent a scan put on a capital", () => {
    expect(found(['©" IBAN * BESS 7340 4492 0406'], "iban", ocr)).toEqual(["BE85734044920406"]);
    expect(found(["IBAN: DÈO6 1007 0000 9650 6676 77, “Tax 19%"], "iban", ocr)).toEqual(["DE06100700009650667677"]);
  });

  it("reads an E or P for the F of FR when mod 97 then passes (seed 123)", () => {
    expect(found(["IBAN : ER76 1010 7321 2450 9268 7058 286"], "iban", ocr)).toEqual(["FR7610107321245092687058286"]);
    expect(found(["IBAN : PR76 1010 7321 2450 9268 7058 286"], "iban", ocr)).toEqual(["FR7610107321245092687058286"]);
    expect(found(["IBAN : ER76 1010 7321 2450 9268 7058 287"], "iban", ocr)).toEqual([]);
  });

  it("reads a 3 for the B of a BIC after its label", () => {
    expect(found(["BIC : 3SCHESMMXXX- |"], "bic", ocr)).toEqual(["BSCHESMMXXX"]);
    expect(found(["Ref 3SCHESMMXXX"], "bic", ocr)).toEqual([]);
  });
});

describe("a French phone number with a dot a scan read as a colon (seed 77)", () => {
  it("reads the colon as the dot it is when the other pairs are parted by dots", () => {
    expect(found(["T; : 05.24.44.07:77 © ‘ St : Emise le 18-04-2025"], "phone", ocr)).toEqual(["+33524440777"]);
    expect(found(["01:42.68.53.00"], "phone", ocr)).toEqual(["+33142685300"]);
  });

  it("takes one colon only, never a time or a colon-parted reference", () => {
    expect(found(["Réf. 01:42:68.53.00"], "phone", ocr)).toEqual([]);
    expect(found(["Heure : 10:30 12.45.67.89"], "phone", ocr)).toEqual([]);
    expect(found(["Code 11:42.68.53.00"], "phone", ocr)).toEqual([]);
  });
});

describe("a street line's complement that OCR read as a line of its own (seed 91)", () => {
  /** The page as tesseract gave it: "appt 12" beside the street line, but its words after the city line's. */
  const readApart = (street: string, city: string): ReturnType<typeof pageFromLines> => {
    const page = pageFromLines([street, city], ocr);
    const complement = page.words.filter((word) => /^(?:appt|12|Tél|01)$/.test(word.text));
    return { ...page, words: [...page.words.filter((word) => !complement.includes(word)), ...complement] };
  };
  const addresses = (page: ReturnType<typeof pageFromLines>): string[] => detectSensitive([page]).filter((finding) => finding.type === "address").map((finding) => finding.normalized);

  it("joins 'appt 12' to the street line it sits beside, after its comma", () => {
    expect(addresses(readApart("7 résidence Les Tilleuls,     appt 12", "20200 Bastia"))).toEqual(["7 résidence Les Tilleuls, appt 12, 20200 Bastia"]);
  });

  it("leaves a line beside the street alone when it is no flat or building, or when no comma ends the street", () => {
    expect(addresses(readApart("7 résidence Les Tilleuls,     Tél 01", "20200 Bastia"))).toEqual(["7 résidence Les Tilleuls, 20200 Bastia"]);
    expect(addresses(readApart("7 résidence Les Tilleuls     appt 12", "20200 Bastia"))).toEqual(["7 résidence Les Tilleuls, 20200 Bastia"]);
  });
});

describe("an email domain and a letterhead word that disagree by a letter (seed 91)", () => {
  /** The letterhead "Cabinet Marchai" and the address, each word with the confidence tesseract gave it. */
  const page = (letterhead: number, address: number): ReturnType<typeof pageFromLines> => {
    const read = pageFromLines(["# Cabinet Marchai Expertise Comptable", "compta@cabinet-marchal fr"], ocr);
    return { ...read, words: read.words.map((word) => ({ ...word, confidence: word.text.startsWith("compta@") || word.text === "fr" ? address : letterhead })) };
  };
  const emails = (read: ReturnType<typeof pageFromLines>): string[] => detectSensitive([read]).filter((finding) => finding.type === "email").map((finding) => finding.normalized);

  it("keeps the address as read when the OCR was surer of it than of the letterhead word", () => {
    expect(emails(page(85, 91))).toEqual(["compta@cabinet-marchal.fr"]);
  });

  it("still takes the page's word when the OCR read it at least as surely", () => {
    expect(emails(page(91, 85))).toEqual(["compta@cabinet-marchai.fr"]);
    expect(emails(page(90, 90))).toEqual(["compta@cabinet-marchai.fr"]);
  });
});

describe("a NIR with one digit a scan made unreadable (seed 123)", () => {
  it("tries every digit in the mark's place after a NIR label, and keeps the one reading the key allows", () => {
    expect(found(["N° SS du salarié : 2 62 12 2A 171 00% 39"], "nir", ocr)).toEqual(["262122A17100539"]);
    expect(found(["N° de sécurité sociale : 1 85 07 75 1§3 456 08"], "nir", ocr)).toEqual(["185077512345608"]);
    expect(found(["Trainee's French social security no.: 1 85 07 75 123 456 £8"], "nir", ocr)).toEqual(["185077512345608"]);
  });

  it("needs the label (one random run in ten would pass with some digit), one mark only, and a digit that makes the key check", () => {
    expect(found(["Réf. 2 62 12 2A 171 00% 39"], "nir", ocr)).toEqual([]);
    expect(found(["N° SS du salarié : 2 62 12 2A 1§1 00% 39"], "nir", ocr)).toEqual([]);
    // No digit in the mark's place gives key 45.
    expect(found(["N° SS du salarié : 2 62 12 2A 171 00% 45"], "nir", ocr)).toEqual([]);
  });
});

describe("a RIB whose key a scan made unreadable, beside the French IBAN that holds it (seed 123)", () => {
  const iban = "LIBAN : FR76 1010 7606 0399 4697 1390 470 : TV.A 55% or m2";
  it("takes the IBAN's BBAN when bank, branch and account are its 21 characters, the key's words included", () => {
    const findings = detectSensitive([pageFromLines([iban, "Banque 10107 Guichet 60603 Compte 99469713904 clé J . Net à payer 486,78 €"], ocr)]).filter((finding) => finding.type === "rib");
    expect(findings.map((finding) => [finding.normalized, finding.value])).toEqual([["10107606039946971390470", "Banque 10107 Guichet 60603 Compte 99469713904 clé J"]]);
    // One of the 21 misread too.
    expect(found([iban, "Banque 10107 Guichet 60603 Compte 99469718904 clé J"], "rib", ocr)).toEqual(["10107606039946971390470"]);
  });

  it("needs the page's checked IBAN, and the RIB's characters to be its BBAN's", () => {
    expect(found(["Banque 10107 Guichet 60603 Compte 99469713904 clé J"], "rib", ocr)).toEqual([]);
    expect(found([iban, "Banque 10107 Guichet 60603 Compte 99469718909 clé J"], "rib", ocr)).toEqual([]);
    expect(found(["IBAN : FR76 1010 7606 0399 4697 1390 471", "Banque 10107 Guichet 60603 Compte 99469713904 clé J"], "rib", ocr)).toEqual([]);
  });
});

describe("specks a scan left at the end of an address line, and a city's capital read in lower case (seeds 91, 123)", () => {
  it("drops a mark and the speck after it, or one or two lower-case letters after the street's last name", () => {
    expect(found(["14 avenüe de Verdun * Cn", "20000 Ajaccio          Facture n° OMS-2023-5387"], "address", ocr)).toEqual(["14 avenüe de Verdun, 20000 Ajaccio"]);
    expect(found(["+ 63 quai de là Fosse ay", "44100 Nantes          ‘ . Try"], "address", ocr)).toEqual(["63 quai de là Fosse, 44100 Nantes"]);
    // A street's own last words stay.
    expect(found(["7 résidence Les Tilleuls, appt 12", "20200 Bastia"], "address", ocr)).toEqual(["7 résidence Les Tilleuls, appt 12, 20200 Bastia"]);
    expect(found(["12 rue de la Paix", "75002 Paris"], "address", ocr)).toEqual(["12 rue de la Paix, 75002 Paris"]);
  });

  it("reads a city's first c, o, s, v, w, x or z as the capital it is (same shape), no other letter", () => {
    expect(found(["4 allée des Platanes i          . US ë- ..", "69100 villéurbanne          æ ut 2 ,"], "address", ocr)).toEqual(["4 allée des Platanes, 69100 Villéurbanne"]);
    expect(found(["4 allée des Platanes", "69100 villeurbanne"], "address", ocr)).toEqual(["4 allée des Platanes, 69100 Villeurbanne"]);
    expect(found(["4 allée des Platanes", "69100 lyon"], "address", ocr)).toEqual([]);
  });
});

describe("a contact's name whose label a scan garbled, followed by the mailbox that spells it (seed 123)", () => {
  it("takes the name when the address after its dash starts with first name and surname (or initial and surname)", () => {
    expect(found(["= Troe Cel Olivier N'Diaye - - olivier. ndïaÿeOhote-cygnes.fr"], "person", ocr)).toEqual(["Olivier N'Diaye"]);
    expect(found(["Hq Sandrine Fontaine - sfontaine@leroy-elec.fr"], "person", ocr)).toEqual(["Sandrine Fontaine"]);
  });

  it("needs the mailbox to spell the name: a role mailbox or another person's is no evidence", () => {
    expect(found(["= Troe Cel Olivier N'Diaye - facturation@hotel-cygnes.fr"], "person", ocr)).toEqual([]);
    expect(found(["Hôtel Cygnes - hotel.cygnes@exemple.fr"], "person", ocr)).toEqual([]);
    expect(found(["Leroy Électricité - leroy.electricite@exemple.fr"], "person", ocr)).toEqual([]);
  });
});
