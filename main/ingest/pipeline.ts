import { createHmac, randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import sharp from "sharp";
import type { UserId } from "../../shared/domain.js";
import { FIELD_NAMES, SENSITIVE_FIELDS, type FieldName, type FieldWarning, type InvoiceFields } from "../../shared/invoice.js";
import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import { checkInvoiceFields, extractInvoiceFields, matchSupplier, parseSupplierProfile, sellerEvidence, warmFrenchLexicon, type SellerEvidence, type SupplierProfile } from "../classify/index.js";
import { blindIndex } from "../crypto/blind-index.js";
import { CoffreError, isCoffreError } from "../errors.js";
import type { OcrPool } from "../ocr/pool.js";
import { rereadDoubtfulLines } from "./reread.js";
import { createParsePool, type ParsePool } from "../parse/parse-pool.js";
import type { PageImage, ParsedDocument } from "../parse/protocol.js";
import { findDocumentByContentMac, findDocumentBySupplierAndNumber, insertQuarantine } from "../vault/queries/documents.js";
import { listSuppliers } from "../vault/queries/suppliers.js";
import { detectSensitive } from "../detect/index.js";
import type { SensitivePolicy } from "../detect/policy.js";
import { readSensitivePolicy } from "../detect/policy-store.js";
import { fieldFindings } from "./field-findings.js";
import type { SensitiveFinding } from "./findings.js";
import { mergeFindings } from "./merge-findings.js";
import { redactedOriginal, withoutRedactedValues } from "./redact-original.js";
import { DEFAULT_LIMITS, displayName, expandInputs, MEDIA_TYPES, sniffMediaKind, type IntakeLimits } from "./intake.js";
import { protectDocument } from "./protect.js";
import { maskedRenditions, THUMBNAIL_PNG_LEVEL, THUMBNAIL_WIDTH, VIEW_DPI, type PageSource } from "./renditions.js";
import { storeDocument } from "./store.js";
import { evidenceKeyOf, knownSupplierOf, resolveSupplier } from "./suppliers.js";
import type { Classification, PageText } from "./types.js";

/**
 * The import pipeline: intake -> parse (sandboxed worker) -> OCR -> classify -> detect -> protect -> store.
 * One document at a time is stored atomically; a file that cannot be imported is quarantined with a
 * one-line reason while the rest of the batch goes on. Nothing is ever half-stored.
 */
export interface ImportResult {
  id: string | null;
  file: string;
  status: "imported" | "duplicate" | "quarantined";
  reason?: string;
  docType?: Classification["docType"];
  supplier?: string | null;
  fields?: InvoiceFields;
  warnings?: FieldWarning[];
  duplicateOf?: string | null;
  sensitive?: ReturnType<typeof protectDocument>["report"];
  pages?: number;
  ocr?: { used: boolean; confidence: number | null };
  source?: "facturx" | "text" | "ocr";
  ms: number;
}

export type ImportProgress =
  | { type: "document"; file: string; index: number; total: number; stage: "start" | "parse" | "ocr" | "classify" | "store" }
  | { type: "page"; file: string; page: number; pages: number }
  | { type: "done"; file: string; index: number; total: number; result: ImportResult };

export interface ImportOptions {
  ocr: OcrPool;
  onProgress?: (event: ImportProgress) => void;
  signal?: AbortSignal;
  limits?: Partial<IntakeLimits>;
  /** The compiled parse worker (tests point at dist/). */
  parseWorkerFile?: URL;
  /**
   * The parse workers to use (main/parse/parse-pool.ts). importFiles makes one per batch, sized like its
   * lanes, and ends it with the batch; importFile alone makes a pool of one for its file. Both give their
   * workers the heap cap limits.parseMemoryMb; a pool passed here keeps its own caps.
   */
  parsers?: ParsePool;
  /**
   * The detector stage: the sensitive values printed on the pages beyond the invoice fields. Defaults to
   * detectSensitive (main/detect); its findings are merged with the invoice-field findings.
   */
  detect?: (pages: PageText[], fields: InvoiceFields) => SensitiveFinding[];
  /** What to do with each type of sensitive value (default: the vault's policy, read at each import). */
  policy?: SensitivePolicy;
  /**
   * Told how long each step of a document took (the benchmark's stage profile: tests/bench/ingest-stages.ts).
   * Each step is timed from the end of the one before, so with several lanes a step also counts the time the
   * other lanes held the thread.
   */
  onStageTime?: (stage: ImportStage, ms: number, file: string) => void;
}

/** The steps of importFile, in order. "original" is only done for a document with a redact-class value. */
export const IMPORT_STAGES = ["intake", "parse", "ocr", "classify", "supplier", "protect", "renditions", "original", "store"] as const;
export type ImportStage = (typeof IMPORT_STAGES)[number];

/**
 * Lets the event loop turn between two synchronous steps of a document (classification, supplier rows,
 * detection and sealing, each a few ms to tens of ms): with several documents in flight, the longest
 * stretch the thread is held stays one step, not a whole document's worth.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Laps: each call reports the time since the previous one (or since the start) as that stage's. */
function stageLaps(options: ImportOptions, file: string): (stage: ImportStage) => void {
  const report = options.onStageTime;
  if (!report) return () => undefined;
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    report(stage, now - last, file);
    last = now;
  };
}

