import { writeFileSync, renameSync, rmSync } from "node:fs";
import type { VaultSession } from "../auth/session.js";
import { blindIndex, type BlindIndexKind } from "../crypto/blind-index.js";
import { unwrapBlobKeyFromVault } from "../crypto/blob-keys.js";
import { detectSensitive } from "../detect/index.js";
import { CoffreError } from "../errors.js";
import type { PageText, Word } from "../ingest/types.js";
import type { OcrPool } from "../ocr/pool.js";
import { buildRedactedPdfNonBlocking } from "../pdf/redacted-output-thread.js";
import { extractPdfText } from "../pdf/text-layer.js";
import { readBlob } from "../vault/blob-store.js";
import { listBlobsOfDocument, listPagesOfDocument, listSecretsOfDocument } from "../vault/queries/documents.js";
import { requireReadableDocument } from "./view.js";

/**
 * Redacted PDF export. Pages are rebuilt from the masked page images with an invisible text layer that
 * leaves the placeholders out; before anything is written, the export is read back twice — its text
 * layer, and an OCR of its pages — and every run of words is compared with the document's protected
 * values through the blind index (no clear value needed, so a clerk can export too); for redacted types,
 * which keep no blind index, the detectors run on what was read back. One hit and the export is refused.
 */
const PLACEHOLDER = /^\[[A-Z]+\]$/;

/** The words of a stored page that an export may carry in its text layer: the placeholders left out. */
export function exportableWords(wordsJson: string): Word[] {
  return (JSON.parse(wordsJson) as Word[]).filter((word) => !PLACEHOLDER.test(word.text));
}
const KINDS: BlindIndexKind[] = ["iban", "vat", "siret", "siren", "bic", "email", "phone", "rib"];
const MAX_RUN = 9;

/** Every run of up to MAX_RUN consecutive words, per line-ish order, as candidate identifiers. */
function candidateRuns(pages: PageText[]): string[] {
  const runs: string[] = [];
  for (const page of pages) {
    const words = page.words.map((word) => word.text);
    for (let start = 0; start < words.length; start += 1) {
      let joined = "";
      for (let end = start; end < Math.min(words.length, start + MAX_RUN); end += 1) {
        joined += words[end] ?? "";
        // Labels glued to values ("IBAN:FR76...") are split off at the colon.
        for (const piece of [joined, joined.split(":").at(-1) ?? joined]) if (piece.length >= 6 && piece.length <= 40) runs.push(piece);
      }
    }
  }
  return runs;
}

export function findProtectedValues(session: VaultSession, documentId: string, pages: PageText[]): string[] {
  const all = listSecretsOfDocument(session.db, documentId);
  // Redacted values left nothing to compare with (no seal, no blind index): any value of such a type that
  // the detectors read in the export is one too many.
  const redactedTypes = new Set(all.filter((secret) => secret.action === "redact").map((secret) => secret.type));
  const hits = new Set<string>(redactedTypes.size > 0 ? detectSensitive(pages).filter((finding) => redactedTypes.has(finding.type)).map((finding) => finding.type) : []);
  const secrets = all.filter((secret) => secret.blindIndex);
  if (secrets.length === 0) return [...hits];
  const wanted = new Map(secrets.map((secret) => [`${secret.type}:${secret.blindIndex}`, secret.field ?? secret.type]));
  for (const run of candidateRuns(pages)) {
    for (const kind of KINDS) {
      const hit = wanted.get(`${kind}:${blindIndex(session.keys.indexKey, kind, run)}`);
      if (hit) hits.add(hit);
    }
  }
  return [...hits];
}

export interface ExportOptions {
  ocr: OcrPool;
  out: string;
}

export async function exportRedactedPdf(session: VaultSession, documentId: string, options: ExportOptions): Promise<{ pages: number; bytes: number }> {
  requireReadableDocument(session, documentId, "documents.export");
  const blobs = listBlobsOfDocument(session.db, documentId);
  const inputs = [];
  for (const page of listPagesOfDocument(session.db, documentId)) {
    const blob = blobs.find((entry) => entry.kind === "page" && entry.page === page.page);
    if (!blob || blob.keyWrap !== "vault") throw new CoffreError("BAD_INPUT", `page ${page.page} of this document has no masked image to export`);
    const key = unwrapBlobKeyFromVault(session.keys, session.vaultId, blob.blobId, blob.wrappedKey);
    let image: Buffer;
    try {
      image = await readBlob(session.paths.blobs, blob.blobId, key);
    } finally {
      key.wipe();
    }
    const words = exportableWords(page.words);
    inputs.push({ image, width: page.width, height: page.height, unit: page.source === "text" ? ("points" as const) : ("pixels" as const), words });
  }
  const pdf = await buildRedactedPdfNonBlocking(inputs);

  // Read the export back as anyone would: its text layer, and OCR of what its pages show.
  const extracted = await extractPdfText(pdf);
  const seen: PageText[] = [...extracted.pages];
  for (const [index, input] of inputs.entries()) seen.push(await options.ocr.recognize(input.image, { page: index + 1 }));
  const leaks = findProtectedValues(session, documentId, seen);
  if (leaks.length > 0) {
    session.audit({ action: "document.export", result: "failed", object: `document ${documentId}`, reason: `refused: protected value(s) still readable (${leaks.join(", ")})` });
    throw new CoffreError("FORBIDDEN", `export refused: a protected value (${leaks.join(", ")}) can still be read in the export`);
  }
  const temporary = `${options.out}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, pdf, { mode: 0o600 });
    renameSync(temporary, options.out);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  session.audit({ action: "document.export", result: "ok", object: `document ${documentId}`, reason: `redacted PDF, ${inputs.length} page(s)` });
  return { pages: inputs.length, bytes: pdf.byteLength };
}

