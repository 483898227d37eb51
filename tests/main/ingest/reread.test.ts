import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageText, Word } from "../../../main/ingest/types.js";
import { createOcrPool, type OcrPool, type OcrPageText } from "../../../main/ocr/pool.js";
import { detectSensitive, detectSensitivePage } from "../../../main/detect/index.js";
import { layoutPage } from "../../../main/detect/layout.js";
import { announcedMissingIds, doubtfulLines, rereadDoubtfulLines, withLineReplaced, type RereadReport } from "../../../main/ingest/reread.js";
import { renderPdfPage } from "../../../main/pdf/render.js";

const DPI = 200;
const PAGE = { width: 595, height: 842 };
const IBAN = "FR76 3000 6000 0112 3456 7890 189";
const IBAN_COMPACT = "FR7630006000011234567890189";

/** A scanned page (a PDF drawn here, rendered to pixels): seller block, bank block, legal line. */
async function scan(ibanLine: string, extra: readonly { text: string; y: number }[] = []): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([PAGE.width, PAGE.height]);
  const lines = [
    { text: "FACTURE FA-2024-0042", y: 780, size: 16 },
    { text: "Papeterie Dupont SARL", y: 740, size: 11 },
    { text: "12 rue des Lilas 75011 Paris", y: 724, size: 11 },
    { text: "Total TTC 1 234,56 EUR", y: 600, size: 11 },
    { text: ibanLine, y: 400, size: 11 },
    { text: "SIRET 732 829 320 00074", y: 380, size: 11 },
    ...extra.map((line) => ({ ...line, size: 11 })),
  ];
  for (const line of lines) page.drawText(line.text, { x: 60, y: line.y, size: line.size, font });
  return renderPdfPage(await doc.save(), 1, DPI);
}

/** The page read with one digit of the IBAN misread ("0112" as "0172"), as degraded scans come back. */
function withMisreadIban(page: PageText): PageText {
  const index = page.words.findIndex((word) => word.text === "0112");
  expect(index).toBeGreaterThanOrEqual(0);
  const words = page.words.map((word, i) => (i === index ? { ...word, text: "0172" } : word));
  return { ...page, words, text: page.text.replace("0112", "0172") };
}

const ibansOf = (pages: PageText[]): string[] => detectSensitive(pages).filter((finding) => finding.type === "iban").map((finding) => finding.normalized);

function inside(inner: Word["bbox"], outer: Word["bbox"], slack = 0): boolean {
  return inner[0] >= outer[0] - slack && inner[1] >= outer[1] - slack && inner[2] <= outer[2] + slack && inner[3] <= outer[3] + slack;
}

function lineBox(page: PageText, first: string, last: string): Word["bbox"] {
  const from = page.words.findIndex((word) => word.text.startsWith(first));
  const to = page.words.findIndex((word, index) => index >= from && word.text === last);
  const words = page.words.slice(from, to + 1);
  return [Math.min(...words.map((w) => w.bbox[0])), Math.min(...words.map((w) => w.bbox[1])), Math.max(...words.map((w) => w.bbox[2])), Math.max(...words.map((w) => w.bbox[3]))];
}

