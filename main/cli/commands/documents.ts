import { availableParallelism } from "node:os";
import { DOC_TYPES, type DocType } from "../../../shared/invoice.js";
import { authorize } from "../../auth/authorize.js";
import { correctField } from "../../documents/correct.js";
import { exportRedactedPdf } from "../../documents/export.js";
import { viewDocument } from "../../documents/view.js";
import { search } from "../../documents/search.js";
import { HotFolder } from "../../ingest/hot-folder.js";
import { importFile, importFiles, type ImportProgress, type ImportResult } from "../../ingest/pipeline.js";
import { cleanOrphanBlobs } from "../../ingest/store.js";
import { createOcrPool } from "../../ocr/pool.js";
import { flag, optionalString, parse, positional, UsageError } from "../args.js";
import type { CliIo } from "../io.js";
import { withUserSession } from "../session.js";

const COMMON = { vault: { type: "string" }, as: { type: "string" }, json: { type: "boolean" } } as const;

/** The `import --json` line of the CLI contract. */
function contractLine(result: ImportResult): string {
  return JSON.stringify({
    id: result.id,
    file: result.file,
    status: result.status,
    ...(result.reason ? { reason: result.reason } : {}),
    docType: result.docType ?? null,
    supplier: result.supplier ?? null,
    fields: result.fields ?? null,
    warnings: result.warnings ?? [],
    duplicateOf: result.duplicateOf ?? null,
    sensitive: result.sensitive ?? [],
    pages: result.pages ?? 0,
    ocr: result.ocr ?? { used: false, confidence: null },
    source: result.source ?? null,
    ms: result.ms,
  });
}

