/**
 * Scoring of the accuracy benchmark (tests/bench/accuracy.ts): strict exact match per field, supplier
 * resolution as the import pipeline does it, and the per-field x per-column table with its targets.
 */
import type { DocType, InvoiceFields } from "../../shared/invoice.js";
import { FIELD_NAMES } from "../../shared/invoice.js";
import type { KnownSupplier } from "../../main/classify/index.js";
import { indexValueOf, matchSupplier, normaliseCompanyName } from "../../main/classify/index.js";
import type { SellerEvidence } from "../../main/classify/evidence.js";
import type { MatchEvidence } from "../../main/classify/supplier.js";
import { evidenceKeysOf } from "../../main/classify/supplier.js";
import type { FixtureKind, TruthDocument } from "../fixtures/generator/index.js";

/** Columns of the table: fixture kinds grouped as the targets are stated. */
export const COLUMNS = ["born-digital", "facturx", "clean-scan", "degraded-scan", "mixed-pdf"] as const;
export type Column = (typeof COLUMNS)[number];

export const COLUMN_OF: Record<FixtureKind, Column> = {
  pdf: "born-digital",
  facturx: "facturx",
  "scan-clean": "clean-scan",
  "scan-tiff": "clean-scan",
  "scan-degraded": "degraded-scan",
  "scan-pdf": "degraded-scan",
  "mixed-pdf": "mixed-pdf",
};

/** Target share of exact fields per column (mixed PDFs: page one is a text layer, page two a clean scan). */
export const FIELD_TARGETS: Record<Column, number> = {
  "born-digital": 0.99,
  facturx: 1,
  "clean-scan": 0.95,
  "degraded-scan": 0.85,
  "mixed-pdf": 0.95,
};
export const DOC_TYPE_TARGET = 0.97;
export const SUPPLIER_TARGET = 0.99;

export const ROWS = [...FIELD_NAMES, "docType", "supplier", "supplierKnown"] as const;
export type Row = (typeof ROWS)[number];

/** What the pipeline produced for one file. */
export interface Extracted {
  file: string;
  fixtureKind: FixtureKind;
  truth: TruthDocument;
  docType: DocType;
  fields: InvoiceFields;
  source: "facturx" | "text" | "ocr";
  /** The seller's other clues read on the pages (phone, email, domain, postcode), as the pipeline reads them. */
  evidence?: SellerEvidence;
  error?: string;
}

export interface Failure {
  column: Column;
  file: string;
  field: Row;
  expected: string | null;
  got: string | null;
}

const AMOUNT_FIELDS = new Set(["totalNet", "totalTax", "totalGross"]);

/** The normal form both sides are compared in; null stays null (a null truth needs a null output). */
export function normaliseField(field: Row, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.normalize("NFC").trim();
  if (trimmed === "") return null;
  if (AMOUNT_FIELDS.has(field)) {
    const number = Number(trimmed);
    return Number.isFinite(number) ? number.toFixed(2) : trimmed;
  }
  // A Swiss number's language suffix (MWST / TVA / IVA) is not part of the identifier.
  if (field === "sellerVat") return trimmed.replace(/[\s.-]+/g, "").toUpperCase().replace(/^(CHE\d{9})(?:MWST|TVA|IVA)$/, "$1");
  if (field === "iban" || field === "bic" || field === "currency" || field === "invoiceNumber") {
    return field === "invoiceNumber" ? trimmed.replace(/\s+/g, " ") : trimmed.replace(/\s+/g, "").toUpperCase();
  }
  if (field === "sellerSiret") return trimmed.replace(/\s+/g, "");
  if (field === "sellerName") return trimmed.replace(/\s+/g, " ").toLocaleLowerCase("fr");
  return trimmed;
}

export function isExact(field: Row, expected: string | null, got: string | null): boolean {
  return normaliseField(field, expected) === normaliseField(field, got);
}

interface LearntSupplier extends KnownSupplier {
  /** The ground-truth supplier of the document that created it. */
  truthId: string;
  evidenceKeys: string[];
}

const keyOf = (kind: string, value: string): string => `${kind}:${value}`;

function matchEvidenceOf(document: Extracted): MatchEvidence | undefined {
  return document.evidence ? { evidence: document.evidence, keyOf } : undefined;
}

type SupplierOutcome = { ok: boolean; got: string | null; falseMerge: boolean };

/**
 * Files `document` in `learnt` as the pipeline would (main/ingest/suppliers.ts resolveSupplier): the
 * matched supplier gets the identifiers it lacked and the document's clue keys; a document that matches
 * none creates one when it shows a name, a VAT number or a SIRET. Returns the outcome: right when the
 * matched supplier is the truth's; for a new supplier, right when the column has not seen the truth's
 * supplier before (a second one for it is a duplicate) and the VAT number, the SIRET or the company name
 * read is the truth's.
 */
