import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { PDFDocumentProxy } from "pdfjs-dist";
import { CoffreError, isCoffreError } from "../errors.js";
import { pdfLimits, type PdfLimits } from "./limits.js";

import type * as PdfjsModule from "pdfjs-dist/legacy/build/pdf.mjs";

type Pdfjs = typeof PdfjsModule;

let pdfjsModule: Promise<Pdfjs> | null = null;

/**
 * Built-ins the legacy pdfjs build (its bundled core-js, in pdf.mjs and again in pdf.worker.mjs) replaces
 * with JavaScript versions on Node 20, for features neither pdfjs nor Coffre uses: `JSON.stringify` for
 * JSON.rawJSON, `JSON.parse` for the reviver's source text, `Array.prototype.push` for an array length of
 * 2^32, `Function.prototype.toString` for core-js's own bookkeeping. Replaced, they are the slow path of every
 * caller in the thread, pdfjs's renderer included (a glyph fill's cache key is a JSON.stringify): measured
 * in-process on 400 word boxes, stringify 0.32 -> 1.5-2.0 ms, 1000 pushes 0.02 -> 0.06-0.11 ms (decision 009).
 * They are put back once both modules are loaded; what core-js adds (missing methods) stays.
 */
const KEPT_BUILTINS: readonly [object, PropertyKey][] = [
  [JSON, "stringify"],
  [JSON, "parse"],
  [Array.prototype, "push"],
  [Function.prototype, "toString"],
];

/** The built-ins as this module found them (it is loaded before pdfjs). */
const ENGINE_BUILTINS = KEPT_BUILTINS.map(([owner, key]) => Object.getOwnPropertyDescriptor(owner, key)?.value as unknown);

/**
 * Tests: the built-ins of KEPT_BUILTINS that are no longer those this module found (by identity: core-js
 * makes its replacements print as "[native code]").
 */
export function replacedBuiltins(): string[] {
  const names = ["JSON.stringify", "JSON.parse", "Array.prototype.push", "Function.prototype.toString"];
  return KEPT_BUILTINS.flatMap(([owner, key], index) => (Object.getOwnPropertyDescriptor(owner, key)?.value === ENGINE_BUILTINS[index] ? [] : [names[index] ?? String(key)]));
}

/** pdfjs's parser half; pdfjs-dist ships no types for it (named apart, so tsc does not look for them). */
const PDFJS_PARSER_MODULE: string = "pdfjs-dist/legacy/build/pdf.worker.mjs";

async function importKeepingBuiltins(): Promise<Pdfjs> {
  const kept = KEPT_BUILTINS.map(([owner, key]) => ({ owner, key, descriptor: Object.getOwnPropertyDescriptor(owner, key) }));
  try {
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    // The "fake worker" (pdfjs's parser in this thread) taken from globalThis.pdfjsWorker rather than imported
    // by pdfjs at the first document, so that its core-js is loaded now, before the built-ins are put back.
    const parser: unknown = await import(PDFJS_PARSER_MODULE);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = parser;
    return pdfjs;
  } finally {
    for (const { owner, key, descriptor } of kept) if (descriptor) Object.defineProperty(owner, key, descriptor);
  }
}

/** pdfjs is large: load it on first use only. */
export function loadPdfjs(): Promise<Pdfjs> {
  pdfjsModule ??= importKeepingBuiltins();
  return pdfjsModule;
}

/**
 * pdfjs's own files (standard fonts, CMaps, wasm decoders) as pdfjs asks for them (its BinaryDataFactory
 * option, duck-typed: `new (dirs)` then `fetch({ kind, filename })`), read from disk once per thread and kept:
 * pdfjs's Node factory reads a standard font again for every document that uses it (Helvetica's
 * LiberationSans for nearly every invoice). Each answer is a copy, since pdfjs may hand it over (detach it).
 * Only names pdfjs itself builds are read, from the three folders of pdfjs-dist.
 */
const assetBytes = new Map<string, Promise<Uint8Array>>();

export class CachedPdfjsAssets {
  readonly #dirs: Record<string, string | null>;
  constructor(dirs: { cMapUrl?: string | null; standardFontDataUrl?: string | null; wasmUrl?: string | null }) {
    this.#dirs = { cMapUrl: dirs.cMapUrl ?? null, standardFontDataUrl: dirs.standardFontDataUrl ?? null, wasmUrl: dirs.wasmUrl ?? null };
  }
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const dir = this.#dirs[kind];
    if (!dir || /[\\/]|^\.\.?$/.test(filename)) throw new Error(`Unable to load ${kind} data: ${filename}`);
    const path = `${dir}${filename}`;
    let bytes = assetBytes.get(path);
    if (!bytes) {
      bytes = readFile(path).then((data) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      assetBytes.set(path, bytes);
      bytes.catch(() => assetBytes.delete(path));
    }
    return new Uint8Array(await bytes);
  }
}

