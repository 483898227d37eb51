import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportRedactedPdf } from "../../../main/documents/export.js";
import { importFiles } from "../../../main/ingest/pipeline.js";
import { unwrapBlobKeyFromVault } from "../../../main/crypto/blob-keys.js";
import { createOcrPool, type OcrPool } from "../../../main/ocr/pool.js";
import { renderPdfPage } from "../../../main/pdf/render.js";
import { writeBlob } from "../../../main/vault/blob-store.js";
import { listBlobsOfDocument } from "../../../main/vault/queries/documents.js";
import { PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { generateDocumentSpec, renderBornDigitalPdf } from "../../fixtures/generator/index.js";
import { frenchInvoicePdf } from "./sample-invoices.js";

const squeeze = (text: string) => text.replace(/[\s.\-/]/g, "").toUpperCase();
const squeezeAll = (text: string) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9@]/g, "").toUpperCase();

describe("redacted PDF export", () => {
  let ocr: OcrPool;
  beforeAll(() => {
    ocr = createOcrPool({ size: 1 });
  });
  afterAll(async () => {
    await ocr.terminate();
  });

  it("rebuilds a Factur-X invoice without its XML, metadata or identifiers, checked by independent tools", async () => {
    const { dir } = await makeVault();
    const truth = JSON.parse(readFileSync(join(REPO_ROOT, "samples/truth.json"), "utf8")) as { documents: { files: Record<string, string>; fields: Record<string, string | null> }[] };
    const facturx = truth.documents.find((doc) => doc.files.facturx);
    if (!facturx?.files.facturx) throw new Error("no Factur-X sample");
    const source = join(REPO_ROOT, "samples", facturx.files.facturx);
    expect(execFileSync("qpdf", ["--list-attachments", source], { encoding: "utf8" })).toMatch(/factur-x\.xml|zugferd/i);

    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const [imported] = await importFiles(clerk, [source], { ocr });
    const out = join(tempDir(), "redacted.pdf");
    await exportRedactedPdf(clerk, imported?.id ?? "", { ocr, out });
    clerk.lock();

    expect(() => execFileSync("qpdf", ["--check", out], { encoding: "utf8" })).not.toThrow();
    expect(execFileSync("qpdf", ["--list-attachments", out], { encoding: "utf8" })).toMatch(/no embedded files/i);
    const info = execFileSync("pdfinfo", [out], { encoding: "utf8" });
    expect(info).toMatch(/Pages:\s+1/);
    expect(info).not.toMatch(/^(Producer|Creator|Author|Title|Subject|Keywords):/m);
    expect(info).toMatch(/^Metadata Stream:\s+no/m);
    const text = execFileSync("pdftotext", ["-layout", out, "-"], { encoding: "utf8" });
    expect(text).toContain(facturx.fields.invoiceNumber ?? "?"); // the rest stays readable and searchable
    const raw = readFileSync(out);
    for (const value of [facturx.fields.iban, facturx.fields.sellerVat, facturx.fields.sellerSiret].filter((entry): entry is string => Boolean(entry))) {
      expect(squeeze(text)).not.toContain(value);
      expect(raw.includes(Buffer.from(value))).toBe(false);
    }
    // Independent OCR (Debian's tesseract) of the export's pages finds none of them either.
    const png = join(tempDir(), "page");
    execFileSync("pdftoppm", ["-r", "200", "-png", "-singlefile", out, png]);
    const ocrText = execFileSync("tesseract", [`${png}.png`, "-", "-l", "fra+eng"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    expect(squeeze(ocrText)).toContain(squeeze(facturx.fields.invoiceNumber ?? "?")); // the page is readable
    for (const value of [facturx.fields.iban, facturx.fields.sellerVat].filter((entry): entry is string => Boolean(entry))) expect(squeeze(ocrText)).not.toContain(value);
  });

  it("leaves out what the detectors found too (seller's email and phone, addresses, contact name) on a generated Factur-X invoice", async () => {
    const spec = generateDocumentSpec(501, 22); // a seed the detection benchmark does not use
    const wanted = ["email", "phone", "address", "person", "iban", "vat", "siret"];
    expect(wanted.every((type) => spec.sensitive.some((item) => item.type === type))).toBe(true);
    const { dir } = await makeVault();
    const source = join(tempDir(), "facturx.pdf");
    writeFileSync(source, await renderBornDigitalPdf(spec, { facturx: "2.x" }));
    expect(execFileSync("qpdf", ["--list-attachments", source], { encoding: "utf8" })).toMatch(/factur-x\.xml/i);
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const [imported] = await importFiles(clerk, [source], { ocr });
    expect(imported?.source).toBe("facturx");
    const types = new Set(imported?.sensitive?.filter((entry) => entry.page !== null).map((entry) => entry.type));
    for (const type of ["email", "phone", "address", "person"]) expect(types.has(type as never), type).toBe(true);
    const out = join(tempDir(), "redacted.pdf");
    await exportRedactedPdf(clerk, imported?.id ?? "", { ocr, out });
    clerk.lock();

    expect(() => execFileSync("qpdf", ["--check", out], { encoding: "utf8" })).not.toThrow();
    expect(execFileSync("qpdf", ["--list-attachments", out], { encoding: "utf8" })).toMatch(/no embedded files/i);
    const info = execFileSync("pdfinfo", [out], { encoding: "utf8" });
    expect(info).toMatch(/Pages:\s+1/);
    expect(info).toMatch(/^Metadata Stream:\s+no/m);
    const text = squeezeAll(execFileSync("pdftotext", [out, "-"], { encoding: "utf8" }));
    const raw = readFileSync(out).toString("latin1");
    const png = join(tempDir(), "page");
    execFileSync("pdftoppm", ["-r", "200", "-png", "-singlefile", out, png]);
    const seen = squeezeAll(execFileSync("tesseract", [`${png}.png`, "-", "-l", "fra+eng"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    expect(seen).toContain(squeezeAll(spec.number)); // the page is readable...
    expect(text).toContain(squeezeAll(spec.number));
    // ...but no protected value: ids as printed, an address's street line, a full name.
    const needles = spec.sensitive.map((item) => (item.type === "address" ? (item.value.split("\n")[0] ?? "") : item.value)).map(squeeze);
    // The IBAN and the seller's contact details of the embedded XML are gone with the attachment.
    needles.push(squeezeAll(spec.supplier.iban ?? ""), squeezeAll(spec.supplier.email));
    for (const needle of needles.filter((entry) => entry.length >= 6)) {
      expect(text, "text layer").not.toContain(needle);
      expect(seen, "OCR of the page").not.toContain(needle);
      expect(raw.toUpperCase()).not.toContain(needle);
    }
  });

  it("refuses the export when a protected value can still be read on a page", async () => {
    const { dir } = await makeVault();
    const inbox = tempDir();
    const original = await frenchInvoicePdf();
    writeFileSync(join(inbox, "dupont.pdf"), original);
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const [imported] = await importFiles(clerk, [inbox], { ocr });
    const id = imported?.id ?? "";
    // Simulate a masking miss: the stored page image replaced by the unmasked page.
    const page = listBlobsOfDocument(clerk.db, id).find((blob) => blob.kind === "page");
    if (!page) throw new Error("no page image");
    const key = unwrapBlobKeyFromVault(clerk.keys, clerk.vaultId, page.blobId, page.wrappedKey);
    await writeBlob(clerk.paths.blobs, page.blobId, await renderPdfPage(original, 1, 110), key);
    const out = join(tempDir(), "leaky.pdf");
    await expect(exportRedactedPdf(clerk, id, { ocr, out })).rejects.toThrow(/export refused: a protected value/);
    expect(existsSync(out)).toBe(false);
    clerk.lock();
  });

  it("refuses it too for a redacted card number, which keeps no blind index to compare with", async () => {
    const { dir } = await makeVault();
    const spec = generateDocumentSpec(501, 89); // an invoice paid by card
    const original = await renderBornDigitalPdf(spec);
    const source = join(tempDir(), "card.pdf");
    writeFileSync(source, original);
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const [imported] = await importFiles(clerk, [source], { ocr });
    const id = imported?.id ?? "";
    expect(imported?.sensitive?.find((entry) => entry.type === "card")?.action).toBe("redact");
    const fine = join(tempDir(), "fine.pdf");
    await exportRedactedPdf(clerk, id, { ocr, out: fine }); // masked: accepted
    const page = listBlobsOfDocument(clerk.db, id).find((blob) => blob.kind === "page" && blob.page === 1);
    if (!page) throw new Error("no page image");
    const key = unwrapBlobKeyFromVault(clerk.keys, clerk.vaultId, page.blobId, page.wrappedKey);
    await writeBlob(clerk.paths.blobs, page.blobId, await renderPdfPage(original, 1, 110), key);
    const out = join(tempDir(), "leaky.pdf");
    await expect(exportRedactedPdf(clerk, id, { ocr, out })).rejects.toThrow(/export refused: a protected value \([^)]*\bcard\b[^)]*\)/);
    expect(existsSync(out)).toBe(false);
    clerk.lock();
  });
});
