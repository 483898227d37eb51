import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, extname, isAbsolute } from "node:path";
import { authorize } from "../../auth/authorize.js";
import { correctField } from "../../documents/correct.js";
import { exportRedactedPdf } from "../../documents/export.js";
import { deleteView, listArchive, listSavedViews, saveView } from "../../documents/search.js";
import { viewDocument } from "../../documents/view.js";
import { CoffreError, isCoffreError } from "../../errors.js";
import { eraseDocument } from "../../gdpr/erase.js";
import { documentHold, setDocumentHold } from "../../gdpr/hold.js";
import { importFiles, type ImportProgress, type ImportResult } from "../../ingest/pipeline.js";
import { cleanOrphanBlobs } from "../../ingest/store.js";
import { findDocumentById, listPagesOfDocument, listQuarantine } from "../../vault/queries/documents.js";
import { readMaskedPage } from "../pages.js";
import type { HandlerContext, Handlers } from "../types.js";

/** Document channels: import with progress and cancel, quarantine, the archive list, a document, pages, export. */

function importResult(result: ImportResult) {
  return {
    id: result.id,
    file: basename(result.file),
    status: result.status,
    reason: result.reason ?? null,
    docType: result.docType ?? null,
    supplier: result.supplier ?? null,
    warnings: result.warnings?.length ?? 0,
    duplicateOf: result.duplicateOf ?? null,
    pages: result.pages ?? 0,
  };
}

function progressEvent(jobId: string, event: ImportProgress) {
  const base = { jobId, type: event.type, file: basename(event.file), index: null, total: null, stage: null, page: null, pages: null, result: null };
  switch (event.type) {
    case "document":
      return { ...base, index: event.index, total: event.total, stage: event.stage };
    case "page":
      return { ...base, page: event.page, pages: event.pages };
    case "done":
      return { ...base, index: event.index, total: event.total, result: importResult(event.result) };
  }
}

/** A path to write to: in the app, only one the user just chose in a dialog; in Node, an absolute path. */
function checkOutputPath(context: HandlerContext, path: string, chosen: Set<string>, what: string): void {
  if (!isAbsolute(path)) throw new CoffreError("BAD_INPUT", `choose where to save the ${what}`);
  if (context.options.dialogs) {
    if (!chosen.delete(path)) throw new CoffreError("FORBIDDEN", `choose where to save the ${what} in the dialog`);
  }
}

