import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { viewDocument } from "../../../main/documents/view.js";
import { importFiles } from "../../../main/ingest/pipeline.js";
import { createOcrPool, type OcrPool } from "../../../main/ocr/pool.js";
import { renderPdfPage } from "../../../main/pdf/render.js";
import { countDocuments, listQuarantine } from "../../../main/vault/queries/documents.js";
import { PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { hugeBlankPng } from "../ocr/huge-png.js";
import { frenchInvoicePdf, notAnInvoicePdf, SUPPLIER } from "./sample-invoices.js";

const PARSE_WORKER = pathToFileURL(join(REPO_ROOT, "dist/main/parse/parse-worker.js"));

describe("import pipeline", () => {
  let ocr: OcrPool;
  beforeAll(() => {
    ocr = createOcrPool({ size: 1 });
  });
  afterAll(async () => {
    await ocr.terminate();
  });

  it("imports a born-digital invoice: fields read, identifiers sealed and masked, never stored in clear", async () => {
    const { dir } = await makeVault();
    const inbox = tempDir();
    writeFileSync(join(inbox, "dupont.pdf"), await frenchInvoicePdf());
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const [result] = await importFiles(clerk, [inbox], { ocr, parseWorkerFile: PARSE_WORKER });
    expect(result).toMatchObject({ status: "imported", docType: "invoice", source: "text", supplier: SUPPLIER.name, pages: 1 });
    expect(result?.fields).toMatchObject({
      invoiceNumber: "FA-2024-0042",
      issueDate: "2024-03-15",
      dueDate: "2024-04-14",
      currency: "EUR",
      totalNet: "1028.80",
      totalTax: "205.76",
      totalGross: "1234.56",
      sellerName: SUPPLIER.name,
      iban: "FR76 **** **** 0189",
    });
    expect(result?.fields?.sellerVat).not.toContain("732829");
    // The invoice fields and the detectors' findings merged: each printed value reported once.
    expect(result?.sensitive?.map((entry) => entry.type).sort()).toEqual(["address", "address", "bic", "iban", "siret", "vat"]);
    expect(result?.sensitive?.every((entry) => entry.confidence > 0.5 && entry.confidence <= 1)).toBe(true);
    expect(result?.sensitive?.every((entry) => entry.page === 1 && entry.bbox !== null && entry.action === "encrypt")).toBe(true);
    const id = result?.id ?? "";
    // The clerk reads it masked; the manager reveals it with a reason.
    expect(viewDocument(clerk, id).fields.iban).toBe("FR76 **** **** 0189");
    clerk.lock();
    const manager = await unlock(dir, "marc", PASSWORDS.manager);
    expect(viewDocument(manager, id, { reveal: true, reason: "supplier bank check" }).fields.iban).toBe(SUPPLIER.iban);
    manager.lock();
    // Nowhere in the vault's files in clear (the database is encrypted; blobs too).
    for (const name of readdirSync(dir, { recursive: true }).map(String)) {
      const path = join(dir, name);
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        continue;
      }
      for (const secret of [SUPPLIER.iban, "3000 6000 0112", SUPPLIER.vat, SUPPLIER.siret]) expect(bytes.includes(Buffer.from(secret)), `${secret} in ${name}`).toBe(false);
    }
  });

  it("OCRs a scanned invoice (PNG at 300 dpi) and finds its fields", async () => {
    const { dir } = await makeVault();
    const inbox = tempDir();
    writeFileSync(join(inbox, "scan.png"), await renderPdfPage(await frenchInvoicePdf(), 1, 300));
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const [result] = await importFiles(clerk, [inbox], { ocr, parseWorkerFile: PARSE_WORKER });
    clerk.lock();
    expect(result).toMatchObject({ status: "imported", source: "ocr", docType: "invoice" });
    expect(result?.ocr?.used).toBe(true);
    expect(result?.fields).toMatchObject({ invoiceNumber: "FA-2024-0042", totalGross: "1234.56", issueDate: "2024-03-15", iban: "FR76 **** **** 0189" });
  });

  it("quarantines corrupt, huge, encrypted, empty and non-invoice files with a reason while the rest of the batch imports", async () => {
    const { dir } = await makeVault();
    const inbox = tempDir();
    const good = await frenchInvoicePdf();
    writeFileSync(join(inbox, "a-good.pdf"), good);
    writeFileSync(join(inbox, "b-corrupt.pdf"), Buffer.concat([Buffer.from(good.subarray(0, 400)), Buffer.from("garbage")]));
    writeFileSync(join(inbox, "c-huge.png"), hugeBlankPng(20_000, 20_000));
    writeFileSync(join(inbox, "d-empty.pdf"), Buffer.alloc(0));
    writeFileSync(join(inbox, "e-picnic.pdf"), await notAnInvoicePdf());
    writeFileSync(join(inbox, "f-plain.pdf"), good);
    execFileSync("qpdf", ["--encrypt", "user-password", "owner-password", "256", "--", join(inbox, "f-plain.pdf"), join(inbox, "f-locked.pdf")]);
    writeFileSync(join(inbox, "f-plain.pdf"), await frenchInvoicePdf({ number: "FA-2024-0043", issueDate: "16/03/2024", gross: "1 234,56" }));
    writeFileSync(join(inbox, "g-again.pdf"), good);
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const results = await importFiles(clerk, [inbox], { ocr, parseWorkerFile: PARSE_WORKER, concurrency: 2 });
    const byFile = new Map(results.map((result) => [result.file, result]));
    expect(byFile.get("a-good.pdf")?.status).toBe("imported");
    expect(byFile.get("f-plain.pdf")?.status).toBe("imported");
    expect(byFile.get("g-again.pdf")).toMatchObject({ status: "duplicate", duplicateOf: byFile.get("a-good.pdf")?.id });
    const reasons = Object.fromEntries(results.filter((result) => result.status === "quarantined").map((result) => [result.file, result.reason]));
    expect(Object.keys(reasons).sort()).toEqual(["b-corrupt.pdf", "c-huge.png", "d-empty.pdf", "e-picnic.pdf", "f-locked.pdf"]);
    expect(reasons["c-huge.png"]).toMatch(/pixels|too large/);
    expect(reasons["d-empty.pdf"]).toBe("the file is empty");
    expect(reasons["f-locked.pdf"]).toBe("the PDF is password-protected");
    expect(reasons["e-picnic.pdf"]).toMatch(/not an invoice-like document/);
    for (const reason of Object.values(reasons)) expect(reason).not.toMatch(/\n|\bat .+:\d+/);
    expect(countDocuments(clerk.db)).toBe(2);
    expect(listQuarantine(clerk.db, null)).toHaveLength(5);
    clerk.lock();
  });

  it("flags the same supplier and invoice number with different bytes as a probable duplicate", async () => {
    const { dir } = await makeVault();
    const inbox = tempDir();
    writeFileSync(join(inbox, "one.pdf"), await frenchInvoicePdf());
    writeFileSync(join(inbox, "two.pdf"), await frenchInvoicePdf({ number: "FA-2024-0042", issueDate: "15/03/2024", gross: "1 234,56", stamp: "DUPLICATA" }));
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const [first, second] = await importFiles(clerk, [join(inbox, "one.pdf"), join(inbox, "two.pdf")], { ocr, parseWorkerFile: PARSE_WORKER, concurrency: 1 });
    clerk.lock();
    expect(first?.status).toBe("imported");
    expect(second?.status).toBe("imported");
    expect(second?.duplicateOf).toBe(first?.id);
    expect(second?.warnings?.map((warning) => warning.code)).toContain("duplicate");
  });
});