function fileDocument(document: Extracted, learnt: LearntSupplier[], next: () => string): SupplierOutcome {
  const { fields, truth } = document;
  const match = matchSupplier(fields, learnt, keyOf, matchEvidenceOf(document));
  const evidence = matchEvidenceOf(document);
  const keys = evidence ? evidenceKeysOf(fields, evidence) : [];
  const indexes = {
    vatIndexKey: fields.sellerVat ? keyOf("vat", indexValueOf("vat", fields.sellerVat)) : null,
    siretIndexKey: fields.sellerSiret ? keyOf("siret", indexValueOf("siret", fields.sellerSiret)) : null,
    ibanIndexKey: fields.iban ? keyOf("iban", indexValueOf("iban", fields.iban)) : null,
  };
  if (match) {
    const supplier = learnt.find((candidate) => candidate.id === match.id);
    if (!supplier) throw new Error("matchSupplier returned an unknown id");
    supplier.vatIndexKey ??= indexes.vatIndexKey;
    supplier.siretIndexKey ??= indexes.siretIndexKey;
    supplier.ibanIndexKey ??= indexes.ibanIndexKey;
    supplier.evidenceKeys = [...new Set([...supplier.evidenceKeys, ...keys])];
    const ok = supplier.truthId === truth.supplier.id;
    return { ok, got: `${supplier.name} (by ${match.by})`, falseMerge: !ok };
  }
  const name = fields.sellerName?.trim() ?? "";
  if (!name && !indexes.vatIndexKey && !indexes.siretIndexKey) return { ok: false, got: null, falseMerge: false };
  const seenBefore = learnt.some((supplier) => supplier.truthId === truth.supplier.id);
  learnt.push({ id: next(), name: name || "Unknown supplier", ...indexes, evidenceKeys: keys, truthId: truth.supplier.id });
  const vatRight = fields.sellerVat !== null && truth.supplier.vat !== null && indexValueOf("vat", fields.sellerVat) === indexValueOf("vat", truth.supplier.vat);
  // A SIRET names the company as surely as its VAT number (the SIREN is in both).
  const siretRight = fields.sellerSiret !== null && truth.supplier.siret !== null && indexValueOf("siret", fields.sellerSiret) === indexValueOf("siret", truth.supplier.siret);
  const nameRight = name !== "" && normaliseCompanyName(name) === normaliseCompanyName(truth.supplier.name);
  return { ok: !seenBefore && (vatRight || siretRight || nameRight), got: `${name || "(no name)"} (new${seenBefore ? ", duplicate" : ""})`, falseMerge: false };
}

/**
 * Supplier resolution per column, in document order, as a vault would learn it from nothing: match against
 * the suppliers created by earlier documents of the column (identifiers through an index, then the name,
 * then the other clues); a document that matches none creates one (see fileDocument for what is right).
 */
export function scoreSuppliers(documents: readonly Extracted[]): Map<Extracted, SupplierOutcome> {
  const learnt: LearntSupplier[] = [];
  const results = new Map<Extracted, SupplierOutcome>();
  let count = 0;
  const next = (): string => `s${(count += 1)}`;
  for (const document of documents) results.set(document, fileDocument(document, learnt, next));
  return results;
}

/**
 * Recognition of a supplier already in the vault: the vault first learns every supplier from the
 * born-digital PDFs of the set (as scoreSuppliers, from their extracted fields and clues), then each
 * document of another column is matched against it alone: right only when matched to the truth's
 * supplier (a new supplier is a miss, another one a false merge). Null when the run has no born-digital PDFs.
 */
export function scoreKnownSuppliers(documents: readonly Extracted[], column: Column): Map<Extracted, SupplierOutcome> | null {
  const bornDigital = documents.filter((document) => document.fixtureKind === "pdf");
  if (bornDigital.length === 0 || column === "born-digital") return null;
  const learnt: LearntSupplier[] = [];
  let count = 0;
  const next = (): string => `k${(count += 1)}`;
  for (const document of bornDigital) fileDocument(document, learnt, next);
  const results = new Map<Extracted, SupplierOutcome>();
  for (const document of documents.filter((candidate) => COLUMN_OF[candidate.fixtureKind] === column)) {
    const match = matchSupplier(document.fields, learnt, keyOf, matchEvidenceOf(document));
    const supplier = match ? learnt.find((candidate) => candidate.id === match.id) : undefined;
    if (!match || !supplier) {
      results.set(document, { ok: false, got: `${document.fields.sellerName ?? "(no name)"} (not recognised)`, falseMerge: false });
      continue;
    }
    const ok = supplier.truthId === document.truth.supplier.id;
    results.set(document, { ok, got: `${supplier.name} (by ${match.by})`, falseMerge: !ok });
  }
  return results;
}

export interface Cell {
  right: number;
  total: number;
}

export type Table = Record<Column, Record<Row | "overall", Cell>>;

function emptyTable(): Table {
  const table = {} as Table;
  for (const column of COLUMNS) {
    const cells = {} as Record<Row | "overall", Cell>;
    for (const row of [...ROWS, "overall"] as const) cells[row] = { right: 0, total: 0 };
    table[column] = cells;
  }
  return table;
}

