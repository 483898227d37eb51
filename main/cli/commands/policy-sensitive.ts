import { getSensitivePolicy, setSensitivePolicyAction } from "../../detect/policy-store.js";
import { flag, parse, UsageError } from "../args.js";
import type { CliIo } from "../io.js";
import { withUserSession } from "../session.js";

/**
 * `coffre policy sensitive [--set TYPE=ACTION]... --vault DIR --as ADMIN [--json]`: shows the
 * sensitive-data policy (action per type, default, who changed it and when), after applying the changes.
 */
export async function policySensitiveCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, { vault: { type: "string" }, as: { type: "string" }, json: { type: "boolean" }, set: { type: "string", multiple: true } });
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0] ?? ""}`);
  const sets = ((args.values.set as string[] | undefined) ?? []).map((text) => {
    const match = /^([a-z]+)=([a-z]+)$/.exec(text.trim());
    if (!match?.[1] || !match[2]) throw new UsageError(`--set takes TYPE=ACTION (e.g. --set phone=redact), not ${JSON.stringify(text.slice(0, 40))}`);
    return { type: match[1], action: match[2] };
  });
  return withUserSession(args, io, (session) => {
    getSensitivePolicy(session); // refused (and audited) before anything is changed for a non-admin
    for (const { type, action } of sets) {
      const result = setSensitivePolicyAction(session, type, action);
      if (!result.ok) throw new UsageError(result.message);
    }
    const entries = getSensitivePolicy(session);
    if (flag(args, "json")) {
      for (const entry of entries) io.out(JSON.stringify(entry));
      return 0;
    }
    io.out("type      action    default   changed");
    for (const entry of entries) {
      const changed = entry.changedAt ? `${entry.changedAt} by ${entry.changedBy ?? "?"}` : "-";
      io.out(`${entry.type.padEnd(9)} ${entry.action.padEnd(9)} ${entry.defaultAction.padEnd(9)} ${changed}`);
    }
    return 0;
  });
}
