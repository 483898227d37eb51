/**
 * Stage profile of a born-digital import for the ingest benchmark. ES modules cannot be patched from
 * outside, so this is a replica of `importFile` (main/ingest/pipeline.ts) for text-layer PDFs: the same
 * functions called in the same order, each timed, one document at a time. The benchmark runs the real
 * pipeline at concurrency 1 beside it, so a drift between the replica and the pipeline shows up.
 * Keep it in step with pipeline.ts.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { UserId } from "../../shared/domain.js";
import type { VaultSession } from "../../main/auth/session.js";
import { checkInvoiceFields, extractInvoiceFields, matchSupplier, parseSupplierProfile, type SupplierProfile } from "../../main/classify/index.js";
import { blindIndex } from "../../main/crypto/blind-index.js";
import { newBlobKey, sealBlobKey, wrapBlobKeyForVault } from "../../main/crypto/blob-keys.js";
import { fieldFindings } from "../../main/ingest/field-findings.js";
import { DEFAULT_LIMITS, displayName, MEDIA_TYPES, sniffMediaKind } from "../../main/ingest/intake.js";
import { protectDocument } from "../../main/ingest/protect.js";
import { burnBoxes, makeThumbnail, VIEW_DPI } from "../../main/ingest/renditions.js";
import { resolveSupplier } from "../../main/ingest/suppliers.js";
import type { Classification, PageText } from "../../main/ingest/types.js";
import { parseUntrusted } from "../../main/parse/parse-untrusted.js";
import type { ParsedDocument } from "../../main/parse/protocol.js";
import { readEInvoice } from "../../main/pdf/einvoice.js";
import { openPdf } from "../../main/pdf/pdfjs-document.js";
import { renderOpenPdfPage } from "../../main/pdf/render.js";
import { readPageText } from "../../main/pdf/text-layer.js";
import { writeBlob, newBlobId } from "../../main/vault/blob-store.js";
import { findDocumentByContentMac, findDocumentBySupplierAndNumber, insertDocumentBundle, type BlobRow } from "../../main/vault/queries/documents.js";
import { listSuppliers } from "../../main/vault/queries/suppliers.js";

export const STAGES = [
  "intake (read, content MAC, duplicate lookup)",
  "parse in a fresh worker (total)",
  "classify (fields, supplier match)",
  "supplier + duplicate rows",
  "protect (findings, sealing)",
  "burn view pages (sharp)",
  "thumbnail (sharp, PNG level 9)",
  "store blobs (encrypt + fsync + rename)",
  "store rows (SQLCipher transaction)",
  "audit row + head file (fsync)",
] as const;
export type Stage = (typeof STAGES)[number];

/** Inside the parse (same calls as parse-document.ts, in-process, pdfjs already loaded). */
export const PARSE_PARTS = ["open PDF (pdfjs)", "text layer (all pages)", `render view pages at ${VIEW_DPI} dpi + PNG encode`, "e-invoice attachment lookup"] as const;
export type ParsePart = (typeof PARSE_PARTS)[number];

export interface StageProfile {
  documents: number;
  pages: number;
  skipped: number;
  wallMs: number;
  stageMs: Record<Stage, number>;
  parseMs: Record<ParsePart, number>;
  /** Pages burned with no box at all (a PNG decode + re-encode that changes nothing). */
  burnWithoutBoxes: number;
  blobsWritten: number;
  bytes: { original: number; viewPng: number; maskedPng: number; thumbnail: number };
}

const zero = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

async function timed<T>(into: Record<string, number>, key: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    into[key] = (into[key] ?? 0) + performance.now() - started;
  }
}

function looksLikeADocument(pages: PageText[], classification: Classification): boolean {
  const characters = pages.reduce((sum, page) => sum + page.text.replace(/\s/g, "").length, 0);
  const f = classification.fields;
  return characters >= 20 && Boolean(f.totalGross || f.totalNet || f.issueDate || f.invoiceNumber);
}

