import type { EInvoiceData, PageText } from "../ingest/types.js";
import type { ImageLimits } from "../ocr/decode-image.js";
import type { PdfLimits } from "../pdf/limits.js";
import type { Box } from "./burn.js";

/** What the caller believes the file is; "auto" sniffs the first bytes. */
export type ParseKind = "pdf" | "image" | "auto";

export interface ParseLimits {
  /** Wall-clock time for the whole parse, after which the worker is terminated. */
  timeoutMs: number;
  /** V8 heap caps of the worker (resourceLimits). Native buffers are bounded by the pixel caps instead. */
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
  /** Resolution at which pages without a usable text layer are rendered for OCR. */
  ocrDpi: number;
  /** Resolution of the viewer's images of pages that have a text layer (null: none). */
  viewDpi: number | null;
  pdf: Partial<PdfLimits>;
  image: Partial<ImageLimits>;
}

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  timeoutMs: 30_000,
  maxOldGenerationSizeMb: 512,
  maxYoungGenerationSizeMb: 48,
  ocrDpi: 300,
  viewDpi: null,
  pdf: {},
  image: {},
});

/** A page to OCR, as an image the OCR pool takes. */
export interface PageImage {
  page: number;
  png: Buffer;
  width: number;
  height: number;
  dpi: number | null;
}

export interface ParsedDocument {
  kind: "pdf" | "image";
  pageCount: number;
  /** PDF: an encrypted file that opened without a password (owner restrictions only). */
  encrypted: boolean;
  /** Pages whose text layer is usable, words in page points. */
  textPages: PageText[];
  /** Pages that need OCR (no usable text layer, or every page of an image file). */
  ocrPages: PageImage[];
  /** Images of the text-layer pages for the viewer, at `viewDpi` (empty when it is null). */
  viewPages: PageImage[];
  eInvoice: EInvoiceData | null;
}

export type ParseOutcome = { ok: true; result: ParsedDocument } | { ok: false; reason: string };

/**
 * A render-only job (the redacted original, main/ingest/redact-original.ts): these pages of a PDF rendered
 * at `dpi` with their boxes (page points) burned in, as opaque RGB PNGs in `viewPages`; no text layer, no
 * e-invoice lookup, no OCR renders (textPages and ocrPages come back empty, eInvoice null).
 */
export interface RenderJob {
  dpi: number;
  pages: { page: number; burn: Box[] }[];
}

/** What the parse worker is asked to do with one file. */
export interface ParseRequest {
  source: { bytes: Uint8Array } | { path: string };
  kind: ParseKind;
  limits: Omit<ParseLimits, "timeoutMs" | "maxOldGenerationSizeMb" | "maxYoungGenerationSizeMb">;
  /** Render these pages only, instead of the whole parse. */
  render?: RenderJob;
}

export type ParseReply = { ok: true; result: ParsedDocument } | { ok: false; reason: string };

/**
 * Worker protocol (parse-pool.ts <-> parse-worker.ts): a long-lived worker takes one job at a time and
 * answers it with the same id. The page images travel as transferred ArrayBuffers, never copied.
 */
export interface ParseJob {
  id: number;
  request: ParseRequest;
}

export interface ParseJobReply {
  id: number;
  reply: ParseReply;
}
