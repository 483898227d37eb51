import type { DocType } from "../../../shared/invoice.js";
import type { VaultDb } from "../database.js";

/** Queries of legal hold and retention (main/gdpr/). */
export interface RetentionPolicyRow {
  docType: DocType;
  years: number;
  updatedAt: string;
  updatedBy: string | null;
}

export function listRetentionPolicy(db: VaultDb): RetentionPolicyRow[] {
  return db
    .prepare("SELECT doc_type AS docType, years, updated_at AS updatedAt, updated_by AS updatedBy FROM retention_policy ORDER BY doc_type")
    .all() as RetentionPolicyRow[];
}

export function setRetentionYears(db: VaultDb, docType: DocType, years: number, updatedAt: string, updatedBy: string | null): void {
  db.prepare(
    `INSERT INTO retention_policy (doc_type, years, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (doc_type) DO UPDATE SET years = excluded.years, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(docType, years, updatedAt, updatedBy);
}

export function setLegalHold(db: VaultDb, documentId: string, on: boolean, since: string | null): boolean {
  return db.prepare("UPDATE documents SET legal_hold = ?, legal_hold_since = ? WHERE id = ?").run(on ? 1 : 0, on ? since : null, documentId).changes > 0;
}

export function findLegalHoldSince(db: VaultDb, documentId: string): string | null {
  return (db.prepare("SELECT legal_hold_since FROM documents WHERE id = ? AND legal_hold = 1").pluck().get(documentId) as string | null | undefined) ?? null;
}

/** What retention needs of every document: no content, only type, the dates it counts from, and the hold. */
export interface RetentionCandidate {
  id: string;
  docType: DocType;
  issueDate: string | null;
  importedAt: string;
  legalHold: boolean;
}

export function listRetentionCandidates(db: VaultDb): RetentionCandidate[] {
  return (
    db.prepare("SELECT id, doc_type, issue_date, imported_at, legal_hold FROM documents ORDER BY coalesce(issue_date, substr(imported_at, 1, 10)), id").all() as {
      id: string;
      doc_type: DocType;
      issue_date: string | null;
      imported_at: string;
      legal_hold: number;
    }[]
  ).map((row) => ({ id: row.id, docType: row.doc_type, issueDate: row.issue_date, importedAt: row.imported_at, legalHold: row.legal_hold === 1 }));
}
