import { readdirSync, statSync } from "node:fs";
import { basename, isAbsolute, join } from "node:path";
import { listAuditTrail, securityReport, verifyAuditTrail } from "../../audit/service.js";
import { authorize } from "../../auth/authorize.js";
import type { VaultSession } from "../../auth/session.js";
import { LockoutGuard } from "../../auth/lockout.js";
import { isMfaRequired, setMfaRequired } from "../../auth/policy.js";
import { addUser, disableUser, enableUser, grantReveal, listUsers, resetMfa, revokeSessions, setUserRole } from "../../auth/users.js";
import { createBackup } from "../../backup/create.js";
import { backupStatus, runScheduledBackup } from "../../backup/schedule.js";
import { readBackupSchedule, saveBackupSchedule } from "../../backup/schedule-store.js";
import { Password } from "../../crypto/secret.js";
import { getSensitivePolicy, setSensitivePolicyAction } from "../../detect/policy-store.js";
import { CoffreError } from "../../errors.js";
import { findAuditRows, hasAuditRowsBefore } from "../../vault/queries/audit.js";
import type { Handlers } from "../types.js";

/** Administration (users, policy, backups, security report) and the audit trail. */

function withPassword<T>(text: string, use: (password: { secret: Password; text: string }) => Promise<T>): Promise<T> {
  const secret = Password.fromString(text);
  return use({ secret, text }).finally(() => secret.wipe());
}

function dayStart(day: string): string {
  return `${day}T00:00:00.000Z`;
}

function dayEnd(day: string): string {
  return `${day}T23:59:59.999Z`;
}

