/**
 * Postal addresses: a street line (number + street word) with a postcode + city line below it, and a
 * country line when there is one; or the same on one line separated by commas.
 */
import type { SensitiveFinding } from "../ingest/findings.js";
import { makeFinding } from "./finding.js";
import type { PageLayout, Segment } from "./layout.js";

const CITY = String.raw`[A-ZÀ-ÖØ-Þ][\p{L}'’. -]*[\p{L}.]`;
/** "69002 Lyon", "F-75009 Paris", "1000 Bruxelles", "London SE1 9QG", "New York, NY 10118". */
const CITY_LINES: readonly RegExp[] = [
  new RegExp(String.raw`^(?:[A-Z]{1,2}-)?\d{4,5}\s+${CITY}(?:\s+(?:CEDEX|Cedex)(?:\s+\d{1,2})?)?$`, "u"),
  new RegExp(String.raw`^${CITY}\s+[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$`, "u"),
  new RegExp(String.raw`^${CITY},\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?$`, "u"),
];
const STREET_WORD =
  /\b(?:rue|avenue|av\.?|bd|boulevard|chemin|place|all[ée]e|impasse|quai|cours|route|promenade|r[ée]sidence|square|passage|voie|sentier|lieu-dit|hameau|ZI|ZA|ZAC|parc|street|st\.?|road|rd\.?|lane|quay|drive|way|close|court|unit|suite|floor|calle|carrer|via|corso|viale|piazza|rua|weg|platz|laan|straat|dock|grand['’]rue)\b|stra(?:ss|ß)e\b|allee\b|markt\b/iu;
const NOT_STREET = /@|\b(?:T[ée]l|Phone|Fax|Email|E-mail|SIRET|SIREN|TVA|VAT|IBAN|BIC|RCS|Total|Facture|Invoice)\b|\d{2}[ .]\d{2}[ .]\d{2}[ .]\d{2}/iu;
const COUNTRY = /^(?:France|United,?\s+Kingdom|UK|Deutschland|Germany|Allemagne|Belgique|Belgium|Belgi[eë]|Espa[ñn]a|Spain|Espagne|Italia|Italy|Italie|Suisse|Schweiz|Svizzera|Switzerland|USA|United\s+States|[ÉE]tats-Unis|Luxembourg|Nederland|Netherlands|Pays-Bas|Portugal|Ireland|Irlande|Austria|[ÖO]sterreich|Autriche)$/iu;

export const isCityLine = (text: string): boolean => CITY_LINES.some((pattern) => pattern.test(text));
export const isStreetLine = (text: string): boolean => text.length <= 60 && !NOT_STREET.test(text) && (STREET_WORD.test(text) || /^\d+\s*(?:bis|ter)?,?\s+\p{L}/iu.test(text)) && /\p{L}{2}/u.test(text);

/**
 * A city's first letter read in lower case where its capital has the same shape ("69100 villéurbanne"): c, o,
 * s, v, w, x, z only (a scan cannot tell them apart by case).
 */
const caselessCapital = (word: string): string => word.replace(/^([cosvwxz])(?=\p{Ll}{2})/u, (letter) => letter.toUpperCase());

/** A postcode's and its city's tokens as one line, the city's first letter as caselessCapital reads it. */
const cityLine = (tokens: readonly string[]): string => tokens.map((token, i) => (i === 1 ? caselessCapital(token) : token)).join(" ");

const LONG_STREET_WORDS = ["résidence", "boulevard", "impasse", "avenue", "chemin", "passage", "promenade"];
const folded = (word: string): string => word.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
/** The long street word `word` is one letter off (same length, accents aside), if exactly one. */
function misreadStreetWord(word: string): string | null {
  const near = LONG_STREET_WORDS.filter((street) => {
    const a = folded(street);
    const b = folded(word);
    return a !== b && a.length === b.length && [...a].filter((char, i) => char !== b[i]).length === 1;
  });
  return near.length === 1 && near[0] ? near[0] : null;
}

/**
 * An address line as a scan printed it, made readable: the quotes, bars, stars and dashes OCR puts at its
 * ends dropped ("‘Rue Neuve 45,", ": 31500 Toulouse", "Deutschland .- -"), "|" next to a capital read as
 * the I it is ("Z| des Glaises", "Emanuele || 64"), a postcode glued to its city by a hyphen or a quote
 * ("31500-Toulouse", "35000'Rennes") and the
 * German ß read as "l3", "13", "R" or "B" ("Friedrichstral3e"), "ZI" read as "21" before a second house number
 * ("21 des Glaises, 4 allée Nord"), a house number glued to its street ("Korenmarkt8", "8boulevard Carnot"), a postcode
 * with a letter for a digit ("3150Q Toulouse"), a leading "+" ("+ 9000 Gent"), ß read "lR" or "fg". Lines without those
 * marks come out as they are.
 */
export function cleanAddressLine(text: string): string {
  return text
    .replace(/(?<=[A-Z])\|(?=[\s,]|$)/gu, "I")
    .replace(/^[\s‘’'"“”|*«»_.,:;~=+©®–—-]+/u, "")
    .replace(/[\s‘’'"“”|*«»_.,:;~=©®°–—-]+$/u, "")
    .replace(/^((?:[A-Z]{1,2}-)?\d{4,5})[-'’](?=\p{Lu})/u, "$1 ")
    .replace(/(?<=\s)\|\|(?=\s)/gu, "II")
    .replace(/stra(?:l3|13|R|B|lR|fg)e\b/gu, "straße")
    // A house number glued to the street word after it ("8boulevard Carnot", "1rue du Lac").
    .replace(/^(\d{1,4})(?=(?:rue|avenue|boulevard|bd|chemin|place|all[ée]e|impasse|quai|cours|route)\s)/iu, "$1 ")
    // A postcode with one letter read for a digit ("3150Q Toulouse", "690d2 Lyon"): O, Q, D, o, d for 0, l, I for 1, S for 5, B for 8.
    .replace(/^(?=[\dOQDodlIS B]{5}\s+\p{Lu})(?=(?:\D*\d){4})[\dOQDodlISB]{5}(?=\s)/u, (code) => code.replace(/[OQDod]/g, "0").replace(/[lI]/g, "1").replace(/S/g, "5").replace(/B/g, "8"))
    // A postcode glued to its city ("69002Lyon").
    .replace(/^(\d{5})(?=\p{Lu}\p{Ll}{2})/u, "$1 ")
    // "rue" misread by one letter after a house number, before a capitalised name or a particle ("25 fue Oberkampf",
    // "11 rye Paradis"); lower case only, and not the Portuguese "rua".
    .replace(/^(\d{1,4}(?:bis|ter)?,?\s+)([a-z]{3})(?=\s+(?:\p{Lu}|de\s|du\s|des\s|la\s|d['’]))/u, (line: string, number: string, word: string) =>
      word !== "rue" && word !== "rua" && [...word].filter((char, at) => char !== "rue"[at]).length === 1 ? `${number}rue` : line)
    // A long street word misread by one letter right after the house number ("7 tésidence Les Tilleuls").
    .replace(/^(\d{1,4}(?:bis|ter)?,?\s+)(\p{Ll}{6,9})(?=\s)/u, (line: string, number: string, word: string) => `${number}${misreadStreetWord(word) ?? word}`)
    // A comma then a dash where the scan lost the space ("Les Tilleuls,-appt 12").
    .replace(/,-(?=\p{L})/gu, ", ")
    // A regnal number's "II" read "Il" before the house number ending the street ("Corso Vittorio Emanuele Il 64").
    .replace(/(?<=\s\p{Lu}\p{Ll}+\s)Il(?=\s+\d{1,4}$)/u, "II")
    // A house number glued to the street name it follows ("Korenmarkt8").
    .replace(/(?<=\p{Ll}{3})(\d{1,4})$/u, " $1")
    // An industrial zone's "ZI" read as a house number ("21 des Glaises, 4 allée Nord"): a number with no
    // street word after it, then a comma and the real number and street.
    .replace(/^(?:21|2I|Z1|Zl|2l)(?=\s+(?:des|du|de)\s[^,\d]*,\s*\d+\s+\p{L})/u, (zone, offset: number, line: string) => (STREET_WORD.test(line.split(",")[0] ?? "") ? zone : "ZI"))
    // A scan's mark then a speck or two read as letters ending the street ("14 avenüe de Verdun * Cn"), or one
    // or two lower-case letters after its last name word ("63 quai de là Fosse ay"): no part of the address.
    .replace(/(?<=\S)\s+[*|=~©®«»]+(?:\s+\S{1,3}){0,2}$/u, "")
    .replace(/(?<=\s\p{Lu}\p{Ll}{2,})\s+\p{Ll}{1,2}$/u, "")
    .replace(/^((?:[A-Z]{1,2}-)?\d{4,5}\s+)(\S+)/u, (_line, code: string, city: string) => code + caselessCapital(city))
    .replace(/\s{2,}/g, " ");
}

/** The rest of a street line after its comma: a flat, building, stair or floor ("appt 12", "bât. B", "Suite 4"). */
const STREET_COMPLEMENT = /^(?:appt|app|apt|appartement|b[âa]t(?:iment)?|escalier|esc|[ée]tage|porte|lot|suite|unit|flat|floor|BP|CS)\.?\s*[\p{L}\d]{1,5}$/iu;

/**
 * "7 résidence Les Tilleuls,  appt 12": OCR may give the words after the comma as a line of their own, read
 * after the city line (a wider gap than between words, so another block for tesseract). Taken back when
 * they sit right beside the street line, on its visual line, and read as a flat or building complement.
 */
function streetComplement(layout: PageLayout, street: Segment, used: ReadonlySet<number>): Segment | null {
  if (!/,$/.test(street.text.trim())) return null;
  const right = layout.segments[layout.right[street.id] ?? -1];
  if (!right || used.has(right.id) || right.box[0] - street.box[2] > 3 * Math.max(street.height, 1)) return null;
  return STREET_COMPLEMENT.test(cleanAddressLine(right.text)) ? right : null;
}

/** Splits "street, postcode city[, country]" printed on one line; null when it is not an address. */
function oneLineAddress(text: string): string[] | null {
  // A scan may read a comma as a colon or a semicolon ("150 promenade des Anglais: 06200 Nice").
  // A postcode the scan cut in two ("48 avenue Jean Jaures, 3 1000 Toulouse").
  const parts = text.split(/[,:;]\s+/).map((part) => part.replace(/^(\d)\s(\d{4})(?=\s+\p{Lu})|^(\d{2})\s(\d{3})(?=\s+\p{Lu})/u, "$1$2$3$4"));
  for (let k = 1; k < parts.length; k += 1) {
    const usCity = k + 1 < parts.length ? `${parts[k]}, ${parts[k + 1]}` : "";
    const cityParts = isCityLine(parts[k] ?? "") ? 1 : usCity && isCityLine(usCity) ? 2 : 0;
    if (cityParts === 0) continue;
    const street = parts.slice(0, k).join(", ");
    if (!isStreetLine(street)) continue;
    const rest = parts.slice(k + cityParts);
    if (rest.length > 1 || (rest.length === 1 && !COUNTRY.test(rest[0] ?? ""))) continue;
    return [street, parts.slice(k, k + cityParts).join(", "), ...rest];
  }
  return null;
}

/**
 * A postcode alone in its segment and its city in the next one on the same line ("31500" then "Toulouse": OCR
 * parted them at a wide gap): the city segment, when it sits within 4 line heights and the two read as a city line.
 */
function postcodeThenCity(layout: PageLayout, segment: Segment, used: ReadonlySet<number>): Segment | null {
  if (!/^(?:[A-Z]{1,2}-)?\d{4,5}$/.test(cleanAddressLine(segment.text))) return null;
  const right = layout.segments[layout.right[segment.id] ?? -1];
  if (!right || used.has(right.id) || right.box[0] - segment.box[2] > 4 * Math.max(segment.height, 1)) return null;
  return isCityLine(`${cleanAddressLine(segment.text)} ${cleanAddressLine(right.text)}`) ? right : null;
}

export function detectAddresses(layout: PageLayout): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  const used = new Set<number>();
  const emit = (segments: Segment[], lines: string[], confidence: number): void => {
    segments.forEach((segment) => used.add(segment.id));
    found.push(makeFinding(layout, "address", segments.flatMap((segment) => segment.wordIndexes), lines.join("\n"), lines.join(", "), confidence));
  };
  for (const segment of layout.segments) {
    if (used.has(segment.id)) continue;
    const cityRight = postcodeThenCity(layout, segment, used);
    const text = cityRight ? `${cleanAddressLine(segment.text)} ${cleanAddressLine(cityRight.text)}` : cleanAddressLine(segment.text);
    if (isCityLine(text)) {
      const street = layout.segments[layout.above[segment.id] ?? -1];
      if (!street || used.has(street.id) || !isStreetLine(cleanAddressLine(street.text))) continue;
      const parts = [street, segment, ...(cityRight ? [cityRight] : [])];
      const lines = [cleanAddressLine(street.text), text];
      const complement = streetComplement(layout, street, used);
      if (complement) {
        parts.push(complement);
        lines[0] = `${lines[0]}, ${cleanAddressLine(complement.text)}`;
      }
      const country = layout.segments[layout.below[segment.id] ?? -1];
      if (country && COUNTRY.test(cleanAddressLine(country.text))) {
        parts.push(country);
        lines.push(cleanAddressLine(country.text));
      }
      emit(parts, lines, 0.85);
      continue;
    }
    const single = /[,:;]/.test(text) ? oneLineAddress(text) : null;
    if (single) emit([segment], [single.join(", ")].flatMap((line) => line.split("\n")), 0.85);
  }
  if (layout.page.source === "ocr") found.push(...noisyScanAddresses(layout, used));
  return found;
}

/**
 * "rue" misread by one letter ("19 sue des Lilas", "4 tue de la Gare"): a three-letter word one letter off
 * it, right after a house number and before "de", "du", "des", "d'" or "la", is the street word.
 */
function misreadRue(tokens: string[]): string[] {
  return tokens.map((token, i) => {
    const misread = /^\p{Ll}{3}$/u.test(token) && token !== "rue" && [...token].filter((char, at) => char !== "rue"[at]).length === 1;
    const numberBefore = /^\d{1,4}(?:bis|ter)?,?$/.test(tokens[i - 1] ?? "");
    const particleAfter = /^(?:de|du|des|la|d['’]\p{L}+)$/u.test(tokens[i + 1] ?? "");
    return misread && numberBefore && particleAfter ? "rue" : token;
  });
}

/** A scanned word without the stray quotes and bars OCR glues to it. */
const cleanToken = (text: string): string => text.replace(/^[‘’'"“”|([{]+/u, "").replace(/[”“"'’‘,;:|)\]}]+$/u, "");
const POSTCODE = /^(?:[A-Z]{1,2}-)?\d{4,5}$/;
/** Words an address line is made of (anything else — specks, another column's words — ends it). */
const ADDRESS_WORD = /^(?:\d{1,4}(?:bis|ter)?,?|[A-ZÀ-ÖØ-Þ][\p{L}'’.-]*,?|(?:rue|bd|av\.?|de|du|des|la|le|les|l['’]\p{L}+|d['’]\p{L}+|en|sur|sous|appt|bis|ter|\p{Ll}+-\p{Ll}+)|[a-zà-ÿ]{4,},?)$/u;

/**
 * Degraded scans: OCR glues specks and the next column's words to the lines of an address
 * ("1000 Bruxelles = : Sl ie je"), so the whole-line rules above miss it. Here a French-style postcode +
 * city is looked for inside a line, and the street inside the line above, starting at the same left edge;
 * only the words that belong to the address are taken.
 */
function noisyScanAddresses(layout: PageLayout, used: ReadonlySet<number>): SensitiveFinding[] {
  const found: SensitiveFinding[] = [];
  const words = layout.page.words;
  for (const segment of layout.segments) {
    if (used.has(segment.id)) continue;
    const tokens = segment.wordIndexes.map((index) => cleanToken(words[index]?.text ?? ""));
    for (let k = 0; k < tokens.length; k += 1) {
      if (!POSTCODE.test(tokens[k] ?? "")) continue;
      let cityEnd = -1;
      // A word the scan opened with a bracket ("(en") is a speck or another column, not the city's.
      const bracket = segment.wordIndexes.findIndex((index, position) => position > k && /^[([{]/.test(words[index]?.text ?? ""));
      const lastCityWord = Math.min(tokens.length - 1, k + 4, bracket > k ? bracket - 1 : Infinity);
      for (let j = lastCityWord; j > k; j -= 1) {
        if (CITY_LINES[0]?.test(cityLine(tokens.slice(k, j + 1)))) {
          cityEnd = j;
          break;
        }
      }
      if (cityEnd < 0) continue;
      const cityIndexes = segment.wordIndexes.slice(k, cityEnd + 1);
      const cityBox = words[cityIndexes[0] ?? -1]?.bbox;
      const street = layout.segments[layout.above[segment.id] ?? -1];
      if (!cityBox || !street || used.has(street.id)) continue;
      const height = Math.max(1, cityBox[3] - cityBox[1]);
      const streetTokens = misreadRue(street.wordIndexes.map((index) => cleanToken(words[index]?.text ?? "")));
      // The street starts at the city's left edge (same column), give or take a few characters.
      const start = street.wordIndexes.findIndex((index) => Math.abs((words[index]?.bbox[0] ?? -1e9) - cityBox[0]) <= 3 * height);
      if (start < 0) continue;
      let end = start;
      while (end + 1 < streetTokens.length && end - start < 8 && ADDRESS_WORD.test(streetTokens[end + 1] ?? "")) end += 1;
      const streetText = streetTokens.slice(start, end + 1).join(" ").replace(/,$/, "");
      if (!isStreetLine(streetText) || !ADDRESS_WORD.test(streetTokens[start] ?? "")) continue;
      const lines = [streetText, cityLine(tokens.slice(k, cityEnd + 1))];
      const indexes = [...street.wordIndexes.slice(start, end + 1), ...cityIndexes];
      const below = layout.segments[layout.below[segment.id] ?? -1];
      if (below) {
        const first = below.wordIndexes.findIndex((index) => Math.abs((words[index]?.bbox[0] ?? -1e9) - cityBox[0]) <= 3 * height);
        const country = first < 0 ? null : [1, 2].map((count) => below.wordIndexes.slice(first, first + count)).find((run) => COUNTRY.test(run.map((index) => cleanToken(words[index]?.text ?? "")).join(" ")));
        if (country) {
          lines.push(country.map((index) => cleanToken(words[index]?.text ?? "")).join(" "));
          indexes.push(...country);
        }
      }
      found.push(makeFinding(layout, "address", indexes, lines.join("\n"), lines.join(", "), 0.7));
      break;
    }
  }
  return found;
}