const MIN_TEXT_CHARACTERS = 20;

const CANCELLED = "import cancelled";
const cancelled = (): CoffreError => new CoffreError("BAD_INPUT", CANCELLED);
const isCancellation = (error: unknown): boolean => isCoffreError(error) && error.message === CANCELLED;

function contentMac(session: VaultSession, bytes: Buffer): string {
  return createHmac("sha256", session.keys.indexKey.expose()).update("coffre/content/v1\0").update(bytes).digest("hex");
}

function quarantine(session: VaultSession, ownerId: string, file: string, size: number, reason: string, started: number): ImportResult {
  const id = randomUUID();
  insertQuarantine(session.db, { id, ownerId, fileName: file, byteSize: size, reason, createdAt: session.clock().toISOString() });
  session.audit({ action: "document.import", result: "failed", object: `file ${file}`, reason: `quarantined: ${reason}` });
  return { id: null, file, status: "quarantined", reason, ms: Math.round(performance.now() - started) };
}

function fromEInvoice(parsed: ParsedDocument): Classification | null {
  const data = parsed.eInvoice;
  if (!data) return null;
  return { docType: data.docType, fields: data.fields, warnings: checkInvoiceFields(data.fields, data.docType), typeConfidence: 1 };
}

/** Pages in page order: text-layer pages as they are, OCR pages as recognised (all queued at once on the pool). */
async function readPages(parsed: ParsedDocument, file: string, options: ImportOptions): Promise<PageText[]> {
  const recognised = await Promise.all(
    parsed.ocrPages.map(async (image) => {
      if (options.signal?.aborted) throw cancelled();
      const page = await options.ocr.recognize(image.png, { page: image.page, dpi: image.dpi });
      options.onProgress?.({ type: "page", file, page: image.page, pages: parsed.pageCount });
      return page;
    }),
  );
  return [...parsed.textPages, ...recognised].sort((a, b) => a.page - b.page);
}

/** The seller's clues a supplier is recognised by, without those of a type the policy redacts (not even as a blind index). */
function supplierClues(pages: readonly PageText[], policy: SensitivePolicy): SellerEvidence {
  const clues = sellerEvidence(pages);
  return {
    phones: policy.phone === "redact" ? [] : clues.phones,
    emails: policy.email === "redact" ? [] : clues.emails,
    domains: policy.email === "redact" ? [] : clues.domains,
    postcodes: policy.address === "redact" ? [] : clues.postcodes,
  };
}

