/**
 * The seller (issuer) versus the customer: customer blocks ("Facturé à", "Bill to", "Client"...) are
 * mapped as zones of the page, and identifiers or names inside them are not the seller's. The seller's
 * name is the best-scoring company-looking line: labelled ("Fournisseur :"), with a legal form, in the
 * header at the top left, in a large font, or in the legal footer next to the seller's ids.
 */
import type { Layout, Line } from "./layout.js";
import { relativeSize, relativeTop } from "./layout.js";
import { CUSTOMER_LABEL, LEGAL_FORMS } from "./labels.js";
import { isFrenchWord } from "./accents.js";
import { editDistance, foldText, squashSpaces } from "./text.js";

export interface CustomerZone {
  page: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** One-word customer labels, for the repair of a damaged one. */
const CUSTOMER_WORDS = ["client", "customer"];

/**
 * Where a customer label that OCR damaged starts: a cell that is only "Client :" or "Customer :" with one
 * letter lost, added or misread ("Fe lient :": a speck, then "lient"), its colon kept or the cell alone on
 * its line; or null.
 */
function damagedCustomerLabel(line: Line): number | null {
  for (const cell of line.cells) {
    const folded = line.folded.slice(cell.start, cell.end);
    // Its colon kept, or alone on its line (OCR drops a lone colon as a speck).
    const colon = line.cells.length === 1 ? ":?" : ":";
    const match = new RegExp(`^[^a-z]*(?:[a-z]{1,2}\\s+)?([a-z]{5,9})\\s*${colon}[^a-z0-9]*$`).exec(folded);
    const word = match?.[1];
    if (word && CUSTOMER_WORDS.some((label) => editDistance(word, label) === 1)) return cell.start;
  }
  return null;
}

/** Zones of the page that hold the customer's block (below a customer label, in its column). */
export function customerZones(layout: Layout): CustomerZone[] {
  const zones: CustomerZone[] = [];
  for (const line of layout.lines) {
    const labelAt = CUSTOMER_LABEL.exec(line.folded)?.index ?? damagedCustomerLabel(line);
    if (labelAt === null) continue;
    const cellIndex = line.cells.findIndex((cell) => cell.start <= labelAt && labelAt < cell.end + 1);
    const cell = line.cells[cellIndex];
    if (!cell) continue;
    const next = line.cells[cellIndex + 1];
    const lineHeight = Math.max(1, line.box[3] - line.box[1]);
    const x0 = cell.x0 - line.pageWidth * 0.03;
    const x1 = next ? next.x0 - 1 : line.pageWidth;
    let y1 = line.box[3];
    // Extend down while lines keep coming in that column without a wide vertical gap (max 8 lines).
    const below = layout.lines
      .filter((other) => other.page === line.page && other.box[1] >= line.box[3] - 1)
      .sort((a, b) => a.box[1] - b.box[1]);
    let taken = 0;
    for (const other of below) {
      const inColumn = other.cells.some((candidate) => candidate.x0 >= x0 && candidate.x0 < x1);
      if (!inColumn) continue;
      if (other.box[1] - y1 > lineHeight * 2.2 || taken >= 8) break;
      y1 = other.box[3];
      taken += 1;
    }
    zones.push({ page: line.page, x0, x1, y0: line.box[1] - 1, y1 });
  }
  return zones;
}

/** Whether a box lies in a customer zone. */
export function inCustomerZone(zones: readonly CustomerZone[], page: number, box: readonly number[]): boolean {
  const [x0 = 0, y0 = 0, , y1 = 0] = box;
  const centerY = (y0 + y1) / 2;
  return zones.some((zone) => zone.page === page && x0 >= zone.x0 && x0 < zone.x1 && centerY >= zone.y0 && centerY <= zone.y1);
}

/** Words on the same line (before the value) that say it is the customer's: "N° TVA client", "Your VAT". */
export function mentionsCustomer(line: Line, start: number): boolean {
  const before = line.folded.slice(Math.max(0, line.text.lastIndexOf("\t", start) + 1), start);
  return /(?<![a-z])(?:client|customer|acheteur|buyer|votre|your|destinataire|preneur|bill\s+to|facture\s+a)(?![a-z])/.test(before);
}

const LEGAL_FORM_WORDS = new Set(LEGAL_FORMS.map((form) => form.replace(/[.-]/g, "")));

const STRONG_FORM = /(?<![A-Za-z])(?:SARL|SAS|SASU|EURL|SNC|SCI|SCOP|SCP|SELARL|GIE|EIRL|Ltd|LTD|Limited|LIMITED|LLC|LLP|PLC|plc|Inc|INC|Corp|CORP|Corporation|GmbH|GMBH|S\.A\.S\.?|S\.A\.R\.L\.?|S\.?p\.?A|S\.r\.l|SRL|BVBA|SPRL)\.?(?![A-Za-z])/;
const WEAK_FORM = /(?<![A-Za-z])(?:SA|AG|KG|BV|NV|AB|AS|OY|SL|Co\.)(?![A-Za-z])/;
const NOT_A_NAME = /(?<![a-z])(?:facture|invoice|avoir|credit\s+note|devis|quote|date|page|tel|telephone|phone|fax|e-?mail|www|http|siret|siren|rcs|tva|vat|iban|bic|total|montant|capital|rue|avenue|boulevard|bd|chemin|cours|quai|impasse|allee|road|street|cedex|bp|n\s?°|numero|number|reference|commande|order|client|customer|conditions|payment|paiement|echeance|due|description|designation|objet|subject)(?![a-z])/;
const TITLE_ONLY = /^(?:facture|invoice|tax\s+invoice|vat\s+invoice|avoir|credit\s+note|facture\s+d'avoir|devis|quote|quotation|estimate|delivery\s+note|packing\s+slip|bon\s+de\s+livraison|bon\s+de\s+commande|purchase\s+order|pro[-\s]?forma|original|duplicata|copie|copy)$/;

export interface NameCandidate {
  value: string;
  score: number;
  line: Line;
}

/** Legal forms written as acronyms, never with a final dot ("SPRL." on a scan is a speck). */
const ACRONYM_FORMS = new Set(["sarl", "sas", "sasu", "eurl", "snc", "sci", "scop", "scp", "selarl", "gie", "eirl", "llc", "llp", "plc", "gmbh", "sprl", "bvba", "srl", "sa", "ag", "kg", "bv", "nv", "ab", "oy", "ug"]);

/** Legal forms as they are written, for the repair of a misread one ("ple" → "plc"). */
const WRITTEN_FORMS = ["SARL", "SAS", "SASU", "EURL", "SELARL", "EIRL", "Ltd", "LLC", "LLP", "plc", "PLC", "Inc.", "Corp.", "GmbH", "SPRL", "BVBA", "S.A.", "S.L.", "S.p.A.", "S.r.l."];

/** Characters OCR confuses in small print, grouped: two characters of one group may stand for each other. */
const CONFUSABLE = ["ce", "Il1i|", "O0o", "S5s", "B8", "hb", "Cc", "Pp"];

function confusable(a: string, b: string): boolean {
  return a === b || CONFUSABLE.some((group) => group.includes(a) && group.includes(b));
}

/**
 * The legal form a misread last word stands for: same length, one character an OCR look-alike and the
 * others equal ("ple" → "plc"; "pie" stays a pie), or the form with its first letter lost ("nc" →
 * "Inc."); and not already a legal form itself.
 */
export function repairLegalForm(word: string): string | null {
  if (word.length < 2 || LEGAL_FORM_WORDS.has(foldText(word).replace(/\./g, ""))) return null;
  const found = WRITTEN_FORMS.filter(
    (form) =>
      (form.length === word.length &&
        [...form].every((char, index) => confusable(char, word.charAt(index))) &&
        [...form].filter((char, index) => char !== word.charAt(index)).length === 1) ||
      // Its first letter lost ("nc" for "Inc."), two letters or more left.
      (word.length >= 2 && form.replace(/\.$/, "").length === word.length + 1 && form.replace(/\.$/, "").slice(1) === word),
  );
  return found.length === 1 && found[0] ? found[0] : null;
}

/**
 * The legal form a glued or specked token spells ("SPRL", "S.rl1.." for "S.r.l."), as it is written; or
 * null. The token's dots do not count, nor a final 1 or | (a dot read as a stroke).
 */
function readLegalForm(token: string): string | null {
  const compact = token.replace(/\./g, "").replace(/[1|]+$/, "");
  if (compact.length < 2) return null;
  const written = WRITTEN_FORMS.find((form) => form.replace(/\./g, "") === compact);
  if (written) return written;
  return compact === compact.toUpperCase() && ACRONYM_FORMS.has(compact.toLowerCase()) ? compact : null;
}

/**
 * A word OCR glued to the legal form after it ("BrabantCleanSPRL", "UfficioS.rl1.."): the words and the form
 * apart. The spaces lost there were lost between the name's capitalised words too ("Brabant Clean SPRL").
 */
function unglueLegalForm(word: string): string[] {
  for (const match of word.matchAll(/(?<=\p{Ll})\p{Lu}/gu)) {
    const form = readLegalForm(word.slice(match.index));
    if (!form) continue;
    const head = word.slice(0, match.index).replace(/(?<=\p{Ll})(?=\p{Lu})/gu, " ");
    return [...head.split(" "), form];
  }
  return [word];
}

/** Speck marks OCR reads at a name's edges (quotes, bullets, stray commas). */
const EDGE_SPECKS = /^[\s:.\-–‘’“”"'`*,;|_~»«•·]+|[\s,;:\-–‘’“”"'`*|_~»«•·]+$/g;

/** Trims a footer or header fragment to the company name: "ACME SAS au capital de..." → "ACME SAS". */
export function trimCompanyName(text: string): string {
  let value = squashSpaces(text);
  value = value.split(/\s+(?:[-–—|•·]\s+|au\s+capital|capital\s+(?:social|de)|rcs|siret|siren|tva|vat|n°|registered|company\s+no)/i)[0] ?? value;
  value = value.split(/\s*,\s*(?=\d)/)[0] ?? value;
  value = value.replace(EDGE_SPECKS, "").replace(/(?<![A-Z.][a-z]{0,3}|\b[A-Z]{1,4})\.$/, "");
  // A word broken after its hyphen ("Ortho- Médical"): OCR's space, not the name's.
  value = value.replace(/(?<=\p{L})- (?=\p{L})/gu, "-");
  // A linking word joined by a dash on one side only ("Giraud et-Fils"): a speck for the space.
  value = value.replace(/(?<= )(et|de|du|des|and|of)-(?=\p{Lu}\p{Ll})/gu, "$1 ").replace(/(?<=\p{Ll})-(et|de|du|des|and|of)(?= \p{Lu})/gu, " $1");
  // "Là" before a capitalised word is the article "La" with a speck for an accent ("Traiteur Là Marée").
  value = value.replace(/(?<=^|\s)(L)([àÀ])(?=\s+\p{Lu})/gu, (_, letter: string, accent: string) => `${letter}${accent === "à" ? "a" : "A"}`);
  const words = value.split(" ").flatMap(unglueLegalForm);
  // A document title that the layout left in the name's cell, after its legal form ("Entreprises SA
  // "BON DE COMMANDE"): the name ends with the form.
  for (let index = 1; index < words.length - 1; index += 1) {
    if (!LEGAL_FORM_WORDS.has(foldText(words[index] ?? "").replace(/\./g, ""))) continue;
    // Specks around it: short letter groups and marks ("“af FACTURE 0").
    const letters = foldText(words.slice(index + 1).join(" ")).replace(/[^a-z' ]+/g, " ").split(/\s+/).filter((word) => word !== "");
    const rests = [letters.join(" "), letters.filter((word) => word.length > 2).join(" ")];
    if (rests.some((rest) => rest !== "" && (TITLE_ONLY.test(rest) || isSpacedTitle(rest)))) {
      words.splice(index + 1);
      break;
    }
  }
  // A lone speck after the legal form ends the name ("Propreté SARL s").
  if (words.length >= 3 && /^[\p{L}\d]$/u.test(words[words.length - 1] ?? "") && LEGAL_FORM_WORDS.has(foldText(words[words.length - 2] ?? "").replace(/\./g, ""))) words.pop();
  // Specks read as one or two small letters after capitalised words ("Hudson Analytics oe" for a form OCR
  // lost): no name ends with a lower-case scrap that is neither a legal form (misread or not: "nc" is
  // "Inc.") nor a linking word.
  const scrap = foldText(words[words.length - 1] ?? "");
  if (words.length >= 3 && /^\p{Ll}{1,2}$/u.test(words[words.length - 1] ?? "") && !LEGAL_FORM_WORDS.has(scrap) && !LINKING_WORDS.has(scrap) && !repairLegalForm(scrap) && words.slice(-3, -1).every((word) => /^\p{Lu}/u.test(word))) words.pop();
  const last = words[words.length - 1] ?? "";
  // "SPRL." : an acronym form takes no dot; "Inc.", "Ltd.", "S.A." keep theirs.
  if (/^[A-Za-z]+\.$/.test(last) && ACRONYM_FORMS.has(last.slice(0, -1).toLowerCase())) words[words.length - 1] = last.slice(0, -1);
  else if (words.length >= 2) {
    const form = repairLegalForm(last);
    if (form) words[words.length - 1] = form;
  }
  return words.join(" ");
}

/** Function words that a fragment of the legal footer leaves next to a legal form ("SAS au", "SARL à"). */
const FOOTER_WORDS = new Set(["au", "a", "de", "du", "des", "with", "of", "capital", "social", "registered", "in"]);

/** Title words, compacted ("FACTU R E" and OCR's "FA CTU E" are the title FACTURE, not a name). */
const TITLE_WORDS = ["facture", "invoice", "taxinvoice", "vatinvoice", "avoir", "creditnote", "factured'avoir", "devis", "quote", "quotation", "estimate", "deliverynote", "packingslip", "bondelivraison", "bondecommande", "purchaseorder", "proforma", "duplicata", "receipt"];

/** Whether a line is a document title, letter-spaced or with one letter misread, dropped or added. */
export function isSpacedTitle(folded: string): boolean {
  const compact = folded.replace(/[^a-z']/g, "");
  if (compact.length < 4) return false;
  return TITLE_WORDS.some((title) => compact === title || (title.length >= 6 && compact.length >= 5 && editDistance(compact, title) <= 1));
}

function nameScore(text: string, line: Line, layout: Layout): number {
  const letters = (text.match(/[A-Za-zÀ-ÿ]/g) ?? []).length;
  const digits = (text.match(/\d/g) ?? []).length;
  if (letters < 2 || digits > letters / 3 || text.length > 70 || text.length < 2) return -Infinity;
  if (/@|https?:|www\./i.test(text)) return -Infinity;
  let score = 0;
  if (STRONG_FORM.test(text)) score += 6;
  else if (WEAK_FORM.test(text)) score += 3;
  const foldedText = foldText(text);
  if (TITLE_ONLY.test(foldedText.trim()) || isSpacedTitle(foldedText)) return -Infinity;
  // A logo's monogram ("AF" in a big font over "Alpes Fournitures") is not a name.
  if (/^[A-Z]{1,3}$/.test(text.trim())) return -Infinity;
  // "SAS au capital de 10 000 €" trims to "SAS": a legal form alone names no one.
  if (foldedText.replace(/\./g, "").split(/[^a-z0-9]+/).every((word) => word === "" || LEGAL_FORM_WORDS.has(word) || FOOTER_WORDS.has(word))) return -Infinity;
  if (NOT_A_NAME.test(foldedText)) score -= STRONG_FORM.test(text) ? 1 : 4;
  if (/^\d/.test(text) || /\b\d{5}\b/.test(text)) score -= 4;
  if (line.page === 1) {
    const top = relativeTop(line);
    if (top < 0.2) score += 3 - line.indexOnPage * 0.3;
    else if (top > 0.82) score += 0.5;
    else score -= 1;
  } else score -= 2;
  if (line.box[0] < line.pageWidth * 0.4) score += 0.7;
  const size = relativeSize(line, layout);
  if (size > 1.15) score += Math.min(3, (size - 1) * 4);
  if (text === text.toUpperCase() && /[A-Z]{3}/.test(text)) score += 0.5;
  return score;
}

/** The box of a cell's words. */
function cellBox(line: Line, cell: Line["cells"][number]): [number, number, number, number] {
  const boxes = line.words.filter((_, index) => (line.wordStarts[index] ?? -1) >= cell.start && (line.wordStarts[index] ?? Infinity) < cell.end).map((word) => word.bbox);
  if (boxes.length === 0) return [cell.x0, line.box[1], cell.x1, line.box[3]];
  return [Math.min(...boxes.map((box) => box[0])), Math.min(...boxes.map((box) => box[1])), Math.max(...boxes.map((box) => box[2])), Math.max(...boxes.map((box) => box[3]))];
}

/**
 * Letters that go on after a name cell on another row of the layout: a cell of words starting right after
 * it (a gap under 0.8 of its height), overlapping it over half its height, in a font of about its size,
 * outside the customer's block, and no title or label. OCR splits a large tilted letterhead that way.
 */
function continuationOf(layout: Layout, line: Line, cell: Line["cells"][number], zones: readonly CustomerZone[]): string | null {
  const box = cellBox(line, cell);
  const height = box[3] - box[1];
  if (height <= 0) return null;
  for (const other of layout.lines) {
    if (other === line || other.page !== line.page || Math.abs(other.indexOnPage - line.indexOnPage) > 2) continue;
    for (const next of other.cells) {
      const nextBox = cellBox(other, next);
      const nextHeight = nextBox[3] - nextBox[1];
      const gap = nextBox[0] - box[2];
      if (gap < -height * 0.2 || gap > height * 0.8) continue;
      if (Math.min(box[3], nextBox[3]) - Math.max(box[1], nextBox[1]) < 0.5 * Math.min(height, nextHeight)) continue;
      if (nextHeight < 0.7 * height || nextHeight > 1.4 * height) continue;
      const text = other.text.slice(next.start, next.end);
      const folded = other.folded.slice(next.start, next.end);
      if (!/^[\p{L}&'’. -]+$/u.test(text) || !/\p{L}{2}/u.test(text)) continue;
      if (CUSTOMER_LABEL.test(folded) || isSpacedTitle(folded) || TITLE_ONLY.test(folded.trim()) || inCustomerZone(zones, other.page, nextBox)) continue;
      return text;
    }
  }
  return null;
}

/** Candidates for the seller's name, best first. */
/** The names of the web domains in the page's email and web addresses, letters only ("hudsonanalytics"). */
function domainNames(layout: Layout): string[] {
  const names = new Set<string>();
  for (const line of layout.lines) {
    for (const match of line.folded.matchAll(/(?:@|www\.)([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.\s?[a-z]{2,4}(?![a-z])/g)) {
      const labels = (match[1] ?? "").split(".");
      const name = (labels[labels.length - 1] ?? "").replace(/[^a-z]/g, "");
      if (name.length >= 5) names.add(name);
    }
  }
  return [...names];
}

const LINKING_WORDS = new Set(["du", "de", "des", "la", "le", "les", "et", "d", "l", "and", "of", "the"]);

/** Whether a name and a domain name say the same ("Hudson Analytics Inc." and hudson-analytics.com). */
function matchesDomain(value: string, domains: readonly string[]): boolean {
  // Articles and linking words a domain leaves out ("Quincaillerie du Centre", quincaillerie-centre.fr).
  const words = foldText(value).split(/[^a-z]+/).filter((word) => word !== "" && !LEGAL_FORM_WORDS.has(word) && !LINKING_WORDS.has(word));
  const compact = words.join("");
  if (compact.length < 5) return false;
  return domains.some((domain) => compact.includes(domain) || domain.includes(compact));
}

/** OCR confidence under which a short word is what OCR made of a drawing (a logo's monogram), not a word. */
const LOGO_CONFIDENCE = 40;

/**
 * Where a name cell's text starts once a logo's monogram that OCR read as a word before it is left out: a
 * first word of one to three capitals read with a confidence under LOGO_CONFIDENCE ("EA Leroy Électricité
 * EURL" for the "LE" drawn left of the name), two words or more after it. The cell's start otherwise.
 */
function logoSpeckEnd(line: Line, cell: Line["cells"][number]): number {
  const inCell = line.words.flatMap((word, index) => {
    const start = line.wordStarts[index] ?? -1;
    return start >= cell.start && start < cell.end ? [{ word, start }] : [];
  });
  const [first, next] = inCell;
  if (!first || !next || inCell.length < 3) return cell.start;
  return /^\p{Lu}{1,3}$/u.test(first.word.text) && first.word.confidence < LOGO_CONFIDENCE ? next.start : cell.start;
}

export function sellerNameCandidates(layout: Layout, zones: readonly CustomerZone[]): NameCandidate[] {
  const candidates: NameCandidate[] = [];
  for (const line of layout.lines) {
    // On later pages, the legal footer and the repeated letterhead at the very top.
    if (line.page > 1 && relativeTop(line) < 0.8 && relativeTop(line) > 0.12) continue;
    for (const cell of line.cells) {
      const raw = line.text.slice(logoSpeckEnd(line, cell), cell.end);
      const box = [cell.x0, line.box[1], cell.x1, line.box[3]];
      if (inCustomerZone(zones, line.page, box) || CUSTOMER_LABEL.test(line.folded.slice(cell.start, cell.end))) continue;
      const value = trimCompanyName(raw);
      const score = nameScore(value, line, layout);
      if (score > -Infinity) candidates.push({ value, score, line });
      // The rest of a large name that OCR put on a row of its own ("Nimbus Informatique" | "SAS").
      const rest = score > -Infinity ? continuationOf(layout, line, cell, zones) : null;
      if (rest) {
        const joined = trimCompanyName(`${raw} ${rest}`);
        const joinedScore = nameScore(joined, line, layout);
        if (joinedScore > -Infinity) candidates.push({ value: joined, score: Math.max(score, joinedScore) + 0.5, line });
      }
    }
  }
  // A name seen twice (header and legal footer) is very likely the seller's; so is a name the page's
  // email or web domain spells (a large letterhead is what OCR misreads most).
  const domains = domainNames(layout);
  for (const candidate of candidates) {
    const key = candidate.value.toLowerCase();
    if (candidates.some((other) => other !== candidate && other.line !== candidate.line && other.value.toLowerCase() === key)) candidate.score += 2;
    if (matchesDomain(candidate.value, domains)) candidate.score += 3;
  }
  candidates.sort((a, b) => b.score - a.score);
  const [best] = candidates;
  if (best && layout.ocr) {
    const value = bestSpelledReading(best, candidates, domains);
    if (value !== best.value) candidates[0] = { ...best, value };
  }
  return candidates;
}

/** Whether OCR read a word of a name as a word: French, a legal form, a linking word or one the page's domain spells. */
function wellRead(word: string, domains: readonly string[]): boolean {
  const folded = foldText(word);
  if (LEGAL_FORM_WORDS.has(folded) || LINKING_WORDS.has(folded)) return true;
  // One letter standing alone is a speck more often than a word ("LEROY fc À EURL").
  if (folded.length < 2) return false;
  return (folded.length >= 4 && domains.some((domain) => domain.includes(folded))) || isFrenchWord(word);
}

const NAME_WORD = /[\p{L}&]+/gu;

/** The words of a name that OCR did not read as words. */
function illRead(value: string, domains: readonly string[]): number {
  return (value.match(NAME_WORD) ?? []).filter((word) => word !== "&" && !wellRead(word, domains)).length;
}

/** Whether every word of `value` that OCR read as a word (three letters or more) is in the twin's folded words. */
function wellReadKept(value: string, twin: readonly string[], domains: readonly string[]): boolean {
  return (value.match(NAME_WORD) ?? []).every((word) => word.length < 3 || !wellRead(word, domains) || twin.includes(foldText(word)));
}

/**
 * The best-read of the chosen name and its twins: the same name printed again (the next page's letterhead,
 * the legal footer), read by OCR with other slips ("Azur Télécont Entreprises SA" on page 1, "Azur Télécom
 * Entreprises sa" on page 2). A twin starts with the same word (and ends with the same legal form) or is
 * mostly the same letters, and has as many words or letters. Word for word when both have as many words (each word OCR
 * misread taken from the twin that reads it as a word and as nearly the same letters); else the twin whole
 * when fewer of its words are ill-read and it keeps every word the chosen one read well.
 */
function bestSpelledReading(best: NameCandidate, candidates: readonly NameCandidate[], domains: readonly string[]): string {
  const words = (value: string): string[] => value.split(" ").filter((word) => word !== "");
  const coreOf = (value: string): string[] => words(foldText(value)).map((word) => word.replace(/[^a-z0-9&]/g, "")).filter((word) => word !== "");
  const core = coreOf(best.value);
  const [first] = core;
  if (!first) return best.value;
  const formOf = (folded: string[]): string => {
    const last = folded[folded.length - 1] ?? "";
    return LEGAL_FORM_WORDS.has(last) ? last : "";
  };
  let value = best.value;
  for (const twin of candidates) {
    if (twin === best || twin.line === best.line) continue;
    const other = coreOf(twin.value);
    const compact = core.join(" ");
    const otherCompact = other.join(" ");
    // No shorter: a twin cut short ("Cabinet Marchal" for "Cabinet Marchal Expertise Comptable") is no better reading.
    if (other.length < core.length && otherCompact.length < compact.length) continue;
    const sameEnds = first.length >= 3 && other[0] === first && formOf(other) === formOf(core);
    if (!sameEnds && editDistance(compact, otherCompact) > compact.length * 0.25) continue;
    const mine = words(value);
    const theirs = words(twin.value);
    if (mine.length === theirs.length) {
      value = mine.map((word, index) => {
        const replacement = theirs[index] ?? word;
        // The same word read otherwise ("Télécont", "Télécom"), not another word in its place.
        const near = editDistance(foldText(word), foldText(replacement)) <= Math.max(2, word.length * 0.3);
        return near && !wellRead(word, domains) && wellRead(replacement, domains) ? replacement : word;
      }).join(" ");
    } else if (illRead(twin.value, domains) < illRead(value, domains) && wellReadKept(value, other, domains)) value = twin.value;
  }
  return value;
}
