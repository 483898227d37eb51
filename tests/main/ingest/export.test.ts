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
import { frenchInvoicePdf } from "./sample-invoices.js";

const squeeze = (text: string) => text.replace(/[\s.\-/]/g, "").toUpperCase();

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
});
