import type { AuditEntry } from "../../shared/audit.js";
import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import { findAuditRows, type AuditFilter } from "../vault/queries/audit.js";
import { verifyAudit, type AuditVerifyReport } from "./audit-log.js";
import { buildSecurityReport, type SecurityReport } from "./security-report.js";

/** Auditor and admin views of the trail. Reading the trail is itself audited. */
export function verifyAuditTrail(session: VaultSession): AuditVerifyReport {
  authorize(session, "audit.read");
  const report = verifyAudit(session.auditContext);
  session.audit({
    action: "audit.verify",
    result: report.ok ? "ok" : "failed",
    reason: report.firstBad ? `first bad row ${report.firstBad.seq}: ${report.firstBad.problem}` : `${report.rows} rows verified`,
  });
  return report;
}

export function listAuditTrail(session: VaultSession, filter: AuditFilter): AuditEntry[] {
  authorize(session, "audit.read");
  const rows = findAuditRows(session.db, filter).map(({ mac: _mac, ...entry }) => entry);
  session.audit({ action: "audit.list", result: "ok", reason: `${rows.length} rows` });
  return rows;
}

export function securityReport(session: VaultSession, from: string, to: string): SecurityReport {
  authorize(session, "security.report");
  const rows = findAuditRows(session.db, { from, to, limit: 100_000 }).map(({ mac: _mac, ...entry }) => entry);
  session.audit({ action: "security.report", result: "ok", reason: `${from} to ${to}` });
  return buildSecurityReport(rows, from, to);
}
