/** Audit actions, shared so the audit viewer can label them. Never carries a sensitive value. */
export const AUDIT_ACTIONS = [
  "vault.init",
  "login",
  "lock",
  "session.revoke",
  "lockout",
  "permission.denied",
  "user.add",
  "user.disable",
  "user.enable",
  "user.role",
  "user.grant-reveal",
  "user.password",
  "mfa.enroll",
  "mfa.confirm",
  "mfa.reset",
  "mfa.recovery-code",
  "policy.change",
  "vault.check",
  "audit.verify",
  "audit.list",
  "security.report",
  "document.import",
  "document.read",
  "document.correct",
  "document.search",
  "document.reveal",
  "document.export",
  "document.erase",
  "document.hold",
  "document.release",
  "retention.policy",
  "retention.run",
  "subject.find",
  "subject.export",
  "subject.erase",
  "backup",
  "restore",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditResult = "ok" | "denied" | "failed";

export interface AuditEntry {
  seq: number;
  time: string;
  userId: string | null;
  userName: string | null;
  action: AuditAction;
  object: string | null;
  result: AuditResult;
  reason: string | null;
}
