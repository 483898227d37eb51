import { describe, expect, it } from "vitest";
import { FIELD_NAMES, type InvoiceFields } from "../../../shared/invoice.js";
import { detectSensitive } from "../../../main/detect/index.js";
import { fieldFindings } from "../../../main/ingest/field-findings.js";
import { mergeFindings } from "../../../main/ingest/merge-findings.js";
import { doc } from "../classify/pages.js";

const IBAN = "FR7630006000011234567890189";
const fields = (values: Partial<InvoiceFields>): InvoiceFields => ({ ...(Object.fromEntries(FIELD_NAMES.map((name) => [name, null])) as InvoiceFields), ...values });

describe("merging invoice-field findings with the detectors'", () => {
  const pages = doc(["Papeterie Dupont SARL", "IBAN : FR76 3000 6000 0112 3456 7890 189", "BIC : AGRIFRPP", "Contact : compta@dupont.fr"]);

  it("reports a printed field value once, with the field's name, its words' union box and the higher confidence", () => {
    const merged = mergeFindings(pages, fieldFindings(pages, fields({ iban: IBAN, bic: "AGRIFRPP" })), detectSensitive(pages));
    expect(merged.map((finding) => finding.type).sort()).toEqual(["bic", "email", "iban"]);
    const iban = merged.find((finding) => finding.type === "iban");
    expect(iban).toMatchObject({ field: "iban", page: 1 });
    expect(iban?.wordIndexes).toHaveLength(7);
    const words = pages[0]?.words ?? [];
    expect(iban?.bbox).toEqual([words[5]?.bbox[0], words[5]?.bbox[1], words[11]?.bbox[2], words[11]?.bbox[3]]);
    expect(merged.find((finding) => finding.type === "email")?.field).toBeNull();
  });

  it("gives an unlocated field value (from an embedded XML) to the occurrence a detector found on the page", () => {
    const unlocated = [{ type: "iban" as const, value: IBAN, normalized: IBAN, field: "iban" as const, page: null, wordIndexes: [], bbox: null, confidence: 1 }];
    const merged = mergeFindings(pages, unlocated, detectSensitive(pages));
    expect(merged.filter((finding) => finding.type === "iban")).toMatchObject([{ field: "iban", page: 1 }]);
    // Not printed at all: kept as it is (it is still sealed).
    const elsewhere = [{ ...unlocated[0], value: "DE89370400440532013000", normalized: "DE89370400440532013000" }] as typeof unlocated;
    expect(mergeFindings(pages, elsewhere, detectSensitive(pages)).filter((finding) => finding.type === "iban").map((finding) => finding.page).sort()).toEqual([1, null]);
  });
});
