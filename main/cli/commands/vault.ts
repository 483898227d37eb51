import { authorize } from "../../auth/authorize.js";
import { checkDatabaseIntegrity } from "../../vault/integrity.js";
import { flag, parse, UsageError } from "../args.js";
import type { CliIo } from "../io.js";
import { withUserSession } from "../session.js";

export async function vaultCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "check") throw new UsageError(`unknown vault command ${sub ?? ""}: use check`);
  const args = parse(rest, { vault: { type: "string" }, as: { type: "string" }, json: { type: "boolean" } });
  return withUserSession(args, io, (session) => {
    authorize(session, "vault.check");
    const report = checkDatabaseIntegrity(session.db, session.keys.dek);
    if (flag(args, "json")) io.out(JSON.stringify(report));
    else if (report.ok) io.out("vault database: OK (every page authenticated, structure intact)");
    else {
      io.out(`vault database: ${report.problems.length} problem(s)`);
      for (const problem of report.problems.slice(0, 20)) io.out(`  ${problem}`);
    }
    return report.ok ? 0 : 1;
  });
}