function looksLikeADocument(pages: PageText[], classification: Classification): string | null {
  const characters = pages.reduce((sum, page) => sum + page.text.replace(/\s/g, "").length, 0);
  if (characters < MIN_TEXT_CHARACTERS) return "no readable text: not an invoice-like document";
  const f = classification.fields;
  if (!f.totalGross && !f.totalNet && !f.issueDate && !f.invoiceNumber) return "no date, number or amount found: not an invoice-like document";
  return null;
}

/** The page images a document is viewed (and exported) from, by page number (the masked renditions are made from the same sources by pageSources). */
export async function pageImages(parsed: ParsedDocument): Promise<Map<number, { png: Buffer; width: number; height: number }>> {
  const images = new Map<number, { png: Buffer; width: number; height: number }>();
  for (const view of parsed.viewPages) images.set(view.page, { png: view.png, width: view.width, height: view.height });
  for (const scan of parsed.ocrPages) {
    const width = scanViewWidth(scan);
    const png = width !== null ? await sharp(scan.png).resize({ width }).png().toBuffer() : scan.png;
    images.set(scan.page, { png, width: scan.width, height: scan.height });
  }
  return images;
}

/** Scans are kept for viewing at about VIEW_DPI, not at their OCR resolution: the width to shrink one to, or null to keep it. */
function scanViewWidth(scan: PageImage): number | null {
  const factor = scan.dpi ? Math.min(1, VIEW_DPI / scan.dpi) : Math.min(1, 1400 / scan.width);
  return factor < 1 ? Math.round(scan.width * factor) : null;
}

/**
 * The viewer's images of the text pages, masked: rendered at VIEW_DPI by the parse worker from the PDF it
 * kept open (or opened again), the boxes of the hidden values burned in the pixels as they are drawn, so no
 * unmasked image of them ever leaves the worker; with the thumbnail when page 1 is one of them. `keepOpen`:
 * the worker keeps the PDF again, for the redacted original (its handle is added to `handles`).
 */
async function maskedViews(
  bytes: Buffer,
  kind: NonNullable<ReturnType<typeof sniffMediaKind>>,
  document: ParsedDocument,
  pages: readonly PageText[],
  burn: ReadonlyMap<number, [number, number, number, number][]>,
  context: { keepOpen: boolean; limits: IntakeLimits; parsers: ParsePool; handles: number[] },
): Promise<{ pages: Map<number, PageImage>; thumbnail: Buffer | null }> {
  const textPages = document.textPages.map((page) => page.page);
  const views = new Map<number, PageImage>();
  if (kind !== "pdf" || textPages.length === 0) return { pages: views, thumbnail: null };
  const firstPage = Math.min(...pages.map((page) => page.page));
  const { limits, parsers, handles } = context;
  const reuse = handles.at(-1);
  const rendered = await parsers.renderPages(
    bytes,
    {
      dpi: VIEW_DPI,
      pages: textPages.map((page) => ({ page, burn: burn.get(page) ?? [] })),
      ...(reuse !== undefined ? { reuse } : {}),
      ...(context.keepOpen ? { keepOpen: true } : {}),
      ...(textPages.includes(firstPage) ? { thumbnail: { page: firstPage, width: THUMBNAIL_WIDTH, pngLevel: THUMBNAIL_PNG_LEVEL } } : {}),
    },
    { timeoutMs: limits.parseTimeoutMs, pdf: { maxPages: limits.maxPages, maxBytes: limits.maxFileBytes } },
  );
  if (!rendered.ok) throw new CoffreError("BAD_INPUT", `the pages could not be rendered: ${rendered.reason}`);
  if (rendered.handle !== undefined) handles.push(rendered.handle);
  for (const view of rendered.result.viewPages) views.set(view.page, view);
  return { pages: views, thumbnail: rendered.result.thumbnail ?? null };
}

