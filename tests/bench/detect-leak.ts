/**
 * Leak rate of redacted exports, for `npm run bench:detect`: each sampled document goes through what an
 * import and a redacted export do — classify, detectSensitive merged with the invoice-field findings,
 * protectDocument under design.md's default policy, page images with the boxes burned in, the export's
 * text layer without placeholders, buildRedactedPdf — and the PDF is then read by tools that share no
 * code with Coffre: poppler's pdftoppm renders its pages, Debian's `tesseract` CLI reads them, pdftotext
 * reads its text layer. A protected truth value found again in either is a leak. The export's own OCR gate
 * (exportRedactedPdf refuses what its check still reads) is left out on purpose: this measures the
 * masking alone.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { extractInvoiceFields } from "../../main/classify/index.js";
import { VaultKeys } from "../../main/crypto/vault-keys.js";
import { generateX25519KeyPair } from "../../main/crypto/sealed-box.js";
import { detectSensitive } from "../../main/detect/index.js";
import { DEFAULT_POLICY, type SensitiveType } from "../../main/detect/policy.js";
import { exportableWords } from "../../main/documents/export.js";
import { fieldFindings } from "../../main/ingest/field-findings.js";
import { mergeFindings } from "../../main/ingest/merge-findings.js";
import { pageImages } from "../../main/ingest/pipeline.js";
import { protectDocument } from "../../main/ingest/protect.js";
import { burnBoxes, VIEW_DPI } from "../../main/ingest/renditions.js";
import type { PageText } from "../../main/ingest/types.js";
import { parseDocument } from "../../main/parse/parse-document.js";
import { DEFAULT_PARSE_LIMITS } from "../../main/parse/protocol.js";
import { buildRedactedPdf, type RedactedPageInput } from "../../main/pdf/redacted-output.js";
import type { SensitiveItem, TruthDocument } from "../fixtures/generator/index.js";

const run = promisify(execFile);
const squeeze = (text: string): string => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9@]/g, "").toUpperCase();

/** What would show that a value came back: its id as printed, squeezed; a street line; a full name. */
export function leakNeedles(item: SensitiveItem): string[] {
  if (item.type === "address") {
    const street = squeeze(item.value.split("\n")[0] ?? "");
    return street.length >= 8 ? [street] : [];
  }
  const forms = new Set([squeeze(item.value), squeeze(item.normalized)]);
  return [...forms].filter((form) => form.length >= 6);
}

export interface LeakTally {
  /** Protected values printed on the sampled pages. */
  values: number;
  /** ...found again by tesseract in the rendered export. */
  ocrLeaks: number;
  /** ...found again in the export's text layer. */
  textLeaks: number;
  /**
   * OCR leaks of a sole trader's name that is also part of the supplier's trading name ("Thierry Roux
   * Plomberie"), counted apart: the name is masked wherever the document prints it (main/detect/names.ts),
   * so these are leaks like any other, but the count shows whether the trading name is where they come from.
   */
  byDesign: number;
  pages: number;
  byType: Partial<Record<SensitiveType, { values: number; leaks: number }>>;
}

export const emptyLeakTally = (): LeakTally => ({ values: 0, ocrLeaks: 0, textLeaks: 0, byDesign: 0, pages: 0, byType: {} });

export interface LeakMiss {
  document: string;
  page: number;
  type: SensitiveType;
  value: string;
  via: "ocr" | "text";
}

/** Builds the document's redacted export as the app does, from the pages the detection pass read. */
async function redactedExport(path: string, pages: PageText[]): Promise<Uint8Array> {
  const parsed = await parseDocument({ path }, "auto", { ocrDpi: DEFAULT_PARSE_LIMITS.ocrDpi, viewDpi: VIEW_DPI, pdf: {}, image: {} });
  const fields = extractInvoiceFields(pages).fields;
  const findings = mergeFindings(pages, fieldFindings(pages, fields), detectSensitive(pages));
  const keys = VaultKeys.generate();
  const protectedDocument = protectDocument({ documentId: "bench", pages, findings, keys, sensitivePublicKey: generateX25519KeyPair().publicKey, policy: DEFAULT_POLICY });
  const images = await pageImages(parsed);
  const inputs: RedactedPageInput[] = [];
  for (const row of protectedDocument.pages) {
    const image = images.get(row.page);
    if (!image) throw new Error(`page ${row.page} has no image`);
    const masked = await burnBoxes(image.png, protectedDocument.burn.get(row.page) ?? [], { width: row.width, height: row.height });
    inputs.push({ image: masked, width: row.width, height: row.height, unit: row.source === "text" ? "points" : "pixels", words: exportableWords(row.words) });
  }
  return buildRedactedPdf(inputs);
}

/** OCR (tesseract CLI) and text layer (pdftotext) of each page of the export. */
async function readExport(pdf: Uint8Array, pageCount: number): Promise<{ ocr: string[]; text: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), "coffre-leak-"));
  try {
    const file = join(dir, "export.pdf");
    await writeFile(file, pdf);
    await run("pdftoppm", ["-r", "200", "-gray", "-png", file, join(dir, "page")]);
    const images = (await readdir(dir)).filter((name) => name.startsWith("page") && name.endsWith(".png")).sort();
    const ocr: string[] = [];
    for (const image of images) {
      // One thread per tesseract: the bench runs two at once on a 2-core machine.
      const { stdout } = await run("tesseract", [join(dir, image), "-", "-l", "fra+eng"], { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, OMP_THREAD_LIMIT: "1" } });
      ocr.push(stdout);
    }
    const text: string[] = [];
    for (let page = 1; page <= pageCount; page += 1) {
      const { stdout } = await run("pdftotext", ["-f", String(page), "-l", String(page), file, "-"], { maxBuffer: 16 * 1024 * 1024 });
      text.push(stdout);
    }
    return { ocr, text };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Scores one exported document against its truth; the tally is updated, the leaks returned. */
export async function measureLeaks(document: TruthDocument, path: string, pages: PageText[], tally: LeakTally): Promise<LeakMiss[]> {
  const pdf = await redactedExport(path, pages);
  const { ocr, text } = await readExport(pdf, pages.length);
  tally.pages += pages.length;
  const misses: LeakMiss[] = [];
  for (const item of document.sensitive) {
    if (DEFAULT_POLICY[item.type] === "keep") continue;
    const needles = leakNeedles(item);
    if (needles.length === 0) continue;
    const seenByOcr = squeeze(ocr[item.page - 1] ?? "");
    const seenInText = squeeze(text[item.page - 1] ?? "");
    const byOcr = needles.some((needle) => seenByOcr.includes(needle));
    const inText = needles.some((needle) => seenInText.includes(needle));
    const perType = (tally.byType[item.type] ??= { values: 0, leaks: 0 });
    tally.values += 1;
    perType.values += 1;
    if (byOcr) tally.ocrLeaks += 1;
    if (byOcr && item.type === "person" && needles.some((needle) => squeeze(document.supplier.name).includes(needle))) tally.byDesign += 1;
    if (inText) tally.textLeaks += 1;
    if (byOcr || inText) {
      perType.leaks += 1;
      misses.push({ document: document.id, page: item.page, type: item.type, value: item.value, via: byOcr ? "ocr" : "text" });
    }
  }
  return misses;
}