/** The table and the failures; `overall` counts the 12 invoice fields of every document of the column. */
export function scoreAll(documents: readonly Extracted[]): {
  table: Table;
  failures: Failure[];
  falseMerges: Partial<Record<Column, number>>;
  /** How the documents of each column were recognised in the known vault: "vat", "name", "evidence"... */
  recognisedBy: Partial<Record<Column, Record<string, number>>>;
} {
  const table = emptyTable();
  const failures: Failure[] = [];
  const falseMerges: Partial<Record<Column, number>> = {};
  const recognisedBy: Partial<Record<Column, Record<string, number>>> = {};
  for (const column of COLUMNS) {
    const inColumn = documents.filter((document) => COLUMN_OF[document.fixtureKind] === column);
    const suppliers = scoreSuppliers(inColumn);
    const known = scoreKnownSuppliers(documents, column);
    const merges = [...suppliers.values(), ...(known?.values() ?? [])].filter((outcome) => outcome.falseMerge).length;
    if (inColumn.length > 0) falseMerges[column] = merges;
    if (known && inColumn.length > 0) {
      const tally: Record<string, number> = {};
      for (const outcome of known.values()) {
        const by = /\(by ([a-z]+)\)$/.exec(outcome.got ?? "")?.[1] ?? "none";
        tally[by] = (tally[by] ?? 0) + 1;
      }
      recognisedBy[column] = tally;
    }
    for (const document of inColumn) {
      const cells = table[column];
      const record = (row: Row, ok: boolean, expected: string | null, got: string | null): void => {
        cells[row].total += 1;
        if (ok) cells[row].right += 1;
        else failures.push({ column, file: document.file, field: row, expected, got });
        if ((FIELD_NAMES as readonly string[]).includes(row)) {
          cells.overall.total += 1;
          if (ok) cells.overall.right += 1;
        }
      };
      // A Factur-X file is read from its XML, whose truth is what the XML carries.
      const truthFields = document.fixtureKind === "facturx" && document.truth.facturx ? document.truth.facturx.fields : document.truth.fields;
      for (const field of FIELD_NAMES) {
        const expected = truthFields[field];
        const got = document.fields[field];
        record(field, isExact(field, expected, got), expected, got);
      }
      record("docType", document.docType === document.truth.docType, document.truth.docType, document.docType);
      const supplier = suppliers.get(document);
      record("supplier", supplier?.ok ?? false, document.truth.supplier.name, supplier?.got ?? null);
      const recognised = known?.get(document);
      if (recognised) record("supplierKnown", recognised.ok, document.truth.supplier.name, recognised.got);
    }
  }
  return { table, failures, falseMerges, recognisedBy };
}

export function targetOf(column: Column, row: Row | "overall"): number {
  if (row === "docType") return DOC_TYPE_TARGET;
  if (row === "supplier" || row === "supplierKnown") return SUPPLIER_TARGET;
  return FIELD_TARGETS[column];
}

const percent = (cell: Cell): string => (cell.total === 0 ? "-" : `${((100 * cell.right) / cell.total).toFixed(1)}`);

/** The console table: percentages, a "!" where a cell is below its target; no values, only counts. */
export function formatTable(table: Table): string {
  const columns = COLUMNS.filter((column) => table[column].overall.total > 0);
  const head = ["field".padEnd(14), ...columns.map((column) => column.padStart(14))].join(" ");
  const lines = [head, "-".repeat(head.length)];
  for (const row of [...ROWS, "overall"] as const) {
    if (row === "overall") lines.push("-".repeat(head.length));
    const cells = columns.map((column) => {
      const cell = table[column][row];
      const below = cell.total > 0 && cell.right / cell.total < targetOf(column, row);
      return `${percent(cell)}${below ? "!" : " "}`.padStart(14);
    });
    lines.push([row.padEnd(14), ...cells].join(" "));
  }
  lines.push("documents".padEnd(14) + " " + columns.map((column) => String(table[column].docType.total).padStart(14)).join(" "));
  lines.push("target".padEnd(14) + " " + columns.map((column) => `${(FIELD_TARGETS[column] * 100).toFixed(0)}`.padStart(14)).join(" "));
  lines.push(`("!" below target; docType >= ${DOC_TYPE_TARGET * 100} %, supplier >= ${SUPPLIER_TARGET * 100} % in every column;`);
  lines.push(` supplier: a vault learning from nothing in document order; supplierKnown: a vault that knows the set's`);
  lines.push(` suppliers from their born-digital PDFs, each scan matched against it)`);
  return lines.join("\n");
}

/** Failures per field and column, counts only (safe for the console). */
export function failureCounts(failures: readonly Failure[]): string {
  const counts = new Map<string, number>();
  for (const failure of failures) counts.set(`${failure.column} ${failure.field}`, (counts.get(`${failure.column} ${failure.field}`) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([key, count]) => `  ${String(count).padStart(4)}  ${key}`).join("\n");
}