describe("second read of doubtful identifier lines (real OCR)", () => {
  let pool: OcrPool;
  let image: Buffer;
  let read: OcrPageText;

  beforeAll(async () => {
    pool = createOcrPool({ size: 1 });
    image = await scan(`IBAN : ${IBAN}`);
    read = await pool.recognize(image, { page: 1, dpi: DPI });
  });
  afterAll(() => pool.terminate());

  it("reads a line whose IBAN failed mod 97 again and keeps the reading that passes, boxes on the line", async () => {
    expect(ibansOf([read])).toEqual([IBAN_COMPACT]);
    const misread = withMisreadIban(read);
    expect(ibansOf([misread])).toEqual([]);
    const reports: RereadReport[] = [];
    const [again] = await rereadDoubtfulLines([misread], [{ page: 1, png: image, dpi: DPI }], pool, { onReport: (report) => reports.push(report) });
    if (!again) throw new Error("no page");
    expect(ibansOf([again])).toEqual([IBAN_COMPACT]);
    expect(again.text).toContain("3000 6000 0112 3456");
    expect(again.text).not.toContain("0172");
    expect(reports[0]).toMatchObject({ pages: 1, replaced: 1 });
    expect(reports[0]?.regions).toBeLessThanOrEqual(4);
    // The new words lie on the original line (a line height of margin), in page pixels.
    const original = lineBox(misread, "IBAN", "189");
    const height = original[3] - original[1];
    for (const word of again.words.filter((w) => /^(?:FR76|3000|6000|0112|3456|7890|189)$/.test(w.text))) expect(inside(word.bbox, original, 1.5 * height)).toBe(true);
    // The other lines are the page read's, unchanged.
    const untouched = (page: PageText): string[] => page.text.split("\n").filter((line) => !line.includes("IBAN"));
    expect(untouched(again)).toEqual(untouched(misread));
    expect(again.words.filter((w) => w.text === "SIRET")).toEqual(misread.words.filter((w) => w.text === "SIRET"));
  });

  it("leaves a page alone when every identifier on it passed its checksum (no region read)", async () => {
    const reports: RereadReport[] = [];
    const [again] = await rereadDoubtfulLines([read], [{ page: 1, png: image, dpi: DPI }], pool, { onReport: (report) => reports.push(report) });
    expect(again).toBe(read);
    expect(reports[0]).toMatchObject({ pages: 1, regions: 0, reads: 0, replaced: 0 });
  });

  it("keeps the page read where the printed IBAN itself fails mod 97 (a re-read must pass, not just differ)", async () => {
    // One digit changed on the paper: no reading of it can pass, and none is kept.
    const wrongOnPaper = await scan("IBAN : FR76 3000 6000 0172 3456 7890 189");
    const page = await pool.recognize(wrongOnPaper, { page: 1, dpi: DPI });
    expect(ibansOf([page])).toEqual([]);
    const reports: RereadReport[] = [];
    const [again] = await rereadDoubtfulLines([page], [{ page: 1, png: wrongOnPaper, dpi: DPI }], pool, { onReport: (report) => reports.push(report) });
    expect(reports[0]?.regions).toBeGreaterThan(0);
    expect(reports[0]?.replaced).toBe(0);
    expect(again?.words).toEqual(page.words);
    expect(ibansOf(again ? [again] : [])).toEqual([]);
  });

  it("reads a turned scan's line straight and maps the words back onto the turned page", async () => {
    const turned = await sharp(image).rotate(2, { background: "#ffffff" }).png().toBuffer();
    const page = await pool.recognize(turned, { page: 1, dpi: DPI });
    expect(page.skewDegrees).toBeCloseTo(2, 0);
    const misread = withMisreadIban(page);
    expect(ibansOf([misread])).toEqual([]);
    const [again] = await rereadDoubtfulLines([misread], [{ page: 1, png: turned, dpi: DPI }], pool);
    if (!again) throw new Error("no page");
    expect(ibansOf([again])).toEqual([IBAN_COMPACT]);
    // Each re-read group sits where the page read had boxed it (within a few pixels).
    for (const text of ["3000", "6000", "3456", "7890"]) {
      const before = page.words.find((word) => word.text === text)?.bbox;
      const after = again.words.find((word) => word.text === text)?.bbox;
      if (!before || !after) throw new Error(`${text} not read`);
      expect(Math.abs((before[0] + before[2]) / 2 - (after[0] + after[2]) / 2)).toBeLessThan(12);
      expect(Math.abs((before[1] + before[3]) / 2 - (after[1] + after[3]) / 2)).toBeLessThan(8);
    }
  });

  it("a page read after a region read is the same as before it (the worker's settings are restored)", async () => {
    await pool.recognizeRegion(image, { box: [0, 0, 800, 200], psm: "7", binarisation: "sauvola" });
    const after = await pool.recognize(image, { page: 1, dpi: DPI });
    expect(after.words).toEqual(read.words);
    expect(after.text).toEqual(read.text);
  });
});