/** The parse again, in this thread, split in its parts (to see what the worker spends its time on). */
async function profileParse(bytes: Uint8Array, parts: Record<ParsePart, number>): Promise<void> {
  const pdf = await timed(parts, "open PDF (pdfjs)", () => openPdf(bytes, { maxPages: DEFAULT_LIMITS.maxPages, maxBytes: DEFAULT_LIMITS.maxFileBytes }));
  try {
    for (let page = 1; page <= pdf.pageCount; page += 1) {
      const text = await timed(parts, "text layer (all pages)", () => readPageText(pdf, page));
      if (text.hasUsableText) await timed(parts, `render view pages at ${VIEW_DPI} dpi + PNG encode`, () => renderOpenPdfPage(pdf, page, VIEW_DPI));
    }
    await timed(parts, "e-invoice attachment lookup", () => readEInvoice(pdf));
  } finally {
    await pdf.close();
  }
}

async function importOne(session: VaultSession, path: string, profile: StageProfile): Promise<void> {
  const s = profile.stageMs;
  const user = session.user;
  if (!user) throw new Error("no user in the bench session");
  const intake = await timed(s, STAGES[0], async () => {
    const size = (await stat(path)).size;
    const bytes = await readFile(path);
    const kind = sniffMediaKind(bytes.subarray(0, 1024));
    const mac = createHmac("sha256", session.keys.indexKey.expose()).update("coffre/content/v1\0").update(bytes).digest("hex");
    return { size, bytes, kind, mac, duplicate: findDocumentByContentMac(session.db, mac) };
  });
  if (intake.kind !== "pdf" || intake.duplicate) {
    profile.skipped += 1;
    return;
  }
  const parsed = await timed(s, STAGES[1], () =>
    parseUntrusted(intake.bytes, "pdf", {
      timeoutMs: DEFAULT_LIMITS.parseTimeoutMs,
      maxOldGenerationSizeMb: DEFAULT_LIMITS.parseMemoryMb,
      viewDpi: VIEW_DPI,
      pdf: { maxPages: DEFAULT_LIMITS.maxPages, maxBytes: DEFAULT_LIMITS.maxFileBytes },
    }),
  );
  if (!parsed.ok || parsed.result.ocrPages.length > 0) {
    profile.skipped += 1;
    return;
  }
  const document: ParsedDocument = parsed.result;
  const pages = [...document.textPages].sort((a, b) => a.page - b.page);

  const { classification, match } = await timed(s, STAGES[2], () => {
    const suppliers = listSuppliers(session.db);
    const keyOf = (kind: "vat" | "siret" | "iban", value: string) => blindIndex(session.keys.indexKey, kind, value);
    const eInvoice = document.eInvoice;
    let result: Classification = eInvoice
      ? { docType: eInvoice.docType, fields: eInvoice.fields, warnings: checkInvoiceFields(eInvoice.fields, eInvoice.docType), typeConfidence: 1 }
      : extractInvoiceFields(pages);
    const known = suppliers.map((row) => ({ id: row.id, name: row.name, vatIndexKey: row.vatIndex, siretIndexKey: row.siretIndex, ibanIndexKey: row.ibanIndex }));
    const found = matchSupplier(result.fields, known, keyOf);
    if (found && !eInvoice) {
      const row = suppliers.find((supplier) => supplier.id === found.id);
      const learnt = row ? parseSupplierProfile(JSON.parse(row.profile) as unknown) : null;
      if (learnt?.ok && learnt.profile.hints && Object.keys(learnt.profile.hints).length > 0) {
        result = extractInvoiceFields(pages, { profile: learnt.profile as SupplierProfile });
      }
    }
    return { classification: result, match: found };
  });
  if (!document.eInvoice && !looksLikeADocument(pages, classification)) {
    profile.skipped += 1;
    return;
  }
  const documentId = randomUUID();
  const f = classification.fields;
  const { supplier, duplicateOf } = await timed(s, STAGES[3], () => {
    const row = resolveSupplier(session, f, match?.id ?? null);
    const earlier = row && f.invoiceNumber ? findDocumentBySupplierAndNumber(session.db, row.id, f.invoiceNumber) : undefined;
    return { supplier: row, duplicateOf: earlier?.id ?? null };
  });
  const protectedDocument = await timed(s, STAGES[4], () =>
    protectDocument({ documentId, pages, findings: fieldFindings(pages, f), keys: session.keys, sensitivePublicKey: session.sensitivePublicKey }),
  );
  const renditions = new Map<number, Buffer>();
  for (const page of pages) {
    const view = document.viewPages.find((candidate) => candidate.page === page.page);
    if (!view) continue;
    const boxes = protectedDocument.burn.get(page.page) ?? [];
    if (boxes.length === 0) profile.burnWithoutBoxes += 1;
    profile.bytes.viewPng += view.png.length;
    const masked = await timed(s, STAGES[5], () => burnBoxes(view.png, boxes, { width: page.width, height: page.height }));
    profile.bytes.maskedPng += masked.length;
    renditions.set(page.page, masked);
  }
  const first = renditions.get(1);
  const thumbnail = first ? await timed(s, STAGES[6], () => makeThumbnail(first)) : null;
  profile.bytes.thumbnail += thumbnail?.length ?? 0;
  profile.bytes.original += intake.bytes.length;

  const blobs = await timed(s, STAGES[7], async () => {
    const written: BlobRow[] = [];
    const originalId = newBlobId();
    const originalKey = newBlobKey();
    const size = await writeBlob(session.paths.blobs, originalId, intake.bytes, originalKey);
    written.push({ kind: "original", page: 0, blobId: originalId, keyWrap: "sensitive", wrappedKey: sealBlobKey(session.sensitivePublicKey, originalId, originalKey), byteSize: size });
    originalKey.wipe();
    const masked: [BlobRow["kind"], number, Buffer][] = [...renditions].map(([page, image]) => ["page", page, image]);
    if (thumbnail) masked.push(["thumbnail", 0, thumbnail]);
    for (const [kind, page, image] of masked) {
      const blobId = newBlobId();
      const key = newBlobKey();
      const byteSize = await writeBlob(session.paths.blobs, blobId, image, key);
      written.push({ kind, page, blobId, keyWrap: "vault", wrappedKey: wrapBlobKeyForVault(session.keys, session.vaultId, blobId, key), byteSize });
      key.wipe();
    }
    return written;
  });
  profile.blobsWritten += blobs.length;
  await timed(s, STAGES[8], () =>
    insertDocumentBundle(session.db, {
      document: {
        id: documentId,
        ownerId: user.id as UserId,
        fileName: displayName(path),
        contentMac: intake.mac,
        mediaType: MEDIA_TYPES.pdf,
        byteSize: intake.size,
        pageCount: document.pageCount,
        docType: classification.docType,
        supplierId: supplier?.id ?? null,
        source: document.eInvoice ? "facturx" : "text",
        ocrConfidence: null,
        invoiceNumber: f.invoiceNumber,
        issueDate: f.issueDate,
        dueDate: f.dueDate,
        currency: f.currency,
        totalNet: f.totalNet,
        totalTax: f.totalTax,
        totalGross: f.totalGross,
        sellerName: f.sellerName,
        warnings: [...classification.warnings],
        duplicateOf,
        legalHold: false,
        importedAt: session.clock().toISOString(),
      },
      secrets: protectedDocument.secrets,
      pages: protectedDocument.pages,
      blobs,
      searchText: [protectedDocument.searchText, supplier?.name ?? "", f.invoiceNumber ?? ""].join("\n"),
    }),
  );
  await timed(s, STAGES[9], () => session.audit({ action: "document.import", result: "ok", object: `document ${documentId}`, reason: "bench stage profile" }));
  profile.documents += 1;
  profile.pages += document.pageCount;
}

