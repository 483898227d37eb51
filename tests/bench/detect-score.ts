/** Scoring of bench:detect: findings against the generator's truth, per type (tests/bench/detect.ts). */
import type { SensitiveType } from "../../main/detect/policy.js";
import type { SensitiveFinding } from "../../main/ingest/findings.js";
import type { SensitiveItem, TruthDocument } from "../fixtures/generator/index.js";

export type BenchKind = "pdf" | "scan-clean" | "scan-degraded";

const FREE_TEXT: readonly SensitiveType[] = ["address", "person"];
export function canonical(type: SensitiveType, value: string): string {
  if (FREE_TEXT.includes(type)) return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
  if (type === "email") return value.toLowerCase();
  if (type === "phone") return value.replace(/[^+\d]/g, "");
  return value.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}
export type Scores = Record<BenchKind, Record<SensitiveType, Tally>>;
export interface Miss {
  document: string;
  kind: BenchKind;
  outcome: "missed" | "false-alarm";
  type: SensitiveType;
  page: number | null;
  value: string;
  normalized: string;
}

/** Scores one document's findings against its truth; returns the misses and false alarms. */
export function score(document: TruthDocument, kind: BenchKind, findings: readonly SensitiveFinding[], tallies: Record<SensitiveType, Tally>): Miss[] {
  const misses: Miss[] = [];
  const truth = document.sensitive.map((item: SensitiveItem) => ({ item, key: `${item.type}|${item.page}|${canonical(item.type, item.normalized)}`, matched: false }));
  const seen = new Set<string>();
  for (const finding of findings) {
    const key = `${finding.type}|${finding.page}|${canonical(finding.type, finding.normalized)}`;
    const entry = truth.find((candidate) => candidate.key === key && !candidate.matched);
    if (entry) {
      entry.matched = true;
      tallies[finding.type].tp += 1;
    } else if (!seen.has(key) || !truth.some((candidate) => candidate.key === key)) {
      tallies[finding.type].fp += 1;
      misses.push({ document: document.id, kind, outcome: "false-alarm", type: finding.type, page: finding.page, value: finding.value, normalized: finding.normalized });
    }
    seen.add(key);
  }
  for (const entry of truth.filter((candidate) => !candidate.matched)) {
    tallies[entry.item.type].fn += 1;
    misses.push({ document: document.id, kind, outcome: "missed", type: entry.item.type, page: entry.item.page, value: entry.item.value, normalized: entry.item.normalized });
  }
  return misses;
}

