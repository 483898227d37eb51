import { FIELD_NAMES, SENSITIVE_FIELDS, type InvoiceFields } from "../../shared/invoice.js";
import { CoffreError } from "../errors.js";
import type { ParsePool } from "../parse/parse-pool.js";
import type { ParsedDocument } from "../parse/protocol.js";
import type { RedactedPageInput } from "../pdf/redacted-output.js";
import { buildRedactedPdfNonBlocking } from "../pdf/redacted-output-thread.js";
import type { SensitiveFinding } from "./findings.js";
import type { IntakeLimits } from "./intake.js";
import { burnBoxes } from "./renditions.js";
import type { PageText } from "./types.js";

/**
 * Redact-class values (card numbers, NIR by default) are never written in clear, the original kept for
 * managers included. When a document holds one, what is stored as its "original" is a PDF rebuilt from its
 * pages — text pages rendered again at ORIGINAL_DPI in the sandboxed parse worker, scans at their own
 * resolution — with only those values burned out and their words left out of the text layer; everything
 * else stays readable for the manager. Nothing of the source file is copied (no metadata, attachment —
 * a Factur-X XML — or earlier revision).
 * The pages are rendered again by the import's parse pool (a warm worker, not a fresh one a document), and the PDF is built without stalling the importing thread (redacted-output-thread.ts).
 */
export const ORIGINAL_DPI = 200;

const squeeze = (text: string): string => text.normalize("NFKC").replace(/[^\p{L}\p{N}]/gu, "").toUpperCase();

/** The plain (not sealed) fields with any that holds a redact-class value emptied. */
export function withoutRedactedValues(fields: InvoiceFields, redacted: readonly SensitiveFinding[]): InvoiceFields {
  if (redacted.length === 0) return fields;
  const values = redacted.map((finding) => squeeze(finding.normalized)).filter((value) => value.length >= 6);
  const clean = { ...fields };
  for (const name of FIELD_NAMES) {
    if ((SENSITIVE_FIELDS as readonly string[]).includes(name)) continue;
    const value = clean[name];
    if (typeof value !== "string") continue;
    const compact = squeeze(value);
    if (compact.length >= 6 && values.some((hidden) => compact.includes(hidden) || hidden.includes(compact))) clean[name] = null;
  }
  return clean;
}

export async function redactedOriginal(
  bytes: Buffer,
  kind: "pdf" | "image",
  document: ParsedDocument,
  pages: readonly PageText[],
  redacted: readonly SensitiveFinding[],
  limits: IntakeLimits,
  parsers: ParsePool,
): Promise<{ bytes: Buffer; mediaType: string }> {
  const images = new Map<number, Buffer>();
  for (const scan of document.ocrPages) images.set(scan.page, scan.png);
  if (document.textPages.length > 0) {
    const perDocument = {
      timeoutMs: limits.parseTimeoutMs,
      viewDpi: ORIGINAL_DPI,
      pdf: { maxPages: limits.maxPages, maxBytes: limits.maxFileBytes },
      image: { maxPixelsPerPage: limits.maxPixelsPerPage, maxBytes: limits.maxFileBytes, maxPages: limits.maxPages },
    };
    const again = await parsers.parse(bytes, kind, perDocument);
    if (!again.ok) throw new CoffreError("BAD_INPUT", `the original could not be redacted: ${again.reason}`);
    for (const view of again.result.viewPages) images.set(view.page, view.png);
  }
  const inputs: RedactedPageInput[] = [];
  for (const page of pages) {
    const image = images.get(page.page);
    if (!image) throw new CoffreError("BAD_INPUT", `the original could not be redacted: page ${page.page} has no image`);
    const onPage = redacted.filter((finding) => finding.page === page.page);
    const hidden = new Set(onPage.flatMap((finding) => finding.wordIndexes));
    const boxes = onPage.map((finding) => finding.bbox).filter((box): box is [number, number, number, number] => box !== null);
    inputs.push({
      image: await burnBoxes(image, boxes, { width: page.width, height: page.height }),
      width: page.width,
      height: page.height,
      unit: page.source === "text" ? "points" : "pixels",
      words: page.words.filter((_, index) => !hidden.has(index)),
    });
  }
  const pdf = await buildRedactedPdfNonBlocking(inputs);
  return { bytes: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), mediaType: "application/pdf" };
}