function progressBar(io: CliIo, event: ImportProgress): void {
  if (event.type === "done") {
    const width = 24;
    const filled = Math.round(((event.index + 1) / Math.max(1, event.total)) * width);
    process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${event.index + 1}/${event.total} ${event.file.slice(0, 40).padEnd(40)}`);
    if (event.index + 1 === event.total) process.stderr.write("\n");
  } else if (event.type === "page") {
    process.stderr.write(`\r  OCR ${event.file.slice(0, 30)} page ${event.page}/${event.pages}`.padEnd(70));
  }
  void io;
}

export async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, { ...COMMON, "ocr-workers": { type: "string" } });
  if (args.positionals.length === 0) throw new UsageError("give files or folders to import");
  const workersText = optionalString(args, "ocr-workers") ?? io.env.COFFRE_OCR_WORKERS;
  const workers = workersText ? Number.parseInt(workersText, 10) : availableParallelism();
  if (!Number.isInteger(workers) || workers < 1 || workers > 16) throw new UsageError("--ocr-workers must be 1 to 16");
  return withUserSession(args, io, async (session) => {
    authorize(session, "documents.import");
    cleanOrphanBlobs(session);
    const ocr = createOcrPool({ size: workers });
    const controller = new AbortController();
    const onInterrupt = () => {
      io.err("coffre: cancelling after the documents in progress");
      controller.abort();
    };
    process.once("SIGINT", onInterrupt);
    try {
      const results = await importFiles(session, args.positionals, {
        ocr,
        concurrency: workers,
        signal: controller.signal,
        ...(io.interactive && !flag(args, "json") ? { onProgress: (event: ImportProgress) => progressBar(io, event) } : {}),
      });
      for (const result of results) {
        if (flag(args, "json")) io.out(contractLine(result));
        else {
          const detail =
            result.status === "imported"
              ? `${result.docType} ${result.supplier ?? "?"} ${result.fields?.invoiceNumber ?? "?"} ${result.fields?.totalGross ?? "?"} ${result.fields?.currency ?? ""}${(result.warnings?.length ?? 0) > 0 ? ` (${result.warnings?.length} warning(s))` : ""}`
              : (result.reason ?? "");
          io.out(`${result.status.padEnd(11)} ${result.file}  ${detail}${result.id && result.status === "imported" ? `  [${result.id}]` : ""}`);
        }
      }
      const count = (status: ImportResult["status"]) => results.filter((result) => result.status === status).length;
      if (!flag(args, "json")) io.err(`coffre: ${count("imported")} imported, ${count("duplicate")} duplicate(s), ${count("quarantined")} quarantined`);
      return 0;
    } finally {
      process.off("SIGINT", onInterrupt);
      await ocr.terminate();
    }
  });
}

export async function showCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, { ...COMMON, reveal: { type: "boolean" }, reason: { type: "string" } });
  const id = positional(args, 0, "document id");
  return withUserSession(args, io, (session) => {
    const reason = optionalString(args, "reason");
    const view = viewDocument(session, id, { reveal: flag(args, "reveal"), ...(reason ? { reason } : {}) });
    if (flag(args, "json")) {
      io.out(JSON.stringify(view));
      return 0;
    }
    io.out(`${view.file}  (${view.docType}, ${view.pages} page(s), ${view.source}${view.ocrConfidence !== null ? `, OCR ${Math.round(view.ocrConfidence)}%` : ""})`);
    io.out(`supplier: ${view.supplier ?? "-"}`);
    for (const [name, value] of Object.entries(view.fields)) io.out(`  ${name.padEnd(14)} ${value ?? "-"}`);
    for (const warning of view.warnings) io.out(`  ! ${warning.message}`);
    return 0;
  });
}

export async function searchCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, {
    ...COMMON,
    supplier: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    min: { type: "string" },
    max: { type: "string" },
    type: { type: "string" },
    iban: { type: "string" },
    vat: { type: "string" },
    limit: { type: "string" },
  });
  const type = optionalString(args, "type");
  if (type !== undefined && !(DOC_TYPES as readonly string[]).includes(type)) throw new UsageError("--type must be invoice, credit-note or other");
  const limitText = optionalString(args, "limit");
  const limit = limitText ? Number.parseInt(limitText, 10) : 50;
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError("--limit must be a positive number");
  const text = args.positionals.join(" ").trim();
  const option = (name: string) => optionalString(args, name);
  return withUserSession(args, io, (session) => {
    const rows = search(session, {
      ...(text ? { text } : {}),
      ...(option("supplier") ? { supplier: option("supplier") } : {}),
      ...(option("from") ? { from: option("from") } : {}),
      ...(option("to") ? { to: option("to") } : {}),
      ...(option("min") ? { min: option("min") } : {}),
      ...(option("max") ? { max: option("max") } : {}),
      ...(type ? { type: type as DocType } : {}),
      ...(option("iban") ? { iban: option("iban") } : {}),
      ...(option("vat") ? { vat: option("vat") } : {}),
      limit,
    });
    for (const row of rows) {
      if (flag(args, "json")) io.out(JSON.stringify(row));
      else io.out([row.id, row.issueDate ?? "----------", (row.supplierName ?? "-").slice(0, 28).padEnd(28), (row.invoiceNumber ?? "-").padEnd(16), `${row.totalGross ?? "-"} ${row.currency ?? ""}`].join("  "));
    }
    return 0;
  });
}


export async function correctCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, COMMON);
  const id = positional(args, 0, "document id");
  const changes = args.positionals.slice(1).map((pair) => {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`write corrections as field=value (got ${pair})`);
    return [pair.slice(0, at), pair.slice(at + 1)] as const;
  });
  if (changes.length === 0) throw new UsageError("give at least one correction: field=value");
  return withUserSession(args, io, (session) => {
    let fields: Record<string, string | null> = {};
    for (const [field, value] of changes) fields = correctField(session, id, field, value);
    if (flag(args, "json")) io.out(JSON.stringify({ id, fields }));
    else for (const [field] of changes) io.out(`corrected ${field}: ${fields[field] ?? "-"}`);
    return 0;
  });
}

/** `coffre watch FOLDER`: imports what scanners drop in FOLDER until interrupted (Ctrl-C). */
export async function watchCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, { ...COMMON, interval: { type: "string" } });
  const folder = positional(args, 0, "folder to watch");
  const interval = Number.parseInt(optionalString(args, "interval") ?? "2", 10);
  if (!Number.isInteger(interval) || interval < 1) throw new UsageError("--interval must be a number of seconds");
  return withUserSession(args, io, async (session) => {
    authorize(session, "documents.import");
    const ocr = createOcrPool({ size: Math.max(1, Math.min(4, availableParallelism())) });
    const hot = new HotFolder({
      folder,
      intervalMs: interval * 1000,
      importFile: async (path) => {
        const result = await importFile(session, path, { ocr });
        if (flag(args, "json")) io.out(contractLine(result));
        return { status: result.status, ...(result.reason ? { reason: result.reason } : {}) };
      },
      onEvent: (event) => {
        if (!flag(args, "json")) io.out(`${event.result.status.padEnd(11)} ${event.file}${event.result.reason ? `  ${event.result.reason}` : ""}`);
      },
    });
    io.err(`coffre: watching ${folder} (Ctrl-C to stop); done/ and quarantine/ are beside the files`);
    hot.start();
    await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
    hot.stop();
    await ocr.terminate();
    return 0;
  });
}

export async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, { ...COMMON, redacted: { type: "boolean" }, out: { type: "string" } });
  const id = positional(args, 0, "document id");
  if (!flag(args, "redacted")) throw new UsageError("only redacted exports exist: add --redacted");
  const out = optionalString(args, "out");
  if (!out) throw new UsageError("--out FILE.pdf is required");
  return withUserSession(args, io, async (session) => {
    const ocr = createOcrPool({ size: 1 });
    try {
      const result = await exportRedactedPdf(session, id, { ocr, out });
      if (flag(args, "json")) io.out(JSON.stringify({ id, out, ...result }));
      else io.out(`exported ${result.pages} page(s) to ${out} (redacted, checked: no protected value readable)`);
      return 0;
    } finally {
      await ocr.terminate();
    }
  });
}