describe("unread lines: ink the page read left without words (real OCR)", () => {
  let pool: OcrPool;
  let image: Buffer;
  let dropped: PageText;
  const bicsOf = (page: PageText): string[] => detectSensitivePage(page).filter((finding) => finding.type === "bic").map((finding) => finding.normalized);

  beforeAll(async () => {
    pool = createOcrPool({ size: 1 });
    image = await scan(`IBAN : ${IBAN}`, [{ text: "BIC : BNPAFRPPXXX", y: 356 }]);
    const read = await pool.recognize(image, { page: 1, dpi: DPI });
    expect(bicsOf(read)).toEqual(["BNPAFRPPXXX"]);
    // The page read as tesseract gave seed 77's speckled page: the IBAN line, then nothing for the BIC line below it.
    const bicLine = read.text.split("\n").find((line) => line.includes("BNPAFRPP")) ?? "";
    const kept = read.words.filter((word) => !bicLine.split(" ").includes(word.text));
    dropped = { ...read, words: kept, text: read.text.split("\n").filter((line) => line !== bicLine).join("\n") };
    expect(bicsOf(dropped)).toEqual([]);
  });
  afterAll(() => pool.terminate());

  it("finds the unread BIC line, reads it, and adds its words in reading order with their boxes", async () => {
    const reports: RereadReport[] = [];
    const [again] = await rereadDoubtfulLines([dropped], [{ page: 1, png: image, dpi: DPI }], pool, { onReport: (report) => reports.push(report) });
    if (!again) throw new Error("no page");
    expect(bicsOf(again)).toEqual(["BNPAFRPPXXX"]);
    expect(reports[0]?.added).toBe(1);
    expect(again.words.length).toBeGreaterThan(dropped.words.length);
    // Below the SIRET line, in the text and on the page.
    const lines = again.text.split("\n");
    expect(lines.findIndex((line) => line.includes("BNPAFRPP"))).toBeGreaterThan(lines.findIndex((line) => line.includes("SIRET")));
    const siret = again.words.find((word) => word.text === "SIRET")?.bbox;
    const bic = again.words.find((word) => word.text.includes("BNPAFRPP"))?.bbox;
    if (!siret || !bic) throw new Error("words missing");
    expect(bic[1]).toBeGreaterThan(siret[3] - 2);
    expect(bic[1] - siret[3]).toBeLessThan(3 * (siret[3] - siret[1]));
    // The words the page read had are all still there.
    for (const word of dropped.words) expect(again.words).toContainEqual(word);
  });

  it("without the unread-line read (maxUnreadLinesPerPage 0) the BIC stays missed", async () => {
    const [again] = await rereadDoubtfulLines([dropped], [{ page: 1, png: image, dpi: DPI }], pool, { maxUnreadLinesPerPage: 0 });
    expect(again ? bicsOf(again) : []).toEqual([]);
  });

  it("with the narrowed trigger (unreadTrigger announced), does not look for unread lines on a page that announces no missing id", async () => {
    // The same page with its IBAN line dropped as well: the SIRET is found and nothing on the page announces
    // an IBAN or a BIC any more, so the narrowed pass reads none of the unread ink (the cost it saves on pages
    // that print no bank details), though the two lines are there: why it is not the default.
    const ibanLine = dropped.text.split("\n").find((line) => line.includes("IBAN")) ?? "";
    expect(ibanLine).not.toBe("");
    const noBank: PageText = { ...dropped, words: dropped.words.filter((word) => !ibanLine.split(" ").includes(word.text)), text: dropped.text.split("\n").filter((line) => line !== ibanLine).join("\n") };
    expect(announcedMissingIds(noBank, detectSensitivePage(noBank)).size).toBe(0);
    const reports: RereadReport[] = [];
    const [again] = await rereadDoubtfulLines([noBank], [{ page: 1, png: image, dpi: DPI }], pool, { unreadTrigger: "announced", onReport: (report) => reports.push(report) });
    expect(again?.words).toEqual(noBank.words);
    expect(reports[0]?.unread).toBe(0);
    expect(reports[0]?.reads).toBe(0);
    // The default trigger (a page missing an IBAN) reads them, and gets the BIC back.
    const [missing] = await rereadDoubtfulLines([noBank], [{ page: 1, png: image, dpi: DPI }], pool);
    expect(missing ? bicsOf(missing) : []).toEqual(["BNPAFRPPXXX"]);
  });

  it("adds nothing to a page whose every line was read", async () => {
    const read = await pool.recognize(image, { page: 1, dpi: DPI });
    const reports: RereadReport[] = [];
    const [again] = await rereadDoubtfulLines([read], [{ page: 1, png: image, dpi: DPI }], pool, { onReport: (report) => reports.push(report) });
    expect(again?.words).toEqual(read.words);
    expect(reports[0]?.added).toBe(0);
  });
});

