/**
 * A person's name found by its cue on one page, printed again elsewhere in the document: a sole trader's
 * name in the letterhead's trading name ("Thierry Roux Plomberie"), which the redacted export printed in
 * clear while the footer's "Thierry Roux, Entrepreneur individuel (EI)" was masked (bench:detect tuning
 * seeds 77, 91, 123: every born-digital leak). Lines as the PDF text layer gives them.
 */
import { describe, expect, it } from "vitest";
import { detectSensitive } from "../../../main/detect/index.js";
import { pageFromLines } from "../classify/pages.js";

const letterhead = ["Thierry Roux Plomberie                                   Client", "17 chemin des Vignes                                     Marie-Claire Vasseur", "13100 Aix-en-Provence"];
const footer = ["Dispensé d'immatriculation au registre du commerce et des sociétés", "Thierry Roux, Entrepreneur individuel (EI) - N° SIRET : 876 056 425 00914"];

const personWords = (pages: ReturnType<typeof pageFromLines>[]): string[] =>
  detectSensitive(pages)
    .filter((finding) => finding.type === "person")
    .map((finding) => `${finding.page}: ${finding.wordIndexes.map((index) => pages[(finding.page ?? 1) - 1]?.words[index]?.text?.replace(/,$/, "")).join(" ")}`);

describe("a person's name printed again elsewhere in the document", () => {
  it("takes the sole trader's name in the trading name of the letterhead, on every page, and only the name's words", () => {
    const pages = [pageFromLines([...letterhead, "Facture 2024-471", ...footer], { page: 1 }), pageFromLines(["Thierry Roux Plomberie", "Conditions générales de vente", ...footer], { page: 2 })];
    const found = personWords(pages);
    expect(found).toContain("1: Thierry Roux");
    expect(found.filter((entry) => entry === "1: Thierry Roux")).toHaveLength(2);
    expect(found.filter((entry) => entry === "2: Thierry Roux")).toHaveLength(2);
    // "Plomberie" stays: it is the business, not the person.
    expect(found.some((entry) => entry.includes("Plomberie"))).toBe(false);
  });

  it("with a scan's quote in front of the name, the same normalized value", () => {
    const pages = [pageFromLines(["“Thierry Roux Plomberie =", ...footer], { page: 1, source: "ocr" })];
    const names = detectSensitive(pages).filter((finding) => finding.type === "person");
    expect(names.map((finding) => finding.normalized)).toEqual(["Thierry Roux", "Thierry Roux"]);
  });

  it("needs the whole name, in capitals, and a name found first", () => {
    // Only the surname, or the name as common words: not the person.
    expect(personWords([pageFromLines(["Roux Plomberie", ...footer])])).toEqual(["1: Thierry Roux"]);
    expect(personWords([pageFromLines(["Le Petit Vasseur", "Facturé à", "Marie-Claire Vasseur", "7 résidence Les Tilleuls", "20200 Bastia"])])).toEqual(["1: Marie-Claire Vasseur"]);
    // No cue anywhere: the letterhead alone is a business name.
    expect(personWords([pageFromLines(["Thierry Roux Plomberie", "17 chemin des Vignes", "13100 Aix-en-Provence"])])).toEqual([]);
  });
});
