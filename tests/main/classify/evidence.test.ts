/**
 * The seller's clues besides its name and identifiers (main/classify/evidence.ts): phone numbers, emails,
 * domains and postcodes, normalised so two printings compare equal, the customer's left out.
 */
import { describe, expect, it } from "vitest";
import { sellerEvidence } from "../../../main/classify/evidence.js";
import { doc } from "./pages.js";

const ocr = (lines: string[]) => doc(lines, { source: "ocr" });

describe("sellerEvidence", () => {
  it("reads one phone number the same in its international and national forms, look-alike letters as digits", () => {
    const international = sellerEvidence(ocr(["# Menuiserie Dubois", "12 rue Haute", "Phone: +33 (0)S 31 85 20 51"])).phones;
    const national = sellerEvidence(ocr(["# Menuiserie Dubois", "Tél. : 05.31.85.20.51"])).phones;
    expect(international).toEqual(["531852051"]);
    expect(national).toEqual(international);
    // A digit run without a phone label or a '+' is some other number.
    expect(sellerEvidence(ocr(["# Menuiserie Dubois", "Réf. 0531852051"])).phones).toEqual([]);
  });

  it("reads an email with the spaces OCR puts around its dots, and its domain", () => {
    const evidence = sellerEvidence(ocr(["# Cabinet Noyer", "billing@cabinet-noyer. fr"]));
    expect(evidence.emails).toEqual(["billing@cabinet-noyer.fr"]);
    expect(evidence.domains).toEqual(["cabinet-noyer.fr"]);
    expect(sellerEvidence(ocr(["# Cabinet Noyer", "www.cabinet-noyer.fr"])).domains).toEqual(["cabinet-noyer.fr"]);
  });

  it("keeps a free mail address but not its shared domain", () => {
    const evidence = sellerEvidence(ocr(["# Jean Morel Plomberie", "jean.morel.plombier@gmail.com"]));
    expect(evidence.emails).toEqual(["jean.morel.plombier@gmail.com"]);
    expect(evidence.domains).toEqual([]);
  });

  it("leaves out the customer's phone, email and postcode", () => {
    const evidence = sellerEvidence(
      ocr([
        "Imprimerie Lenoir            Facturé à :",
        "4 rue des Arts, 69002 Lyon   Hôtel du Parc",
        "Tél. 04 72 00 11 22          18 quai Nord, 13002 Marseille",
        "                             compta@hotelduparc.fr",
        "",
        "",
        "Votre téléphone : 04 91 55 66 77",
      ]),
    );
    expect(evidence.phones).toEqual(["472001122"]);
    expect(evidence.emails).toEqual([]);
    expect(evidence.postcodes).toEqual(["69002 lyon"]);
  });
});
