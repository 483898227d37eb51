import type { AuditEntry } from "../../shared/audit.js";

/**
 * Incident response: a per-user summary of the security-relevant events of a period, with the patterns
 * worth a look flagged (a burst of failed logins, a burst of exports, activity at night).
 */
export interface UserSecuritySummary {
  user: string;
  events: number;
  failedLogins: number;
  lockouts: number;
  denied: number;
  reveals: number;
  exports: number;
  erasures: number;
  nightEvents: number;
  /** The most events of one kind within one hour: [kind, count, hour start]. */
  peaks: { failedLogins: number; exports: number; reveals: number };
  flags: string[];
}

export interface SecurityReport {
  from: string;
  to: string;
  users: UserSecuritySummary[];
}

export const REPORT_THRESHOLDS = { failedLoginsPerHour: 5, exportsPerHour: 20, revealsPerHour: 20, nightStartHour: 22, nightEndHour: 6 };

function hourKey(time: string): string {
  return time.slice(0, 13);
}

function peak(times: string[]): number {
  const counts = new Map<string, number>();
  for (const time of times) counts.set(hourKey(time), (counts.get(hourKey(time)) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

function isNight(time: string, utcOffsetMinutes: number): boolean {
  const local = new Date(new Date(time).getTime() + utcOffsetMinutes * 60_000);
  const hour = local.getUTCHours();
  return hour >= REPORT_THRESHOLDS.nightStartHour || hour < REPORT_THRESHOLDS.nightEndHour;
}

export function buildSecurityReport(rows: AuditEntry[], from: string, to: string, utcOffsetMinutes = -new Date().getTimezoneOffset()): SecurityReport {
  const byUser = new Map<string, AuditEntry[]>();
  for (const row of rows) {
    const user = row.userName ?? "(unknown)";
    byUser.set(user, [...(byUser.get(user) ?? []), row]);
  }
  const users: UserSecuritySummary[] = [];
  for (const [user, events] of byUser) {
    const times = (predicate: (row: AuditEntry) => boolean) => events.filter(predicate).map((row) => row.time);
    const failedLogins = times((row) => row.action === "login" && row.result === "failed");
    const exports = times((row) => row.action === "document.export" && row.result === "ok");
    const reveals = times((row) => row.action === "document.reveal" && row.result === "ok");
    const summary: UserSecuritySummary = {
      user,
      events: events.length,
      failedLogins: failedLogins.length,
      lockouts: events.filter((row) => row.action === "lockout").length,
      denied: events.filter((row) => row.result === "denied").length,
      reveals: reveals.length,
      exports: exports.length,
      erasures: events.filter((row) => row.action === "document.erase" && row.result === "ok").length,
      nightEvents: events.filter((row) => row.action !== "login" || row.result === "ok").filter((row) => isNight(row.time, utcOffsetMinutes)).length,
      peaks: { failedLogins: peak(failedLogins), exports: peak(exports), reveals: peak(reveals) },
      flags: [],
    };
    if (summary.peaks.failedLogins >= REPORT_THRESHOLDS.failedLoginsPerHour) {
      summary.flags.push(`burst of failed logins: ${summary.peaks.failedLogins} within one hour`);
    }
    if (summary.lockouts > 0) summary.flags.push(`account locked ${summary.lockouts} time(s)`);
    if (summary.peaks.exports >= REPORT_THRESHOLDS.exportsPerHour) summary.flags.push(`burst of exports: ${summary.peaks.exports} within one hour`);
    if (summary.peaks.reveals >= REPORT_THRESHOLDS.revealsPerHour) summary.flags.push(`burst of reveals: ${summary.peaks.reveals} within one hour`);
    if (summary.nightEvents > 0) summary.flags.push(`${summary.nightEvents} action(s) at night (22:00-06:00)`);
    users.push(summary);
  }
  users.sort((a, b) => b.flags.length - a.flags.length || a.user.localeCompare(b.user));
  return { from, to, users };
}
