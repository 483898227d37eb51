/** Building findings, and the id-like runs of words the checksum detectors try. */
import { unionBox, type SensitiveFinding } from "../ingest/findings.js";
import type { Word } from "../ingest/types.js";
import type { SensitiveType } from "./policy.js";
import type { PageLayout, Segment } from "./layout.js";

export function makeFinding(layout: PageLayout, type: SensitiveType, wordIndexes: number[], value: string, normalized: string, confidence: number): SensitiveFinding {
  const words = wordIndexes.map((index) => layout.page.words[index]).filter((word): word is Word => word !== undefined);
  return { type, value, normalized, field: null, page: layout.page.page, wordIndexes: [...wordIndexes], bbox: unionBox(words), confidence };
}

/** A run of consecutive words that may spell an identifier, possibly continued on the line below. */
export interface IdRun {
  segment: Segment;
  wordIndexes: number[];
  /** The words as printed, joined by spaces (a label glued in front is cut off). */
  printed: string;
  /** The printed words' characters, without spaces and punctuation. */
  compact: string;
  /** The printed groups, one per word or several when a word holds them (for grouping checks such as 4-4-4-4). */
  pieces: string[];
}

/** A comma inside a word is a group separator a scan misread ("BE 0785.954,574"); at its end it ends the identifier. */
const ID_WORD = /^[A-Za-z0-9|!.,\-/()’'‘`´°º_+*"“”§%£€[\]]+$/;
/**
 * Marks a scan puts in place of a digit it could not read ("BE§6", "287% 313", "£217", "494 €6"): kept in the
 * identifier as unknown characters; only the IBAN detector tries them, when its checksum leaves one answer
 * (and the NIR's and SIRET's, after their labels). A "€" standing alone is an amount's, not a digit.
 */
export const UNREADABLE = /[§%£€]/;
/**
 * Marks a scan leaves on an identifier: quotes, degree signs, underscores, plus signs, stars, square brackets
 * ("_94902122400041", "00016+", "5555’ 1970", "81.09°93", "2B'062", "6260] 1370"). At a word's edges they are dropped;
 * inside a word they separate its groups, like a space, and so does a colon between digits after the first word
 * ("324:772 83"). The checksum still decides.
 */
const STRAY_EDGES = /^[’'‘`´°º_+*"“”[\]]+|[’'‘`´°º_+*"“”[\]]+$/g;
const MAX_RUN_WORDS = 12;
/** A lone speck word: one or two marks, no letter or digit, not a comma or semicolon (those end an identifier). */
const SPECK_WORD = /^[.'’‘`°"“”*_~^-]{1,2}$/u;

/** A word's id-like part: after a glued label ("IBAN:FR76" -> "FR76"), trailing punctuation dropped. */
function idPart(text: string, first: boolean): string | null {
  // An accent a scan put on a capital ("DÈO6") is no part of an identifier.
  let part = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC").replace(STRAY_EDGES, "").replace(/[,;:.]+$/, "").replace(STRAY_EDGES, "");
  if (first) {
    const colon = part.lastIndexOf(":");
    if (colon >= 0) part = part.slice(colon + 1);
    // A label glued with a slash ("UStIdNr/DE931767207"): the identifier starts after it.
    part = part.replace(/^[A-Za-z.]{2,}\/(?=[A-Z]{2}\d)/, "");
    // A label a scan glued with a hyphen or a quote, its letters maybe accented ("TVÂ-‘FR86511048340").
    part = part.replace(/^\p{L}{2,5}\.?[-‘’'`]+(?=[A-Z]{2}\d)/u, "");
    // The RCS register's letter glued to the SIREN by a quote ("RCS Paris B'415 049 105").
    part = part.replace(/^[AB]['’‘`](?=\d{3})/u, "");
    part = part.replace(/^[(-]+/, "");
  } else part = part.replace(/(?<=\d):(?=\d)/g, ".");
  if (part === "" || /^€+$/.test(part) || !ID_WORD.test(part)) return null;
  return part;
}

/**
 * Every run of id-like words starting at each word of every segment, extended into the next segment of
 * the same line when a narrow gap parts them, then into the segment below when the run reaches the end. `visit` returns true to stop extending the current run.
 */
export function forEachIdRun(layout: PageLayout, maxCompact: number, visit: (run: IdRun) => boolean | void): void {
  const words = layout.page.words;
  for (const segment of layout.segments) {
    const belowId = layout.below[segment.id];
    const below = belowId === null || belowId === undefined ? [] : (layout.segments[belowId]?.wordIndexes ?? []);
    // A gap a little wider than a column break may part an identifier's groups ("Siret:347   892 358 00081").
    const right = layout.segments[layout.right[segment.id] ?? -1];
    const height = Math.max(segment.height, right?.height ?? 0, 1);
    const beside = right && right.box[0] - segment.box[2] <= 4 * height ? right.wordIndexes : [];
    const stream = [...segment.wordIndexes, ...beside, ...below.slice(0, MAX_RUN_WORDS)];
    for (let start = 0; start < segment.wordIndexes.length; start += 1) {
      const indexes: number[] = [];
      const pieces: string[] = [];
      let compact = "";
      let firstPart = "";
      for (let end = start; end < stream.length && end < start + MAX_RUN_WORDS; end += 1) {
        const index = stream[end];
        const word = index === undefined ? undefined : words[index];
        if (index === undefined || !word) break;
        const part = idPart(word.text, end === start);
        // A scan's speck between two groups ("843 . 010", "FR76 ' 3000") is stepped over, never the start.
        if ((part === null || part.replace(/[^A-Za-z0-9|!]/g, "") === "") && end > start && SPECK_WORD.test(word.text)) continue;
        if (part === null) break;
        const piece = part.replace(/[^A-Za-z0-9|!§%£€]/g, "");
        if (piece === "") break;
        if (end === start) firstPart = part;
        indexes.push(index);
        // Groups inside one word ("792.598", "843'010") count as groups of their own.
        pieces.push(...part.split(/[^A-Za-z0-9|!§%£€]+/).filter((group) => group !== ""));
        compact += piece;
        if (compact.length > maxCompact) break;
        const runIndexes = [...indexes];
        const stop = visit({
          segment,
          wordIndexes: runIndexes,
          get printed() {
            return printedOf(words, runIndexes, firstPart);
          },
          compact,
          pieces: [...pieces],
        });
        if (stop === true) break;
        // A trailing comma or semicolon ends the identifier.
        if (/[,;]$/.test(word.text)) break;
      }
    }
  }
}

function printedOf(words: readonly Word[], indexes: readonly number[], firstPart: string): string {
  const rest = indexes.slice(1).map((index) => (words[index]?.text ?? "").replace(STRAY_EDGES, "").replace(/[,;:]+$/, "").replace(/\.$/, ""));
  return [firstPart, ...rest].join(" ");
}
