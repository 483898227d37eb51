import { readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { PARSE_HEAP_MB } from "../parse/protocol.js";

/**
 * Intake: which files to import, and a first look at each before any parser sees it. Limits protect the
 * machine; anything refused here is quarantined with its reason.
 */
export interface IntakeLimits {
  maxFileBytes: number;
  maxPages: number;
  maxPixelsPerPage: number;
  parseTimeoutMs: number;
  parseMemoryMb: number;
}

export const DEFAULT_LIMITS: IntakeLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxPages: 200,
  maxPixelsPerPage: 60_000_000, // an A4 page at 600 dpi is ~35 Mpx
  parseTimeoutMs: 60_000,
  parseMemoryMb: PARSE_HEAP_MB, // 512-2048 MB by the machine's memory (main/parse/protocol.ts, decision 007)
};

export type MediaKind = "pdf" | "png" | "jpeg" | "tiff";

export const MEDIA_TYPES: Record<MediaKind, string> = {
  pdf: "application/pdf",
  png: "image/png",
  jpeg: "image/jpeg",
  tiff: "image/tiff",
};

/** What the first bytes say the file is; the extension is not trusted. */
export function sniffMediaKind(head: Buffer): MediaKind | null {
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  // Some PDFs have junk before the header; PDF readers accept it within the first KiB.
  if (head.subarray(0, 1024).includes(Buffer.from("%PDF-"))) return "pdf";
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  const tiff = head.subarray(0, 4).toString("latin1");
  if (tiff === "II*\0" || tiff === "MM\0*") return "tiff";
  return null;
}

const ACCEPTED_EXTENSIONS = /\.(pdf|png|jpe?g|tiff?)$/i;

/** Expands folders (recursively, skipping hidden entries) into files, keeping the given order. */
export function expandInputs(inputs: string[]): string[] {
  const files: string[] = [];
  const visit = (path: string, explicit: boolean): void => {
    const stats = statSync(path);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (!entry.startsWith(".")) visit(join(path, entry), false);
      }
    } else if (stats.isFile() && (explicit || ACCEPTED_EXTENSIONS.test(path))) {
      files.push(resolve(path));
    }
  };
  for (const input of inputs) visit(resolve(input), true);
  return files;
}

export function displayName(path: string): string {
  return basename(path);
}