/** The replica over `files`, one at a time, then the parse split in its parts (in-process, warm). */
export async function profileBornDigitalImport(session: VaultSession, files: string[]): Promise<StageProfile> {
  const profile: StageProfile = {
    documents: 0,
    pages: 0,
    skipped: 0,
    wallMs: 0,
    stageMs: zero(STAGES),
    parseMs: zero(PARSE_PARTS),
    burnWithoutBoxes: 0,
    blobsWritten: 0,
    bytes: { original: 0, viewPng: 0, maskedPng: 0, thumbnail: 0 },
  };
  const started = performance.now();
  for (const file of files) await importOne(session, file, profile);
  profile.wallMs = performance.now() - started;
  // Warm pdfjs once so its module load is not charged to the first document.
  const firstFile = files[0];
  if (firstFile) await profileParse(new Uint8Array(await readFile(firstFile)), zero(PARSE_PARTS));
  for (const file of files) await profileParse(new Uint8Array(await readFile(file)), profile.parseMs);
  return profile;
}

export interface WorkerStartup {
  /** A worker thread with the parse worker's resource limits that posts one message and ends. */
  emptyWorkerMs: number;
  /** The same, loading pdfjs (the compiled pdfjs-document.js) before it answers. */
  pdfjsWorkerMs: number;
  runs: number;
}