/**
 * What each page's masked rendition is made from: a text page's view from maskedViews (already masked), or
 * the scan kept at about VIEW_DPI (masked in maskedRenditions).
 */
function pageSources(parsed: ParsedDocument, pages: readonly PageText[], burn: ReadonlyMap<number, [number, number, number, number][]>, views: ReadonlyMap<number, PageImage>): PageSource[] {
  const sources: PageSource[] = [];
  for (const page of pages) {
    const boxes = burn.get(page.page) ?? [];
    const pageSize = { width: page.width, height: page.height };
    const view = views.get(page.page);
    if (view) {
      sources.push({ page: page.page, png: view.png, width: null, opaque: true, pageSize, boxes: [] });
      continue;
    }
    const scan = parsed.ocrPages.find((candidate) => candidate.page === page.page);
    if (!scan) continue;
    sources.push({ page: page.page, png: scan.png, width: scanViewWidth(scan), opaque: false, pageSize, boxes });
  }
  return sources;
}

/** A parse pool of `size` workers with the limits' heap cap, for a caller that brings none. */
function parsePoolFor(limits: IntakeLimits, options: ImportOptions, size: number): ParsePool {
  return createParsePool({ size, maxOldGenerationSizeMb: limits.parseMemoryMb, ...(options.parseWorkerFile ? { workerFile: options.parseWorkerFile } : {}) });
}

export async function importFile(session: VaultSession, path: string, options: ImportOptions): Promise<ImportResult> {
  if (options.parsers) return importWith(session, path, options, options.parsers);
  // A file on its own gets a pool of one for its parse and, when it holds a redact-class value, the
  // render of its redacted original; ended with the file.
  const parsers = parsePoolFor({ ...DEFAULT_LIMITS, ...options.limits }, options, 1);
  try {
    return await importWith(session, path, options, parsers);
  } finally {
    await parsers.close();
  }
}

async function importWith(session: VaultSession, path: string, options: ImportOptions, parsers: ParsePool): Promise<ImportResult> {
  const started = performance.now();
  const lap = stageLaps(options, displayName(path));
  const user = authorize(session, "documents.import");
  if (!user) throw new CoffreError("FORBIDDEN", "no user in this session");
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const file = displayName(path);
  const size = (await stat(path)).size;
  if (size === 0) return quarantine(session, user.id, file, 0, "the file is empty", started);
  if (size > limits.maxFileBytes) return quarantine(session, user.id, file, size, `the file is larger than ${Math.round(limits.maxFileBytes / 1048576)} MB`, started);
  const bytes = await readFile(path);
  const kind = sniffMediaKind(bytes.subarray(0, 1024));
  if (!kind) return quarantine(session, user.id, file, size, "not a PDF, PNG, JPEG or TIFF file", started);

  const mac = contentMac(session, bytes);
  const same = findDocumentByContentMac(session.db, mac);
  if (same) {
    session.audit({ action: "document.import", result: "ok", object: `document ${same.id}`, reason: "duplicate: the same file is already in the vault" });
    return { id: same.id, file, status: "duplicate", reason: "the same file is already in the vault", duplicateOf: same.id, ms: Math.round(performance.now() - started) };
  }
  lap("intake");

  const parsed = await parsers.parse(bytes, kind === "pdf" ? "pdf" : "image", {
    timeoutMs: limits.parseTimeoutMs,
    // Text pages are rendered for viewing after the protect stage, their boxes burned in (maskedViews).
    viewDpi: null,
    pdf: { maxPages: limits.maxPages, maxBytes: limits.maxFileBytes },
    image: { maxPixelsPerPage: limits.maxPixelsPerPage, maxBytes: limits.maxFileBytes, maxPages: limits.maxPages },
  }, { keepOpen: kind === "pdf" });
  lap("parse");
  if (!parsed.ok) {
    if (options.signal?.aborted) throw cancelled();
    return quarantine(session, user.id, file, size, parsed.reason, started);
  }
  // The worker keeps the PDF open for the renders of its pages (maskedViews, then redact-original.ts), until
  // it takes another file; released at the end in any case.
  const handles = parsed.handle !== undefined ? [parsed.handle] : [];
  try {
    return await importParsed(session, options, parsers, { file, size, bytes, kind, mac, started, lap, limits, user, document: parsed.result, handles });
  } finally {
    for (const handle of handles) parsers.release(handle);
  }
}

