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
 * The pages are rendered again by the import's parse pool (a warm worker, not a fresh one a document; a
 * render-only job, boxes burned in the worker as the pixels are drawn: decision 007), and the PDF is built
 * without stalling the importing thread (redacted-output-thread.ts).
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
  /** The parse's handle (ParseOutcome.handle): its worker may still hold the PDF open. */
  handle?: number,
): Promise<{ bytes: Buffer; mediaType: string }> {
  // Text pages: rendered again at ORIGINAL_DPI by the import's parse pool, a render-only job (no second text
  // layer or e-invoice lookup) whose boxes are burned in the pixels as they are rendered; out comes the
  // opaque RGB PNG the PDF embeds as it is. Scans: their own image, burned here.
  const burned = new Map<number, Buffer>();
  const boxesOn = (page: number): [number, number, number, number][] =>
    redacted.filter((finding) => finding.page === page).flatMap((finding) => (finding.bbox ? [finding.bbox] : []));
  const textPages = pages.filter((page) => page.source === "text" && !document.ocrPages.some((scan) => scan.page === page.page));
  if (kind === "pdf" && textPages.length > 0) {
    const again = await parsers.renderPages(
      bytes,
      { dpi: ORIGINAL_DPI, pages: textPages.map((page) => ({ page: page.page, burn: boxesOn(page.page) })), ...(handle !== undefined ? { reuse: handle } : {}) },
      { timeoutMs: limits.parseTimeoutMs, pdf: { maxPages: limits.maxPages, maxBytes: limits.maxFileBytes } },
    );
    if (!again.ok) throw new CoffreError("BAD_INPUT", `the original could not be redacted: ${again.reason}`);
    for (const view of again.result.viewPages) burned.set(view.page, view.png);
  }
  const inputs: RedactedPageInput[] = [];
  for (const page of pages) {
    const onPage = redacted.filter((finding) => finding.page === page.page);
    const hidden = new Set(onPage.flatMap((finding) => finding.wordIndexes));
    let image = burned.get(page.page);
    if (!image) {
      const scan = document.ocrPages.find((candidate) => candidate.page === page.page);
      if (!scan) throw new CoffreError("BAD_INPUT", `the original could not be redacted: page ${page.page} has no image`);
      image = await burnBoxes(scan.png, boxesOn(page.page), { width: page.width, height: page.height });
    }
    inputs.push({
      image,
      width: page.width,
      height: page.height,
      unit: page.source === "text" ? "points" : "pixels",
      words: page.words.filter((_, index) => !hidden.has(index)),
    });
  }
  const pdf = await buildRedactedPdfNonBlocking(inputs);
  return { bytes: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), mediaType: "application/pdf" };
}