function isoTime(text: string | undefined, end: boolean): string | undefined {
  if (text === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return end ? dayEnd(text) : dayStart(text);
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new CoffreError("BAD_INPUT", "not a date: use YYYY-MM-DD or an ISO time");
  return time.toISOString();
}

/** The schedule's status for the screen; without a schedule, only the last good backup (and a warning). */
export function scheduleStatus(session: VaultSession) {
  const schedule = readBackupSchedule(session);
  if (!schedule) return { configured: false, lastGood: null, lastFile: null, lastError: null, due: false, warning: "no backup schedule is set" };
  const status = backupStatus(session, schedule);
  return { configured: true, lastGood: status.lastGood, lastFile: status.lastFile, lastError: status.lastError, due: status.due, warning: status.warning };
}

function backupName(now: Date): string {
  return `coffre-backup-${now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-")}.age`;
}

export const adminHandlers = {
  "users.list": (context) => ({ users: listUsers(context.session()) }),
  "users.add": (context, request) =>
    withPassword(request.temporaryPassword, async (password) => ({ user: await addUser(context.session(), { name: request.name, role: request.role, password }) })),
  "users.disable": (context, request) => ({ user: disableUser(context.session(), request.name, request.reason) }),
  "users.enable": async (context, request) => {
    const session = context.session();
    if (request.temporaryPassword === undefined) return { user: await enableUser(session, { name: request.name }) };
    return withPassword(request.temporaryPassword, async (password) => ({ user: await enableUser(session, { name: request.name, password }) }));
  },
  "users.setRole": (context, request) => ({ user: setUserRole(context.session(), request.name, request.role) }),
  "users.resetMfa": (context, request) => ({ user: resetMfa(context.session(), request.name, request.reason) }),
  "users.revoke": (context, request) => ({ user: revokeSessions(context.session(), request.name, request.reason) }),
  "users.grantReveal": (context, request) => ({ user: grantReveal(context.session(), request.name) }),

  "policy.get": (context) => {
    const session = context.session();
    authorize(session, "policy.manage");
    return { lockout: new LockoutGuard(session.paths.lockout, session.clock).policy, mfaRequired: isMfaRequired(session) };
  },
  "policy.setLockout": (context, request) => {
    const session = context.session();
    authorize(session, "policy.manage");
    const guard = new LockoutGuard(session.paths.lockout, session.clock);
    const policy = { ...guard.policy, ...(request.ceiling !== undefined ? { ceiling: request.ceiling } : {}), ...(request.delayAfter !== undefined ? { delayAfter: request.delayAfter } : {}) };
    if (policy.delayAfter >= policy.ceiling) throw new CoffreError("BAD_INPUT", "the delays must start before the account is locked (delay-after below the ceiling)");
    guard.setPolicy(policy);
    session.audit({ action: "policy.change", result: "ok", object: "lockout", reason: `ceiling ${policy.ceiling}, delay after ${policy.delayAfter}` });
    return { lockout: guard.policy };
  },
  "policy.setMfaRequired": (context, request) => {
    const session = context.session();
    setMfaRequired(session, request.required);
    return { mfaRequired: isMfaRequired(session) };
  },

  "policy.sensitive": (context) => ({ entries: getSensitivePolicy(context.session()) }),
  "policy.setSensitive": (context, request) => {
    const result = setSensitivePolicyAction(context.session(), request.type, request.action);
    if (!result.ok) throw new CoffreError("BAD_INPUT", result.message);
    return { entry: result.entry, changed: result.changed };
  },

  "dialog.chooseFolder": async (context) => {
    if (!context.options.dialogs) throw new CoffreError("BAD_INPUT", "folder dialogs exist only in the desktop app");
    const path = await context.options.dialogs.chooseFolder(context.sender);
    if (path) context.state.folders.add(path);
    return { path };
  },

  "backups.run": async (context, request) => {
    const session = context.session();
    authorize(session, "backup.run");
    if (!isAbsolute(request.folder)) throw new CoffreError("BAD_INPUT", "choose the folder for the backup");
    if (context.options.dialogs && !context.state.folders.delete(request.folder)) throw new CoffreError("FORBIDDEN", "choose the folder for the backup in the dialog");
    let isFolder = false;
    try {
      isFolder = statSync(request.folder).isDirectory();
    } catch {
      isFolder = false;
    }
    if (!isFolder) throw new CoffreError("BAD_INPUT", "the backup folder does not exist");
    const name = backupName(session.clock());
    if (readdirSync(request.folder).includes(name)) throw new CoffreError("BAD_INPUT", "a backup of this second already exists; try again");
    const out = join(request.folder, name);
    const summary = await createBackup(session, {
      out,
      encryption: { kind: "passphrase", passphrase: request.passphrase },
      onProgress: (progress) => context.emit("backup.progress", { bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal }),
    });
    return { file: basename(summary.file), entries: summary.entries, blobs: summary.blobs, bytes: summary.bytes, createdAt: summary.createdAt };
  },
  "backups.list": (context) => {
    const session = context.session();
    authorize(session, "backup.run");
    const rows = findAuditRows(session.db, { action: "backup", limit: 200 }).reverse();
    return { backups: rows.map((row) => ({ time: row.time, userName: row.userName, result: row.result, detail: [row.object, row.reason].filter(Boolean).join(": ") || null })) };
  },
  "backups.schedule": (context) => {
    const session = context.session();
    authorize(session, "backup.run");
    return { schedule: readBackupSchedule(session) };
  },
  "backups.setSchedule": (context, request) => ({ schedule: saveBackupSchedule(context.session(), request.schedule) }),
  "backups.status": (context) => {
    const session = context.session();
    authorize(session, "backup.run");
    return scheduleStatus(session);
  },
  "backups.runScheduled": async (context, request) => {
    const session = context.session();
    authorize(session, "backup.run");
    const schedule = readBackupSchedule(session);
    if (!schedule) throw new CoffreError("BAD_INPUT", "no backup schedule is set");
    const report = await runScheduledBackup(session, schedule, {
      force: request.force ?? false,
      env: context.options.env ?? process.env,
      onProgress: (done, total) => context.emit("backup.progress", { bytesDone: done, bytesTotal: total }),
    });
    return {
      ran: report.ran,
      file: report.backup ? basename(report.backup.file) : null,
      bytes: report.backup?.bytes ?? null,
      pruned: report.pruned.length,
      status: scheduleStatus(session),
    };
  },
  "security.report": (context, request) => {
    if (request.from > request.to) throw new CoffreError("BAD_INPUT", "the start date is after the end date");
    return securityReport(context.session(), dayStart(request.from), dayEnd(request.to));
  },

  "audit.list": (context, request) => {
    const session = context.session();
    const from = isoTime(request.from, false);
    const to = isoTime(request.to, true);
    const limit = request.limit ?? 1000;
    const filter = {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(request.user ? { userName: request.user } : {}),
      ...(request.action ? { action: request.action } : {}),
      ...(request.result ? { result: request.result } : {}),
    };
    const entries = listAuditTrail(session, { ...filter, ...(request.before !== undefined ? { beforeSeq: request.before } : {}), order: request.order ?? "oldest", limit });
    // A full page may have older rows behind it: the oldest seq of this page is the next page's `before`.
    const oldest = entries.reduce((low, entry) => Math.min(low, entry.seq), Number.POSITIVE_INFINITY);
    const olderBefore = entries.length === limit && hasAuditRowsBefore(session.db, filter, oldest) ? oldest : null;
    return { entries, olderBefore };
  },
  "audit.verify": (context) => verifyAuditTrail(context.session()),
} satisfies Pick<
  Handlers,
  | "users.list"
  | "users.add"
  | "users.disable"
  | "users.enable"
  | "users.setRole"
  | "users.resetMfa"
  | "users.revoke"
  | "users.grantReveal"
  | "policy.get"
  | "policy.setLockout"
  | "policy.setMfaRequired"
  | "policy.sensitive"
  | "policy.setSensitive"
  | "dialog.chooseFolder"
  | "backups.run"
  | "backups.list"
  | "backups.schedule"
  | "backups.setSchedule"
  | "backups.status"
  | "backups.runScheduled"
  | "security.report"
  | "audit.list"
  | "audit.verify"
>;
