/**
 * Accents OCR loses or changes on a scanned French company name ("PRECISION" for "PRÉCISION", "Eclat" for
 * "Éclat", "Proprèté" for "Propreté"), put back from a French lexicon (an-array-of-french-words, ~336,000
 * forms): a word that is not French as printed, whose accent-blind form is the accent-blind form of exactly
 * one accented French word, becomes that word, in the case it was printed in. A word that is French as printed stays
 * ("Marche" may be "Marché" but is a word), and so does one with two accented readings, or one under five
 * letters (a brand's "ACME" is no "acmé"). Only on a document written in French, and on a name without a
 * foreign legal form ("GmbH", "Ltd", "S.L."): an English "Precision" is no misread "Précision", a German
 * "Systeme" no "Système". French is the one language of the OCR (fra + eng) that writes accents; other
 * languages' names keep what OCR read.
 */
import { createRequire } from "node:module";
import { foldText } from "./text.js";

interface Lexicon {
  /** Every form, sorted by code unit (as the package ships it): looked up by binary search. */
  words: readonly string[];
  /** Each accented word by its accent-blind form: the word, or null when two accented words share it. */
  byFolded: ReadonlyMap<string, string | null>;
}

let lexicon: Lexicon | null = null;

/** The accented forms indexed so far by a warm-up (`warmFrenchLexicon`), and where it is in the word list. */
let building: { words: readonly string[]; byFolded: Map<string, string | null>; next: number } | null = null;
let warming: Promise<void> | null = null;

const loadWords = (): readonly string[] => createRequire(import.meta.url)("an-array-of-french-words") as string[];

/** Indexes the accented forms among words[from, to). */
function indexAccented(words: readonly string[], from: number, to: number, byFolded: Map<string, string | null>): void {
  for (let index = from; index < to; index += 1) {
    const word = words[index] ?? "";
    if (/^[a-z' -]*$/.test(word)) continue;
    const folded = word.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    byFolded.set(folded, byFolded.has(folded) && byFolded.get(folded) !== word ? null : word);
  }
}

/**
 * The lexicon, loaded once: reading the list takes ~0.15 s and indexing its accented forms ~0.3-0.6 s. Needed
 * before a warm-up finished, the rest is done at once, on the calling thread.
 */
function frenchLexicon(): Lexicon {
  if (lexicon) return lexicon;
  const state = building ?? { words: loadWords(), byFolded: new Map<string, string | null>(), next: 0 };
  indexAccented(state.words, state.next, state.words.length, state.byFolded);
  lexicon = { words: state.words, byFolded: state.byFolded };
  building = null;
  return lexicon;
}

/** Words indexed between two turns of the event loop by a warm-up (~5-10 ms of work each). */
const WORDS_PER_TURN = 8000;

/**
 * Loads the lexicon ahead of the first scanned name, in slices with a turn of the event loop between them,
 * so the thread is never held for the whole of it (only for reading the list, ~0.15 s). importFiles starts
 * it with a batch; a name that needs the lexicon earlier finishes the job itself (frenchLexicon).
 */
export function warmFrenchLexicon(): Promise<void> {
  if (lexicon) return Promise.resolve();
  warming ??= (async () => {
    const state = (building ??= { words: loadWords(), byFolded: new Map<string, string | null>(), next: 0 });
    while (!lexicon && state.next < state.words.length) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (lexicon || building !== state) return;
      const to = Math.min(state.words.length, state.next + WORDS_PER_TURN);
      indexAccented(state.words, state.next, to, state.byFolded);
      state.next = to;
    }
    if (!lexicon) frenchLexicon();
  })().finally(() => {
    warming = null;
  });
  return warming;
}

function inLexicon(words: readonly string[], word: string): boolean {
  let low = 0;
  let high = words.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = words[middle] ?? "";
    if (value === word) return true;
    if (value < word) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

function inCaseOf(printed: string, word: string): string {
  if (printed === printed.toUpperCase() && printed !== printed.toLowerCase()) return word.toUpperCase();
  const first = printed.charAt(0);
  if (first === first.toUpperCase() && first !== first.toLowerCase()) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

const FRENCH_WORDS = /(?<![a-z])(?:facture|avoir|devis|tva|montant|ht|ttc|echeance|reglement|paiement|le|la|les|du|des|et|de|au|pour|date\s+d'emission|net\s+a\s+payer)(?![a-z])/g;
const ENGLISH_WORDS = /(?<![a-z])(?:invoice|credit\s+note|quote|vat|amount|subtotal|due|payment|the|and|of|to|for|from|bill|issued|total\s+due)(?![a-z])/g;

/** Whether the document is written in French: more French words and labels than English ones. */
export function readsFrench(text: string): boolean {
  const folded = foldText(text);
  return (folded.match(FRENCH_WORDS) ?? []).length > (folded.match(ENGLISH_WORDS) ?? []).length;
}

const FOREIGN_FORM = /(?<![\p{L}])(?:GmbH|AG|KG|UG|Ltd|Limited|LLC|LLP|PLC|Inc|Corp|BV|NV|BVBA|S\.?r\.?l|S\.?p\.?A|S\.L|Oy|AB|ApS)\.?(?![\p{L}])/iu;

/** Whether a word (any case, accents as printed) is a French word form. */
export function isFrenchWord(word: string): boolean {
  return inLexicon(frenchLexicon().words, word.toLocaleLowerCase("fr"));
}

/** The name with the accents of its French words put back ("LÉMAN PRECISION SA" → "LÉMAN PRÉCISION SA"). */
export function restoreAccents(name: string): string {
  // A legal form of a country that does not write French ("GmbH", "Ltd", "S.L."): not a French name.
  if (FOREIGN_FORM.test(name)) return name;
  const { words, byFolded } = frenchLexicon();
  return name.replace(/\p{L}+/gu, (printed) => {
    const lower = printed.toLocaleLowerCase("fr");
    if (printed.length < 5 || inLexicon(words, lower)) return printed;
    const known = byFolded.get(foldText(printed));
    return known ? inCaseOf(printed, known) : printed;
  });
}