describe("withLineReplaced", () => {
  const word = (text: string, x: number, y: number): Word => ({ text, bbox: [x, y, x + 40, y + 10], confidence: 90 });
  it("puts the new words where the old ones were, in the same text line", () => {
    const page: PageText = { page: 1, width: 500, height: 500, source: "ocr", words: [word("Total", 0, 0), word("IBAN", 0, 20), word("FR7b", 50, 20), word("Fin", 0, 40)], text: "Total\nIBAN FR7b\nFin" };
    const { page: replaced, newIndexes } = withLineReplaced(page, [1, 2], [word("IBAN:", 0, 20), word("FR76", 50, 20), word("3000", 100, 20)]);
    expect(replaced.text).toBe("Total\nIBAN: FR76 3000\nFin");
    expect(replaced.words.map((w) => w.text)).toEqual(["Total", "IBAN:", "FR76", "3000", "Fin"]);
    expect(newIndexes).toEqual([1, 2, 3]);
  });
});

describe("doubtfulLines", () => {
  /** A page of one-word-per-token lines, 40 px apart. */
  function pageOf(lines: string[]): PageText {
    const words: Word[] = [];
    lines.forEach((line, row) => {
      let x = 10;
      for (const text of line.split(" ")) {
        words.push({ text, bbox: [x, 10 + row * 40, x + text.length * 10, 30 + row * 40], confidence: 80 });
        x += text.length * 10 + 10;
      }
    });
    return { page: 1, width: 1000, height: 1000, source: "ocr", words, text: lines.join("\n") };
  }
  const doubtsOf = (lines: string[]): string[] => {
    const page = pageOf(lines);
    return doubtfulLines(layoutPage(page), detectSensitivePage(page)).map((doubt) => doubt.segments.map((segment) => segment.text).join(" "));
  };

  it("is a labelled line without a valid value of its type, or an id-shaped run that fails its checksum", () => {
    expect(doubtsOf(["IBAN : FR76 3000 6000 0172 3456 7890 189"])).toEqual(["IBAN : FR76 3000 6000 0172 3456 7890 189"]);
    expect(doubtsOf(["N° TVA intracommunautaire : FR45 732829320"])).toHaveLength(1);
    expect(doubtsOf(["Réglé le FR76 3000 6000 0172 3456 7890 189"])).toHaveLength(1);
    expect(doubtsOf(["IBAN :"])).toEqual(["IBAN :"]);
  });

  it("is not a line whose identifier passed, a VAT rate or total, the exemption mention, or a column header", () => {
    expect(doubtsOf([`IBAN : ${IBAN}`, "SIRET 732 829 320 00074", "N° TVA : FR44 732829320"])).toEqual([]);
    expect(doubtsOf(["TVA 20 % 205,76", "Montant TVA 205,76", "VAT total 12.00", "TVA non applicable, art. 293 B du CGI", "VAT"])).toEqual([]);
  });
});

describe("announcedMissingIds", () => {
  const pageOf = (lines: string[]): PageText => {
    const words: Word[] = lines.flatMap((line, row) => line.split(" ").map((text, i): Word => ({ text, bbox: [10 + i * 120, 10 + row * 40, 120 + i * 120, 30 + row * 40], confidence: 90 })));
    return { page: 1, width: 1000, height: 1000, source: "ocr", words, text: lines.join("\n") };
  };
  const announced = (lines: string[]): string[] => {
    const page = pageOf(lines);
    return [...announcedMissingIds(page, detectSensitivePage(page))].sort();
  };

  it("is the ids a label or a bank heading announces and the page has no finding of; a BIC goes with an IBAN", () => {
    expect(announced([`IBAN : ${IBAN}`, "SIRET 732 829 320 00074"])).toEqual(["bic"]);
    expect(announced(["Coordonnées bancaires", "SIRET 732 829 320 00074"])).toEqual(["iban"]);
    expect(announced(["BIC : BNPAFRPPXXX", "N° TVA intracommunautaire :"])).toEqual(["company"]);
    expect(announced(["SIRET"])).toEqual(["company"]);
  });

  it("is nothing on a page that prints no id: an invoice's second page, a VAT rate or total line", () => {
    expect(announced(["Désignation Quantité Prix", "Ramette papier A4 10 25,00", "Total HT 250,00", "TVA 20 % 50,00", "Montant TVA 50,00"])).toEqual([]);
    expect(announced([`IBAN : ${IBAN}`, "BIC : BNPAFRPPXXX", "SIRET 732 829 320 00074"])).toEqual([]);
  });
});
