import { composeIBAN } from "ibantools";
import { stdnum } from "stdnum";
import { describe, expect, it } from "vitest";
import { findAmounts, formatCents } from "../../../main/classify/amounts.js";
import { findDates, inferDateOrder } from "../../../main/classify/dates.js";
import { findIbans, isValidBic, isValidSiret, isValidVat, readBic, readIban, readSiret, readVat } from "../../../main/classify/identifiers.js";

function amount(text: string): string | null {
  const found = findAmounts(text, { repair: true }).pop();
  return found ? formatCents(found.cents) : null;
}

describe("amounts", () => {
  it.each([
    ["1 234,56 €", "1234.56"],
    ["1\u00a0234,56\u00a0€", "1234.56"],
    ["1\u202f234,56 €", "1234.56"],
    ["1.234,56 EUR", "1234.56"],
    ["1,234.56", "1234.56"],
    ["£1,234.56", "1234.56"],
    ["1234.56", "1234.56"],
    ["CHF 1'234.50", "1234.50"],
    ["$12,345,678.90", "12345678.90"],
    ["-120,00 €", "120.00"],
    ["(120.00)", "120.00"],
    ["12,5", "12.50"],
    ["1 2O4,5O €", "1204.50"],
  ])("reads %s as %s", (text, expected) => {
    expect(amount(text)).toBe(expected);
  });

  it("knows the currency and the sign", () => {
    expect(findAmounts("CHF 1'234.50")[0]?.currency).toBe("CHF");
    expect(findAmounts("£1,234.56")[0]?.currency).toBe("GBP");
    expect(findAmounts("1 234,56 €")[0]?.currency).toBe("EUR");
    expect(findAmounts("-120,00")[0]?.negative).toBe(true);
    expect(findAmounts("(120.00)")[0]?.negative).toBe(true);
  });

  it("skips percentages, dates and references", () => {
    expect(findAmounts("TVA 20 % sur 05/03/2024 ref F-2024-001").map((found) => found.cents)).toEqual([]);
    expect(findAmounts("TVA 5,5% 11,00").map((found) => found.cents)).toEqual([1100]);
  });
});

describe("dates", () => {
  it.each([
    ["05/03/2024", "2024-03-05"],
    ["5/3/24", "2024-03-05"],
    ["05.03.2024", "2024-03-05"],
    ["05-03-2024", "2024-03-05"],
    ["2024-03-05", "2024-03-05"],
    ["5 mars 2024", "2024-03-05"],
    ["1er mars 2024", "2024-03-01"],
    ["15 février 2024", "2024-02-15"],
    ["3 août 2024", "2024-08-03"],
    ["5 March 2024", "2024-03-05"],
    ["March 5, 2024", "2024-03-05"],
    ["5th March 2024", "2024-03-05"],
    ["Sept. 30, 2024", "2024-09-30"],
    ["O5/O3/2O24", "2024-03-05"],
  ])("reads %s as %s", (text, iso) => {
    expect(findDates(text)[0]?.iso).toBe(iso);
  });

  it("reads numeric dates month-first only when asked, and lets an impossible day decide", () => {
    expect(findDates("03/05/2024", "MDY")[0]?.iso).toBe("2024-03-05");
    expect(findDates("13/05/2024", "MDY")[0]?.iso).toBe("2024-05-13");
    expect(findDates("05/13/2024", "DMY")[0]?.iso).toBe("2024-05-13");
    expect(findDates("31/02/2024")).toEqual([]);
  });

  it("infers the order from the document", () => {
    expect(inferDateOrder("Facture du 05/03/2024, échéance le 04/04/2024")).toBe("DMY");
    expect(inferDateOrder("Invoice date 03/05/2024\nDue 04/20/2024")).toBe("MDY");
    expect(inferDateOrder("Invoice date: 03/05/2024\nAcme Inc, Austin, TX 78701\nSales tax 8.25%\nTotal due $1,000.00")).toBe("MDY");
    expect(inferDateOrder("Invoice date: 03/05/2024\nAcme Ltd, London\nVAT 20%\nTotal due £1,000.00")).toBe("DMY");
  });
});

describe("identifiers", () => {
  it("validates IBANs, FR and other EU VAT numbers, SIRETs and BICs", () => {
    expect(readIban("FR76 3000 6000 0112 3456 7890 189")).toEqual({ value: "FR7630006000011234567890189", valid: true, repaired: false });
    expect(readIban("FR76 3000 6000 0112 3456 7890 188")?.valid).toBe(false);
    expect(isValidVat("FR40303265045")).toBe(true);
    expect(isValidVat("FR41303265045")).toBe(false);
    expect(isValidVat("DE136695976")).toBe(true);
    expect(isValidVat("BE0403019261")).toBe(true);
    expect(isValidSiret("73282932000074")).toBe(true);
    expect(isValidSiret("73282932000075")).toBe(false);
    expect(isValidBic("AGRIFRPP882")).toBe(true);
    expect(isValidBic("AGRIXXPP")).toBe(false);
  });

  it("applies the La Poste exception: SIRETs of SIREN 356000000 need a digit sum that is a multiple of 5", () => {
    expect(isValidSiret("35600000000048")).toBe(true); // head office, also Luhn-valid
    expect(isValidSiret("35600000049837")).toBe(true); // digit sum 45, not Luhn-valid
    expect(isValidSiret("35600000049838")).toBe(false);
    expect(stdnum.FR?.siret?.validate("35600000049837").isValid).toBe(true);
  });

  it("repairs OCR confusions only when the repaired value passes its checksum", () => {
    expect(readIban("FR76 3OOO 6OOO O112 3456 789O 189")).toEqual({ value: "FR7630006000011234567890189", valid: true, repaired: true });
    expect(readIban("FR76 3OOO 6OOO O112 3456 789O 188")?.valid).toBe(false);
    expect(readVat("FR4O3O3265O45")).toEqual({ value: "FR40303265045", valid: true, repaired: true });
    expect(readVat("FR4O3O3265O46")?.valid).toBe(false);
    expect(readSiret("732 829 32O OOO74")).toEqual({ value: "73282932000074", valid: true, repaired: true });
    expect(readSiret("732 829 32O OOO75")?.valid).toBe(false);
    expect(readBic("AGR1FRPP882")).toEqual({ value: "AGRIFRPP882", valid: true, repaired: true });
  });

  it("finds an IBAN in running text whatever its grouping, up to its country's length", () => {
    const german = composeIBAN({ countryCode: "DE", bban: "370400440532013000" });
    expect(german).toBe("DE89370400440532013000");
    const found = findIbans("IBAN: DE89 3704 0044 0532 0130 00 BIC: COBADEFFXXX");
    expect(found.map((iban) => [iban.value, iban.valid])).toEqual([["DE89370400440532013000", true]]);
  });
});
