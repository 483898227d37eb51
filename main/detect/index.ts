/**
 * detectSensitive: every sensitive value printed on the pages, checksum-validated where the type has one.
 * Each page is laid out once (layout.ts), every detector family runs on it, then overlapping findings are
 * resolved: the more specific type wins (an IBAN is not also a card, a SIREN inside a SIRET or a VAT
 * number is not reported again).
 */
import type { SensitiveFinding } from "../ingest/findings.js";
import type { PageText } from "../ingest/types.js";
import { detectAddresses } from "./addresses.js";
import { detectBics, detectIbans, detectIbansOfRibs, detectRibs } from "./bank.js";
import { detectCrossCheckedCompanyIds, detectSirenSiret, detectVatNumbers } from "./company-ids.js";
import { detectEmails, detectPhones } from "./contact.js";
import { layoutPage, type PageLayout } from "./layout.js";
import { detectPersonNames, otherOccurrencesOfNames } from "./names.js";
import { detectCardNumbers, detectNirs } from "./personal-numbers.js";
import type { SensitiveType } from "./policy.js";

/** Who wins when two findings share a word: the first in this list. */
const PRECEDENCE: readonly SensitiveType[] = ["iban", "rib", "card", "nir", "siret", "vat", "siren", "bic", "email", "phone", "person", "address"];

function overlaps(a: SensitiveFinding, b: SensitiveFinding): boolean {
  return a.page === b.page && a.wordIndexes.some((index) => b.wordIndexes.includes(index));
}

/** Keeps, among findings sharing words, the one of the stronger type (then the longer one). */
function resolveOverlaps(findings: SensitiveFinding[]): SensitiveFinding[] {
  const rank = (finding: SensitiveFinding): number => PRECEDENCE.indexOf(finding.type);
  const ordered = [...findings].sort((a, b) => rank(a) - rank(b) || b.wordIndexes.length - a.wordIndexes.length || b.confidence - a.confidence);
  const kept: SensitiveFinding[] = [];
  for (const finding of ordered) {
    if (!kept.some((other) => overlaps(other, finding))) kept.push(finding);
  }
  return kept.sort((a, b) => (a.page ?? 0) - (b.page ?? 0) || (a.wordIndexes[0] ?? 0) - (b.wordIndexes[0] ?? 0));
}

export function detectSensitivePage(page: PageText): SensitiveFinding[] {
  return detectOnLayout(layoutPage(page));
}

function detectOnLayout(layout: PageLayout): SensitiveFinding[] {
  const ibans = detectIbans(layout);
  const ribs = detectRibs(layout, ibans);
  const companyIds = [...detectVatNumbers(layout), ...detectSirenSiret(layout)];
  return [
    ...ibans,
    ...ribs,
    ...detectIbansOfRibs(layout, ribs, ibans),
    ...detectBics(layout, ibans),
    ...companyIds,
    ...detectCrossCheckedCompanyIds(layout, companyIds),
    ...detectCardNumbers(layout),
    ...detectNirs(layout),
    ...detectEmails(layout),
    ...detectPhones(layout),
    ...detectPersonNames(layout),
    ...detectAddresses(layout),
  ];
}

/**
 * Every sensitive value on the pages, one finding per printed occurrence. Fits the pipeline's `detect` seam.
 * A person's name found on one page by its cue is then looked for on every page (names.ts).
 */
export function detectSensitive(pages: readonly PageText[]): SensitiveFinding[] {
  const layouts = pages.map((page) => layoutPage(page));
  const perPage = layouts.map((layout) => resolveOverlaps(detectOnLayout(layout)));
  const repeated = otherOccurrencesOfNames(layouts, perPage.flat());
  return layouts.flatMap((layout, i) => resolveOverlaps([...(perPage[i] ?? []), ...repeated.filter((finding) => finding.page === layout.page.page)]));
}