/** Tests: how many of pdfjs's files this thread has read. */
export function cachedPdfjsAssetCount(): number {
  return assetBytes.size;
}

function pdfjsAssetDirs(): { standardFontDataUrl: string; cMapUrl: string; wasmUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  // pdfjs appends file names to these, so they end with a separator.
  return {
    standardFontDataUrl: join(root, "standard_fonts") + "/",
    cMapUrl: join(root, "cmaps") + "/",
    wasmUrl: join(root, "wasm") + "/",
  };
}

/** An opened PDF, checked against the limits. Call `close()` when done. */
export interface OpenPdf {
  readonly proxy: PDFDocumentProxy;
  readonly pageCount: number;
  /** True when the file is encrypted but opens without a password (an owner-password-only PDF). */
  readonly encrypted: boolean;
  readonly limits: PdfLimits;
  close(): Promise<void>;
}

const PDF_MAGIC = "%PDF-";

/** The PDF header may follow up to 1 KiB of junk (PDF 32000-1 annex H); readers accept that. */
function assertPdfHeader(bytes: Uint8Array): void {
  if (bytes.byteLength === 0) throw new CoffreError("BAD_INPUT", "not a PDF: the file is empty");
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString("latin1");
  if (!head.includes(PDF_MAGIC)) throw new CoffreError("BAD_INPUT", "not a PDF: no %PDF header");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 160);
}

function describePdfjsError(error: unknown): CoffreError {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? oneLine(error.message) : "unknown error";
  if (name === "PasswordException") return new CoffreError("BAD_INPUT", "the PDF is password-protected", { cause: error });
  if (name === "InvalidPDFException") return new CoffreError("BAD_INPUT", `corrupt PDF: ${message || "invalid structure"}`, { cause: error });
  return new CoffreError("BAD_INPUT", `unreadable PDF: ${message}`, { cause: error });
}

/**
 * Opens untrusted PDF bytes with pdfjs (no eval, no system fonts, no network) and enforces the limits:
 * file size, page count, page dimensions. Throws `CoffreError("BAD_INPUT")` with a one-line reason for an
 * empty, non-PDF, corrupt, password-protected or oversized file.
 */
export async function openPdf(bytes: Uint8Array, overrides: Partial<PdfLimits> = {}): Promise<OpenPdf> {
  const limits = pdfLimits(overrides);
  assertPdfHeader(bytes);
  if (bytes.byteLength > limits.maxBytes) {
    throw new CoffreError("BAD_INPUT", `the PDF is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB`);
  }
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // pdfjs may detach the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    ...pdfjsAssetDirs(),
    BinaryDataFactory: CachedPdfjsAssets,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let proxy: PDFDocumentProxy;
  try {
    proxy = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw describePdfjsError(error);
  }
  try {
    const pageCount = proxy.numPages;
    if (pageCount < 1) throw new CoffreError("BAD_INPUT", "corrupt PDF: no pages");
    if (pageCount > limits.maxPages) throw new CoffreError("BAD_INPUT", `the PDF has ${pageCount} pages, more than the limit of ${limits.maxPages}`);
    const { info } = await proxy.getMetadata();
    const encrypted = typeof info === "object" && info !== null && "EncryptFilterName" in info && Boolean(info.EncryptFilterName);
    return { proxy, pageCount, encrypted, limits, close: () => proxy.destroy() };
  } catch (error) {
    await proxy.destroy().catch(() => undefined);
    throw isCoffreError(error) ? error : describePdfjsError(error);
  }
}

/** Size of a page in points, as displayed (rotation applied), or a BAD_INPUT refusal when over the limit. */
export async function checkedPage(pdf: OpenPdf, pageNumber: number) {
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pdf.pageCount) {
    throw new CoffreError("BAD_INPUT", `page ${pageNumber} does not exist (the PDF has ${pdf.pageCount})`);
  }
  let page;
  try {
    page = await pdf.proxy.getPage(pageNumber);
  } catch (error) {
    throw describePdfjsError(error);
  }
  const viewport = page.getViewport({ scale: 1 });
  const side = Math.max(viewport.width, viewport.height);
  if (!Number.isFinite(side) || side <= 0 || side > pdf.limits.maxPageSidePoints) {
    throw new CoffreError("BAD_INPUT", `page ${pageNumber} is ${Math.round(viewport.width)} x ${Math.round(viewport.height)} pt, over the limit of ${pdf.limits.maxPageSidePoints} pt`);
  }
  return { page, viewport };
}

export { describePdfjsError };
