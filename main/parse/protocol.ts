import { totalmem } from "node:os";
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

/**
 * The V8 old-generation cap of a parse worker, from the machine's memory: an eighth of it, between 512 MB and
 * 2048 MB (a 16 GB machine or more: 2048; 8 GB: 1024). It bounds what a hostile file can take before its
 * worker is ended. It is not only a ceiling: V8 sizes its heap growth by it, so under a small cap a worker
 * runs a full collection about every document (42 major GCs in 40 born-digital files at 512 MB, 14 at
 * 2048 MB), and the parse costs ~25-40 % more CPU (decision 007).
 */
export function parseHeapCapMb(totalMemoryBytes: number): number {
  return Math.min(2048, Math.max(512, Math.floor(totalMemoryBytes / 1024 / 1024 / 8)));
}

export const PARSE_HEAP_MB = parseHeapCapMb(totalmem());

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  timeoutMs: 30_000,
  maxOldGenerationSizeMb: PARSE_HEAP_MB,
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
  /** Images of the text-layer pages for the viewer, at `viewDpi` (empty when it is null); a render job's pages. */
  viewPages: PageImage[];
  eInvoice: EInvoiceData | null;
  /** A render job asked for one (RenderJob.thumbnail): a PNG of that page, burned, `width` pixels wide at most. */
  thumbnail?: Buffer;
}

/**
 * `handle`: the worker kept this PDF open after its parse (asked with keepOpen), for a render job that may
 * follow (RenderJob.reuse); parse-pool.ts's release(handle) says none will.
 */
export type ParseOutcome = { ok: true; result: ParsedDocument; handle?: number } | { ok: false; reason: string };

/**
 * A render-only job (the redacted original, main/ingest/redact-original.ts): these pages of a PDF rendered
 * at `dpi` with their boxes (page points) burned in, as opaque RGB PNGs in `viewPages`; no text layer, no
 * e-invoice lookup, no OCR renders (textPages and ocrPages come back empty, eInvoice null).
 */
export interface RenderJob {
  dpi: number;
  pages: { page: number; burn: Box[] }[];
  /**
   * The handle of this file's parse (ParseOutcome.handle): when its worker still holds the PDF open, the pages
   * are drawn from it (fonts already loaded, nothing parsed again); otherwise the file is opened again.
   */
  reuse?: number;
  /** Keep the PDF open again after this job, for another render job of it (ParseOutcome.handle). */
  keepOpen?: boolean;
  /** Also a small PNG of this page (one of `pages`), made from its burned pixels. */
  thumbnail?: { page: number; width: number; pngLevel: number };
}

/** What the parse worker is asked to do with one file. */
export interface ParseRequest {
  source: { bytes: Uint8Array } | { path: string };
  kind: ParseKind;
  limits: Omit<ParseLimits, "timeoutMs" | "maxOldGenerationSizeMb" | "maxYoungGenerationSizeMb">;
  /** Render these pages only, instead of the whole parse. */
  render?: RenderJob;
  /** A PDF with text pages stays open in the worker after its parse, until its next job (see RenderJob.reuse). */
  keepOpen?: boolean;
}

/** `kept`: the worker holds this job's PDF open (keepOpen). */
export type ParseReply = { ok: true; result: ParsedDocument; kept?: boolean } | { ok: false; reason: string };

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
