import { AUDIT_ACTIONS } from "../../../shared/audit.js";
import { listAuditTrail, securityReport, verifyAuditTrail } from "../../audit/service.js";
import { authorize } from "../../auth/authorize.js";
import { LockoutGuard } from "../../auth/lockout.js";
import { flag, optionalString, parse, requireString, UsageError } from "../args.js";
import type { CliIo } from "../io.js";
import { withUserSession } from "../session.js";
import { policySensitiveCommand } from "./policy-sensitive.js";

const COMMON = { vault: { type: "string" }, as: { type: "string" }, json: { type: "boolean" } } as const;

/** A day (YYYY-MM-DD) or a full ISO time, as an ISO string; `end` makes a day inclusive. */
export function parseTime(text: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return `${text}T${end ? "23:59:59.999" : "00:00:00.000"}Z`;
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new UsageError(`not a date: ${text} (use YYYY-MM-DD or an ISO time)`);
  return time.toISOString();
}

export async function auditCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "verify") {
    const args = parse(rest, COMMON);
    return withUserSession(args, io, (session) => {
      const report = verifyAuditTrail(session);
      if (flag(args, "json")) io.out(JSON.stringify(report));
      else if (report.ok) {
        io.out(`audit trail: OK, ${report.rows} rows, chain head ${report.head ? `#${report.head.seq} ${report.head.mac.slice(0, 16)}` : "(empty)"}`);
        for (const note of report.notes) io.out(`  note: ${note}`);
      } else io.out(`audit trail: BROKEN at row ${report.firstBad?.seq}: ${report.firstBad?.problem}`);
      return report.ok ? 0 : 1;
    });
  }
  if (sub === "list") {
    const args = parse(rest, {
      ...COMMON,
      user: { type: "string" },
      action: { type: "string" },
      result: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      limit: { type: "string" },
    });
    const result = optionalString(args, "result");
    if (result !== undefined && !["ok", "denied", "failed"].includes(result)) throw new UsageError("--result must be ok, denied or failed");
    const action = optionalString(args, "action");
    if (action !== undefined && !AUDIT_ACTIONS.some((known) => known === action || known.startsWith(`${action}.`))) {
      throw new UsageError(`unknown action ${action}`);
    }
    const limitText = optionalString(args, "limit");
    const limit = limitText === undefined ? 1000 : Number.parseInt(limitText, 10);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError("--limit must be a positive number");
    const from = optionalString(args, "from");
    const to = optionalString(args, "to");
    const user = optionalString(args, "user");
    return withUserSession(args, io, (session) => {
      const rows = listAuditTrail(session, {
        ...(from ? { from: parseTime(from, false) } : {}),
        ...(to ? { to: parseTime(to, true) } : {}),
        ...(user ? { userName: user } : {}),
        ...(action ? { action } : {}),
        ...(result ? { result: result as "ok" | "denied" | "failed" } : {}),
        limit,
      });
      for (const row of rows) {
        if (flag(args, "json")) io.out(JSON.stringify(row));
        else
          io.out(
            [String(row.seq).padStart(6), row.time, (row.userName ?? "-").padEnd(12), row.action.padEnd(18), row.result.padEnd(6), row.object ?? "", row.reason ?? ""]
              .join("  ")
              .trimEnd(),
          );
      }
      return 0;
    });
  }
  throw new UsageError(`unknown audit command ${sub ?? ""}: use verify or list`);
}

export async function securityCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "report") throw new UsageError(`unknown security command ${sub ?? ""}: use report`);
  const args = parse(rest, { ...COMMON, from: { type: "string" }, to: { type: "string" } });
  const from = parseTime(requireString(args, "from"), false);
  const to = parseTime(requireString(args, "to"), true);
  return withUserSession(args, io, (session) => {
    const report = securityReport(session, from, to);
    if (flag(args, "json")) {
      for (const user of report.users) io.out(JSON.stringify(user));
      return 0;
    }
    io.out(`Security report ${from} .. ${to}`);
    io.out("user                 events  failed  locks  denied  reveals  exports  erasures  night");
    for (const user of report.users) {
      io.out(
        [
          user.user.padEnd(20),
          String(user.events).padStart(6),
          String(user.failedLogins).padStart(7),
          String(user.lockouts).padStart(6),
          String(user.denied).padStart(7),
          String(user.reveals).padStart(8),
          String(user.exports).padStart(8),
          String(user.erasures).padStart(9),
          String(user.nightEvents).padStart(6),
        ].join(" "),
      );
      for (const item of user.flags) io.out(`  ! ${item}`);
    }
    return 0;
  });
}

export async function policyCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "sensitive") return policySensitiveCommand(rest, io);
  if (sub !== "lockout") throw new UsageError(`unknown policy command ${sub ?? ""}: use lockout or sensitive`);
  const args = parse(rest, { ...COMMON, ceiling: { type: "string" }, "delay-after": { type: "string" } });
  return withUserSession(args, io, (session) => {
    authorize(session, "policy.manage");
    const guard = new LockoutGuard(session.paths.lockout, session.clock);
    const policy = { ...guard.policy };
    const ceiling = optionalString(args, "ceiling");
    const delayAfter = optionalString(args, "delay-after");
    if (ceiling !== undefined || delayAfter !== undefined) {
      if (ceiling !== undefined) policy.ceiling = Number.parseInt(ceiling, 10);
      if (delayAfter !== undefined) policy.delayAfter = Number.parseInt(delayAfter, 10);
      try {
        guard.setPolicy(policy);
      } catch {
        throw new UsageError("lockout policy refused: the ceiling must be 5 to 1000, delay-after 1 to 100");
      }
      session.audit({ action: "policy.change", result: "ok", object: "lockout", reason: `ceiling ${policy.ceiling}, delay after ${policy.delayAfter}` });
    }
    io.out(flag(args, "json") ? JSON.stringify(policy) : `lockout: waits after ${policy.delayAfter} failures, locks at ${policy.ceiling}`);
    return 0;
  });
}
