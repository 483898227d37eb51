import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { extractPdfText } from "../../../main/pdf/text-layer.js";
import { renderPdfPage } from "../../../main/pdf/render.js";
import { tempDir } from "../../helpers/tmp.js";
import { blankishPdf, INVOICE_LINES, invoicePdf, PAGE, pdfWithPageSize } from "./sample-pdfs.js";


/** Encrypts with Debian's qpdf (installed by .ci/run): pdf-lib cannot write encrypted PDFs. */
function encrypt(bytes: Uint8Array, userPassword: string): Uint8Array {
  if (!["/usr/bin/qpdf", "/usr/local/bin/qpdf"].some((path) => existsSync(path))) {
    throw new Error("this test needs qpdf (Debian package qpdf; `bash .ci/run` installs it)");
  }
  const dir = tempDir();
  writeFileSync(join(dir, "in.pdf"), bytes);
  execFileSync("qpdf", ["--encrypt", userPassword, "owner-secret", "256", "--", join(dir, "in.pdf"), join(dir, "out.pdf")]);
  return readFileSync(join(dir, "out.pdf"));
}

describe("extractPdfText", () => {
  it("boxes every word in page points, top-left origin, where pdf-lib drew it", async () => {
    const result = await extractPdfText(await invoicePdf());
    expect(result.pageCount).toBe(1);
    expect(result.encrypted).toBe(false);
    const [page] = result.pages;
    expect(page).toMatchObject({ page: 1, width: PAGE.width, height: PAGE.height, source: "text", hasUsableText: true });
    const invoiceNumber = page?.words.find((word) => word.text === "FA-2024-0042");
    const heading = INVOICE_LINES[0];
    // "FACTURE " is 8 of the line's 20 characters: the box starts near there, on the drawn baseline.
    expect(invoiceNumber?.bbox[1]).toBeGreaterThan(PAGE.height - heading.y - heading.size - 1);
    expect(invoiceNumber?.bbox[3]).toBeLessThan(PAGE.height - heading.y + heading.size * 0.3);
    expect(invoiceNumber?.bbox[0]).toBeGreaterThan(heading.x + 60);
    expect(invoiceNumber?.bbox[2]).toBeLessThan(heading.x + 260);
    expect(invoiceNumber?.confidence).toBe(100);
    expect(page?.words.find((word) => word.text === "1234,56")).toBeUndefined();
    expect(page?.words.filter((word) => word.text === "EUR")).toHaveLength(3);
  });

  it("gives the page's text in reading order, one line per drawn line", async () => {
    const [page] = (await extractPdfText(await invoicePdf())).pages;
    expect(page?.text.split("\n")).toEqual(INVOICE_LINES.map((line) => line.text));
  });

  it("says a page with a stray page number has no usable text layer", async () => {
    const [page] = (await extractPdfText(await blankishPdf())).pages;
    expect(page?.hasUsableText).toBe(false);
    expect(page?.text).toBe("1/1");
  });

  it("refuses a password-protected PDF and reads one with only an owner password", async () => {
    const plain = await invoicePdf();
    await expect(extractPdfText(encrypt(plain, "user-secret"))).rejects.toMatchObject({ code: "BAD_INPUT", message: "the PDF is password-protected" });
    const ownerOnly = await extractPdfText(encrypt(plain, ""));
    expect(ownerOnly.encrypted).toBe(true);
    expect(ownerOnly.pages[0]?.text).toContain("FA-2024-0042");
  });

  it("refuses empty, non-PDF, truncated and corrupt files with a one-line reason", async () => {
    const good = await invoicePdf();
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /^not a PDF: the file is empty$/],
      [Buffer.from("PK\u0003\u0004 this is a zip"), /^not a PDF: no %PDF header$/],
      [good.subarray(0, 40), /^(corrupt|unreadable) PDF: /],
      [Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(4000, 0x41)]), /^(corrupt|unreadable) PDF: /],
    ];
    for (const [bytes, reason] of cases) {
      const error = await extractPdfText(bytes).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "BAD_INPUT" });
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("refuses too many pages and huge pages", async () => {
    await expect(extractPdfText(await invoicePdf({ pages: 4 }), { maxPages: 3 })).rejects.toThrow("the PDF has 4 pages, more than the limit of 3");
    await expect(extractPdfText(await pdfWithPageSize(14_000, 20_000))).rejects.toThrow(/page 1 is 14000 x 20000 pt, over the limit/);
  });
});

describe("renderPdfPage", () => {
  it("renders a page to a PNG at the asked resolution, text dark where it was drawn", async () => {
    const png = await renderPdfPage(await invoicePdf(), 1, 150);
    const { data, info } = await sharp(png).grayscale().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([Math.floor((PAGE.width * 150) / 72), Math.floor((PAGE.height * 150) / 72)]);
    const scale = 150 / 72;
    const heading = INVOICE_LINES[0];
    let darkInHeading = 0;
    for (let y = Math.round((PAGE.height - heading.y - heading.size) * scale); y < (PAGE.height - heading.y) * scale; y += 1) {
      for (let x = Math.round(heading.x * scale); x < (heading.x + 200) * scale; x += 1) if ((data[y * info.width + x] ?? 255) < 100) darkInHeading += 1;
    }
    expect(darkInHeading).toBeGreaterThan(500);
    expect(data[10 * info.width + 10]).toBe(255); // white background, not transparent black
  });

  it("lowers the resolution rather than allocate past the pixel cap, and refuses a missing page", async () => {
    const bytes = await invoicePdf();
    const png = await renderPdfPage(bytes, 1, 600, { maxRenderPixels: 1_000_000 });
    const { width, height } = await sharp(png).metadata();
    expect(width * height).toBeLessThanOrEqual(1_000_000);
    await expect(renderPdfPage(bytes, 2, 72)).rejects.toThrow("page 2 does not exist (the PDF has 1)");
  });
});
