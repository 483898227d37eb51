/**
 * The benches' view of the second read of doubtful lines (main/ingest/reread.ts): the same stage as the import
 * pipeline, run after the (cached) page OCR on every run, and its cost added up. `--reread off` measures
 * without it, on the same page OCR.
 */
import type { PageText } from "../../main/ingest/types.js";
import type { OcrPool } from "../../main/ocr/pool.js";
import { rereadDoubtfulLines, type RereadReport, type ScannedImage } from "../../main/ingest/reread.js";

export interface RereadTally extends RereadReport {
  /** Sum of the stage's wall time over the documents (documents overlap: an upper bound of its share). */
  documents: number;
}

export const emptyRereadTally = (): RereadTally => ({ pages: 0, regions: 0, reads: 0, replaced: 0, unread: 0, added: 0, ms: 0, documents: 0 });

/** The pipeline's stage on one document's pages, its report added to `tally`; the pages as they are when `enabled` is false. */
export async function rereadForBench(pages: PageText[], images: readonly ScannedImage[], pool: () => OcrPool, enabled: boolean, tally: RereadTally): Promise<PageText[]> {
  if (!enabled || images.length === 0) return pages;
  return rereadDoubtfulLines(pages, images, { recognizeRegion: (image, region) => pool().recognizeRegion(image, region) }, {
    onReport: (report) => {
      tally.documents += 1;
      tally.pages += report.pages;
      tally.regions += report.regions;
      tally.reads += report.reads;
      tally.replaced += report.replaced;
      tally.unread += report.unread;
      tally.added += report.added;
      tally.ms += report.ms;
    },
  });
}

export function formatRereadTally(tally: RereadTally, cpuSeconds: number): string {
  const perPage = (value: number): string => (tally.pages === 0 ? "-" : (value / tally.pages).toFixed(2));
  return `second read of doubtful lines: ${tally.pages} scanned pages, ${tally.regions} lines (${perPage(tally.regions)} a page), ${tally.reads} region reads, ${tally.replaced} lines replaced, ${tally.unread} unread lines (ink without words) read, ${tally.added} added; stage wall time ${perPage(tally.ms)} ms a page (documents overlap); process CPU of the pass ${cpuSeconds.toFixed(1)} s\n`;
}