function timeWorker(code: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: DEFAULT_LIMITS.parseMemoryMb, maxYoungGenerationSizeMb: 48, stackSizeMb: 4 },
    });
    worker.once("message", () => {
      const ms = performance.now() - started;
      void worker.terminate().then(() => resolve(ms));
    });
    worker.once("error", reject);
  });
}

/** What a fresh parse worker costs before it reads a byte: thread start-up, then pdfjs's module load. */
export async function measureWorkerStartup(distPdfjsModule: string, runs = 5): Promise<WorkerStartup> {
  const url = pathToFileURL(distPdfjsModule).href;
  const empty = `require("node:worker_threads").parentPort.postMessage(1);`;
  const withPdfjs = `import(${JSON.stringify(url)}).then((m) => m.loadPdfjs()).then(() => require("node:worker_threads").parentPort.postMessage(1));`;
  let emptyMs = 0;
  let pdfjsMs = 0;
  for (let run = 0; run < runs; run += 1) {
    emptyMs += await timeWorker(empty);
    pdfjsMs += await timeWorker(withPdfjs);
  }
  return { emptyWorkerMs: emptyMs / runs, pdfjsWorkerMs: pdfjsMs / runs, runs };
}

export interface ReusedWorkerParse {
  documents: number;
  firstMs: number;
  meanAfterFirstMs: number;
}

/**
 * What a long-lived parse worker would cost per document: one worker (same limits) parses every file in
 * turn with the compiled parseDocument, as the pipeline's worker does, and reports each duration.
 */
export function measureReusedParseWorker(distParseModule: string, files: string[], viewDpi: number): Promise<ReusedWorkerParse> {
  const url = pathToFileURL(distParseModule).href;
  const limits = { ocrDpi: 300, viewDpi, pdf: { maxPages: DEFAULT_LIMITS.maxPages, maxBytes: DEFAULT_LIMITS.maxFileBytes }, image: {} };
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    import(${JSON.stringify(url)}).then(async ({ parseDocument }) => {
      const times = [];
      for (const path of workerData.files) {
        const started = performance.now();
        await parseDocument({ path }, "pdf", workerData.limits);
        times.push(performance.now() - started);
      }
      parentPort.postMessage(times);
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, {
      eval: true,
      workerData: { files, limits },
      resourceLimits: { maxOldGenerationSizeMb: DEFAULT_LIMITS.parseMemoryMb, maxYoungGenerationSizeMb: 48, stackSizeMb: 4 },
    });
    worker.once("message", (times: number[]) => {
      void worker.terminate();
      const rest = times.slice(1);
      resolve({ documents: times.length, firstMs: times[0] ?? Number.NaN, meanAfterFirstMs: rest.reduce((a, b) => a + b, 0) / Math.max(1, rest.length) });
    });
    worker.once("error", reject);
  });
}
