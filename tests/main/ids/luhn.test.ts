import { describe, expect, it } from "vitest";
import { isLuhnValid, isValidSiren } from "../../../main/ids/luhn.js";
import { isSirenValid, isLuhnValid as detectLuhn } from "../../../main/detect/checksums.js";
import { isValidSiren as classifySiren } from "../../../main/classify/identifiers.js";

describe("main/ids/luhn", () => {
  it("accepts Luhn-valid numbers and refuses one digit off or swapped", () => {
    expect(isLuhnValid("4111111111111111")).toBe(true);
    expect(isLuhnValid("4111111111111112")).toBe(false);
    expect(isLuhnValid("79927398713")).toBe(true);
    expect(isLuhnValid("79927398731")).toBe(false);
  });

  it("refuses what is not two or more digits", () => {
    expect(isLuhnValid("")).toBe(false);
    expect(isLuhnValid("0")).toBe(false);
    expect(isLuhnValid("4111 1111 1111 1111")).toBe(false);
    expect(isLuhnValid("41111111111111l1")).toBe(false);
  });

  it("a SIREN is 9 Luhn-valid digits", () => {
    expect(isValidSiren("732829320")).toBe(true);
    expect(isValidSiren("732829321")).toBe(false);
    expect(isValidSiren("73282932")).toBe(false);
    expect(isValidSiren("0732829320")).toBe(false);
  });

  it("classify and detect use this one rule", () => {
    expect(isSirenValid).toBe(isValidSiren);
    expect(classifySiren).toBe(isValidSiren);
    expect(detectLuhn).toBe(isLuhnValid);
  });
});