/** A file past its parse, and what its import has learnt so far. */
interface Parsed {
  file: string;
  size: number;
  bytes: Buffer;
  kind: NonNullable<ReturnType<typeof sniffMediaKind>>;
  mac: string;
  started: number;
  lap: (stage: ImportStage) => void;
  limits: IntakeLimits;
  user: NonNullable<ReturnType<typeof authorize>>;
  document: ParsedDocument;
  /** Handles of PDFs the parse worker keeps open for this file (ParseOutcome.handle), the latest last. */
  handles: number[];
}

async function importParsed(session: VaultSession, options: ImportOptions, parsers: ParsePool, parsed: Parsed): Promise<ImportResult> {
  const { file, size, bytes, kind, mac, started, lap, limits, user, document, handles } = parsed;
  if (options.signal?.aborted) throw cancelled();

  // A scan's seller name may need the accents lexicon (main/classify/accents.ts): loaded in slices while
  // its pages are read, not in one ~0.5 s stretch of this thread at classification.
  if (document.ocrPages.length > 0) void warmFrenchLexicon().catch(() => undefined);
  let pages: PageText[];
  try {
    pages = await readPages(document, file, options);
  } catch (error) {
    if (isCancellation(error)) throw error;
    return quarantine(session, user.id, file, size, `OCR failed: ${(error as Error).message.split("\n")[0] ?? ""}`, started);
  }
  pages = await rereadDoubtfulLines(pages, document.ocrPages, options.ocr);
  lap("ocr");

  // Classification: an embedded e-invoice is taken exactly; otherwise read the text, then again with
  // the supplier's learnt profile once the supplier is known.
  const suppliers = listSuppliers(session.db);
  const policy = options.policy ?? readSensitivePolicy(session.db);
  const keyOf = (kindOfIndex: "vat" | "siret" | "iban", value: string) => blindIndex(session.keys.indexKey, kindOfIndex, value);
  let classification = fromEInvoice(document) ?? extractInvoiceFields(pages);
  // The seller's other clues (phones, emails, domains, postcode + town), kept only as blind-index keys in
  // the supplier's profile: they recognise a known supplier on a scan whose ids OCR garbled.
  const evidence = supplierClues(pages, policy);
  const match = matchSupplier(classification.fields, suppliers.map(knownSupplierOf), keyOf, { evidence, keyOf: evidenceKeyOf(session) });
  if (match && !document.eInvoice) {
    const row = suppliers.find((supplier) => supplier.id === match.id);
    const profile = row ? parseSupplierProfile(JSON.parse(row.profile) as unknown) : null;
    if (profile?.ok && profile.profile.hints && Object.keys(profile.profile.hints).length > 0) {
      classification = extractInvoiceFields(pages, { profile: profile.profile as SupplierProfile });
    }
  }
  if (!document.eInvoice) {
    const refusal = looksLikeADocument(pages, classification);
    if (refusal) return quarantine(session, user.id, file, size, refusal, started);
  }
  lap("classify");
  await nextTurn();

  const documentId = randomUUID();
  // A supplier's identifiers are kept as blind indexes; not those of a type the policy redacts.
  const indexable = { ...classification.fields };
  if (policy.iban === "redact") indexable.iban = null;
  if (policy.vat === "redact") indexable.sellerVat = null;
  if (policy.siret === "redact") indexable.sellerSiret = null;
  const supplier = resolveSupplier(session, indexable, match?.id ?? null, evidence);
  const warnings = [...classification.warnings];
  let duplicateOf: string | null = null;
  if (supplier && classification.fields.invoiceNumber) {
    const earlier = findDocumentBySupplierAndNumber(session.db, supplier.id, classification.fields.invoiceNumber);
    if (earlier) {
      duplicateOf = earlier.id;
      warnings.push({ field: "document", code: "duplicate", message: `probable duplicate of document ${earlier.id} (same supplier and invoice number)` });
    }
  }
  lap("supplier");
  await nextTurn();

  const detect = options.detect ?? ((texts: PageText[]) => detectSensitive(texts));
  const findings = mergeFindings(pages, fieldFindings(pages, classification.fields), detect(pages, classification.fields));
  await nextTurn();
  const protectedDocument = protectDocument({ documentId, pages, findings, keys: session.keys, sensitivePublicKey: session.sensitivePublicKey, policy });
  // Redact-class values (card numbers, NIR) are written in clear nowhere: not in a plain column either.
  const redacted = findings.filter((finding) => policy[finding.type] === "redact");
  classification = { ...classification, fields: withoutRedactedValues(classification.fields, redacted) };
  lap("protect");
  const views = await maskedViews(bytes, kind, document, pages, protectedDocument.burn, { keepOpen: redacted.length > 0, limits, parsers, handles });
  const renditions = await maskedRenditions(pageSources(document, pages, protectedDocument.burn, views.pages), views.thumbnail ? { thumbnail: views.thumbnail } : {});
  lap("renditions");
  const ocrPages = pages.filter((page) => page.source === "ocr");
  const ocrConfidence = ocrPages.length > 0 ? ocrPages.reduce((sum, page) => sum + page.words.reduce((s, w) => s + w.confidence, 0) / Math.max(1, page.words.length), 0) / ocrPages.length : null;
  const source = document.eInvoice ? "facturx" : ocrPages.length > 0 ? "ocr" : "text";
  const f = classification.fields;
  // The original kept for managers holds every value in clear: with a redact-class value on it, what is
  // kept instead is a PDF rebuilt from its pages with those values burned out (and nothing else of the file).
  const original =
    redacted.length > 0
      ? await redactedOriginal(bytes, kind === "pdf" ? "pdf" : "image", document, pages, redacted, limits, parsers, handles.at(-1))
      : { bytes, mediaType: MEDIA_TYPES[kind] };
  lap("original");
  // The point of no return: a document cancelled before it is stored leaves nothing behind; once its
  // storage has begun it is stored whole (and reported).
  if (options.signal?.aborted) throw cancelled();
  options.onProgress?.({ type: "document", file, index: 0, total: 0, stage: "store" });
  try {
    await storeDocument(
    session,
    {
      document: {
        id: documentId,
        ownerId: user.id as UserId,
        fileName: file,
        contentMac: mac,
        mediaType: original.mediaType,
        byteSize: size,
        pageCount: document.pageCount,
        docType: classification.docType,
        supplierId: supplier?.id ?? null,
        source,
        ocrConfidence,
        invoiceNumber: f.invoiceNumber,
        issueDate: f.issueDate,
        dueDate: f.dueDate,
        currency: f.currency,
        totalNet: f.totalNet,
        totalTax: f.totalTax,
        totalGross: f.totalGross,
        sellerName: f.sellerName,
        warnings,
        duplicateOf,
        legalHold: false,
        importedAt: session.clock().toISOString(),
      },
      secrets: protectedDocument.secrets,
      pages: protectedDocument.pages,
      searchText: [protectedDocument.searchText, supplier?.name ?? "", f.invoiceNumber ?? ""].join("\n"),
    },
    { original: original.bytes, pages: renditions.pages, thumbnail: renditions.thumbnail },
    // Recorded with the document, in its transaction.
    { action: "document.import", result: "ok", object: `document ${documentId}`, reason: duplicateOf ? "probable duplicate invoice" : null },
    );
  } catch (error) {
    // The same file imported twice in one batch: the second one lost the race on the unique content MAC.
    if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") {
      const winner = findDocumentByContentMac(session.db, mac);
      if (winner) return { id: winner.id, file, status: "duplicate", reason: "the same file is already in the vault", duplicateOf: winner.id, ms: Math.round(performance.now() - started) };
    }
    throw error;
  }
  lap("store");

  const shownFields = Object.fromEntries(FIELD_NAMES.map((name) => [name, f[name]])) as InvoiceFields;
  for (const name of SENSITIVE_FIELDS) shownFields[name as FieldName] = f[name] ? (protectedDocument.maskedFields[name] ?? "****") : null;
  return {
    id: documentId,
    file,
    status: "imported",
    docType: classification.docType,
    supplier: supplier?.name ?? null,
    fields: shownFields,
    warnings,
    duplicateOf,
    sensitive: protectedDocument.report,
    pages: document.pageCount,
    ocr: { used: ocrPages.length > 0, confidence: ocrConfidence === null ? null : Math.round(ocrConfidence * 10) / 10 },
    source,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * Imports files and folders, a few documents in flight at once (parsing in a pool of long-lived sandboxed
 * workers and OCR on the pool overlap), each stored atomically; a bad file never stops the batch. Results
 * keep input order. The parse workers end with the batch.
 *
 * Cancel (options.signal): no new document is taken up; each document in flight is either stored whole
 * (its storage had begun) or not at all, and importFiles settles only once every one of them has. Then it
 * returns the results when every file was finished anyway, else throws CoffreError "import cancelled": the
 * "done" progress events sent before it are then exactly the documents that were finished (stored,
 * duplicate or quarantined).
 */
export async function importFiles(session: VaultSession, inputs: string[], options: ImportOptions & { concurrency?: number }): Promise<ImportResult[]> {
  authorize(session, "documents.import");
  const files = expandInputs(inputs);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const results: ImportResult[] = new Array<ImportResult>(files.length);
  const laneCount = Math.max(1, Math.min(options.concurrency ?? 2, files.length));
  const parsers = options.parsers ?? parsePoolFor(limits, options, laneCount);
  let next = 0;
  let done = 0;
  const fatal: unknown[] = []; // LOCKED or FORBIDDEN: the batch stops
  const lane = async (): Promise<void> => {
    while (next < files.length && !options.signal?.aborted && fatal.length === 0) {
      const index = next;
      next += 1;
      const path = files[index] ?? "";
      const file = displayName(path);
      options.onProgress?.({ type: "document", file, index, total: files.length, stage: "start" });
      let result: ImportResult;
      try {
        result = await importFile(session, path, { ...options, parsers });
      } catch (error) {
        if (isCancellation(error)) return; // nothing of this document was stored
        if (isCoffreError(error) && (error.code === "LOCKED" || error.code === "FORBIDDEN")) {
          fatal.push(error);
          return;
        }
        const user = session.user;
        const reason = `could not be imported: ${(error instanceof Error ? error.message : String(error)).split("\n")[0] ?? ""}`;
        result = user ? quarantine(session, user.id, file, 0, reason, performance.now()) : { id: null, file, status: "quarantined", reason, ms: 0 };
      }
      results[index] = result;
      done += 1;
      options.onProgress?.({ type: "done", file, index: done - 1, total: files.length, result });
    }
  };
  let settled: PromiseSettledResult<void>[];
  try {
    // Every lane runs to its end, even when another fails: no document is left running after the answer.
    settled = await Promise.allSettled(Array.from({ length: laneCount }, lane));
  } finally {
    if (!options.parsers) await parsers.close();
  }
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (fatal.length > 0) throw fatal[0];
  if (failed) throw failed.reason;
  if (done < files.length && options.signal?.aborted) throw cancelled();
  return results.filter((result): result is ImportResult => result !== undefined);
}
