import { open } from "node:fs/promises";
import { CoffreError, isCoffreError } from "../errors.js";
import { decodeImage, sniffImageFormat } from "../ocr/decode-image.js";
import { readEInvoice } from "../pdf/einvoice.js";
import { DEFAULT_PDF_LIMITS } from "../pdf/limits.js";
import { openPdf, type OpenPdf } from "../pdf/pdfjs-document.js";
import { OCR_PNG_LEVEL, renderOpenPdfPage, VIEW_PNG_LEVEL } from "../pdf/render.js";
import { fullPageScanImage } from "../pdf/scan-image.js";
import { readPageText } from "../pdf/text-layer.js";
import type { ParsedDocument, ParseKind, ParseRequest, RenderJob } from "./protocol.js";

function looksLikePdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString("latin1").includes("%PDF-");
}

/** Reads a file without trusting its size: refuses it past `maxBytes` instead of reading it all. */
export async function readCapped(path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new CoffreError("BAD_INPUT", `the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function parsePdf(bytes: Uint8Array, limits: ParseRequest["limits"], keep: ((pdf: OpenPdf) => void) | undefined): Promise<ParsedDocument> {
  const pdf = await openPdf(bytes, limits.pdf);
  let kept = false;
  try {
    const textPages = [];
    const ocrPages = [];
    const viewPages = [];
    for (let pageNumber = 1; pageNumber <= pdf.pageCount; pageNumber += 1) {
      const { hasUsableText, quality: _quality, ...pageText } = await readPageText(pdf, pageNumber);
      if (hasUsableText) {
        textPages.push(pageText);
        if (limits.viewDpi !== null) {
          const view = await renderOpenPdfPage(pdf, pageNumber, limits.viewDpi, VIEW_PNG_LEVEL);
          viewPages.push({ page: pageNumber, png: view.png, width: view.width, height: view.height, dpi: view.dpi });
        }
      } else {
        // A page that is only a scanned picture hands over that picture (main/pdf/scan-image.ts), else a render.
        const rendered = (await fullPageScanImage(pdf, pageNumber, OCR_PNG_LEVEL)) ?? (await renderOpenPdfPage(pdf, pageNumber, limits.ocrDpi, OCR_PNG_LEVEL));
        ocrPages.push({ page: pageNumber, png: rendered.png, width: rendered.width, height: rendered.height, dpi: rendered.dpi });
      }
    }
    const eInvoice = await readEInvoice(pdf);
    if (keep && textPages.length > 0) {
      keep(pdf);
      kept = true;
    }
    return { kind: "pdf", pageCount: pdf.pageCount, encrypted: pdf.encrypted, textPages, ocrPages, viewPages, eInvoice };
  } finally {
    if (!kept) await pdf.close();
  }
}

/** A render-only job on an opened PDF: the listed pages at `job.dpi`, boxes burned in, nothing else read. */
async function renderPdfPages(pdf: OpenPdf, job: RenderJob): Promise<ParsedDocument> {
  const viewPages = [];
  let thumbnail: Buffer | undefined;
  for (const { page, burn } of job.pages) {
    const small = job.thumbnail?.page === page ? job.thumbnail : undefined;
    // Kept open for another render job (the redacted original): the page's operator list is kept with it.
    const view = await renderOpenPdfPage(pdf, page, job.dpi, VIEW_PNG_LEVEL, burn, small, job.keepOpen === true);
    viewPages.push({ page, png: view.png, width: view.width, height: view.height, dpi: view.dpi });
    if (view.thumbnail) thumbnail = view.thumbnail;
  }
  return { kind: "pdf", pageCount: pdf.pageCount, encrypted: pdf.encrypted, textPages: [], ocrPages: [], viewPages, eInvoice: null, ...(thumbnail ? { thumbnail } : {}) };
}

async function parseImage(bytes: Uint8Array, limits: ParseRequest["limits"]): Promise<ParsedDocument> {
  const pages = await decodeImage(bytes, limits.image);
  return { kind: "image", pageCount: pages.length, encrypted: false, textPages: [], ocrPages: pages, viewPages: [], eInvoice: null };
}

export interface ParseOptions {
  /** Render these pages only (a PDF only). */
  render?: RenderJob;
  /** For `render`: the PDF already opened by this file's parse (then `source` is not read); the caller closes it. */
  open?: OpenPdf | null;
  /** Handed the opened PDF instead of closing it (a parse: when it has text pages): the caller closes it. */
  keepOpen?: (pdf: OpenPdf) => void;
}

/**
 * The parse itself: text layer, renders of pages to OCR, embedded e-invoice — or, given `render`, only those
 * page renders. Meant to run inside the sandboxed parse worker (parse-worker.ts); safe to call in-process
 * for trusted files and tests.
 */
export async function parseDocument(source: ParseRequest["source"], kind: ParseKind, limits: ParseRequest["limits"], options: ParseOptions = {}): Promise<ParsedDocument> {
  const { render, open, keepOpen } = options;
  if (render && open) return renderPdfPages(open, render);
  const maxBytes = Math.max(limits.pdf.maxBytes ?? DEFAULT_PDF_LIMITS.maxBytes, limits.image.maxBytes ?? 0);
  const bytes = "bytes" in source ? source.bytes : await readCapped(source.path, maxBytes);
  if (bytes.byteLength === 0) throw new CoffreError("BAD_INPUT", "the file is empty");
  const detected = kind !== "auto" ? kind : looksLikePdf(bytes) ? "pdf" : sniffImageFormat(bytes) ? "image" : null;
  if (detected === null) throw new CoffreError("BAD_INPUT", "not a PDF or an image (PNG, JPEG, TIFF)");
  if (render) {
    if (detected !== "pdf") throw new CoffreError("BAD_INPUT", "only the pages of a PDF can be rendered");
    const pdf = await openPdf(bytes, limits.pdf);
    let kept = false;
    try {
      const rendered = await renderPdfPages(pdf, render);
      if (keepOpen) {
        keepOpen(pdf);
        kept = true;
      }
      return rendered;
    } finally {
      if (!kept) await pdf.close();
    }
  }
  return detected === "pdf" ? parsePdf(bytes, limits, keepOpen) : parseImage(bytes, limits);
}

/** One line for the user: the CoffreError message, else the first line of the error. */
export function reasonOf(error: unknown): string {
  if (isCoffreError(error)) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `the file could not be parsed: ${message.split("\n")[0]?.slice(0, 160) ?? "unknown error"}`;
}