export const documentHandlers = {
  "dialog.openFiles": async (context) => {
    if (!context.options.dialogs) throw new CoffreError("BAD_INPUT", "file dialogs exist only in the desktop app");
    return { paths: await context.options.dialogs.openFiles(context.sender) };
  },

  "dialog.saveFile": async (context, request) => {
    if (!context.options.dialogs) throw new CoffreError("BAD_INPUT", "file dialogs exist only in the desktop app");
    const path = await context.options.dialogs.saveFile(context.sender, basename(request.suggestedName));
    if (path) context.state.savePaths.add(path);
    return { path };
  },

  "documents.import": async (context, request) => {
    const session = context.session();
    if (context.state.jobs.has(request.jobId)) throw new CoffreError("BAD_INPUT", "an import with this id is already running");
    for (const path of request.paths) if (!isAbsolute(path)) throw new CoffreError("BAD_INPUT", "give the full path of each file to import");
    cleanOrphanBlobs(session);
    const controller = new AbortController();
    context.state.jobs.set(request.jobId, controller);
    // The documents finished so far, in the order they finished: what a cancelled import still answers with.
    const finished: ImportResult[] = [];
    try {
      const results = await importFiles(session, request.paths, {
        ocr: context.ocr(),
        concurrency: Math.max(1, Math.min(2, availableParallelism())),
        signal: controller.signal,
        onProgress: (event) => {
          if (event.type === "done") finished.push(event.result);
          context.emit("import.progress", progressEvent(request.jobId, event));
        },
        ...(context.options.parseWorkerFile ? { parseWorkerFile: context.options.parseWorkerFile } : {}),
      });
      return { results: results.map(importResult), cancelled: controller.signal.aborted };
    } catch (error) {
      // Cancelled while a document was being read: the pipeline stops with "import cancelled"; the contract's
      // answer is what was finished before the stop, with cancelled: true (nothing of the stopped document is stored).
      if (controller.signal.aborted && isCoffreError(error) && error.message === "import cancelled") {
        return { results: finished.map(importResult), cancelled: true };
      }
      throw error;
    } finally {
      context.state.jobs.delete(request.jobId);
    }
  },

  "documents.importCancel": (context, request) => {
    // Only this window's imports can be cancelled from it.
    const job = context.state.jobs.get(request.jobId);
    if (!job) return { cancelled: false };
    job.abort();
    return { cancelled: true };
  },

  "documents.quarantine": (context) => {
    const session = context.session();
    const user = authorize(session, "documents.read");
    const rows = listQuarantine(session.db, user?.role === "clerk" ? user.id : null);
    return { items: rows.map((row) => ({ id: row.id, fileName: row.fileName, byteSize: row.byteSize, reason: row.reason, createdAt: row.createdAt })) };
  },

  "documents.search": (context, request) =>
    listArchive(context.session(), request.query, {
      ...(request.cursor ? { cursor: request.cursor } : {}),
      ...(request.limit ? { limit: request.limit } : {}),
    }),

  "documents.get": (context, request) => {
    const session = context.session();
    const view = viewDocument(session, request.id);
    const pages = listPagesOfDocument(session.db, request.id);
    return {
      id: view.id,
      fileName: view.file,
      docType: view.docType,
      supplier: view.supplier,
      fields: view.fields,
      warnings: view.warnings,
      duplicateOf: view.duplicateOf,
      sensitive: view.sensitive.map(({ type, field, page, bbox, action, masked }) => ({ type, field, page, bbox, action, masked })),
      pages: view.pages,
      pageUnits: pages[0]?.source === "text" ? ("points" as const) : ("pixels" as const),
      pageSizes: pages.map((page) => ({ page: page.page, width: page.width, height: page.height })),
      source: view.source,
      ocrConfidence: view.ocrConfidence,
      importedAt: view.importedAt,
      canReveal: session.user?.role === "manager" && session.sensitivePrivateKey !== null,
    };
  },

  "documents.page": async (context, request) => {
    const page = await readMaskedPage(context.session(), request.id, request.page);
    return { dataUrl: `data:image/png;base64,${page.png.toString("base64")}`, width: page.width, height: page.height };
  },

  "documents.correct": (context, request) => {
    const session = context.session();
    const fields = correctField(session, request.id, request.field, request.value);
    return { fields, warnings: findDocumentById(session.db, request.id)?.warnings ?? [] };
  },

  "documents.reveal": (context, request) => {
    const view = viewDocument(context.session(), request.id, { reveal: true, reason: request.reason });
    return { fields: view.fields, sensitive: view.sensitive };
  },

  "documents.export": async (context, request) => {
    if (extname(request.outPath).toLowerCase() !== ".pdf") throw new CoffreError("BAD_INPUT", "the export is a PDF: the file name must end in .pdf");
    checkOutputPath(context, request.outPath, context.state.savePaths, "export");
    try {
      if (statSync(request.outPath).isDirectory()) throw new CoffreError("BAD_INPUT", "choose a file name, not a folder");
    } catch (error) {
      if (error instanceof CoffreError) throw error;
    }
    return exportRedactedPdf(context.session(), request.id, { ocr: context.ocr(), out: request.outPath });
  },

  "documents.erase": (context, request) => {
    const report = eraseDocument(context.session(), request.id, { reason: request.reason });
    return { id: report.id, erasedAt: report.erasedAt, filesDeleted: report.filesDeleted, supplierRemoved: report.supplierRemoved };
  },
  "documents.holdStatus": (context, request) => {
    const hold = documentHold(context.session(), request.id);
    return { legalHold: hold.legalHold, since: hold.since };
  },
  "documents.setHold": (context, request) => {
    const hold = setDocumentHold(context.session(), request.id, { on: request.on, reason: request.reason });
    return { legalHold: hold.legalHold, since: hold.since, changed: hold.changed };
  },

  "views.list": (context) => ({ views: listSavedViews(context.session()) }),
  "views.save": (context, request) => ({ view: saveView(context.session(), request.name, request.query) }),
  "views.delete": (context, request) => ({ deleted: deleteView(context.session(), request.id) }),
} satisfies Pick<
  Handlers,
  | "dialog.openFiles"
  | "dialog.saveFile"
  | "documents.import"
  | "documents.importCancel"
  | "documents.quarantine"
  | "documents.search"
  | "documents.get"
  | "documents.page"
  | "documents.correct"
  | "documents.reveal"
  | "documents.export"
  | "documents.erase"
  | "documents.holdStatus"
  | "documents.setHold"
  | "views.list"
  | "views.save"
  | "views.delete"
>;
