import type { UserSummary } from "../../../shared/domain.js";
import { changeOwnPassword } from "../../auth/account.js";
import { unlockWithRecoveryKey } from "../../auth/session.js";
import { addUser, disableUser, enableUser, grantReveal, listUsers, resetMfa, revokeSessions, setUserRole } from "../../auth/users.js";
import { parseRecoveryKey } from "../../crypto/recovery-key.js";
import { flag, optionalString, parse, positional, requireString, UsageError } from "../args.js";
import type { CliIo } from "../io.js";
import { readNewPassword, readSecretText } from "../secrets.js";
import { withUserSession } from "../session.js";

const COMMON = { vault: { type: "string" }, as: { type: "string" }, json: { type: "boolean" } } as const;
const WITH_REASON = { ...COMMON, reason: { type: "string" } } as const;

function printUser(io: CliIo, json: boolean, user: UserSummary, verb: string): void {
  if (json) io.out(JSON.stringify(user));
  else io.out(`${verb} ${user.name} (${user.role}, ${user.status}${user.canReveal ? ", can reveal" : ""})`);
}

export async function usersCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "add": {
      const args = parse(rest, { ...COMMON, role: { type: "string" } });
      const name = positional(args, 0, "user name");
      const role = requireString(args, "role");
      return withUserSession(args, io, async (session) => {
        const password = await readNewPassword(io, "COFFRE_NEW_PASSWORD", `Temporary password for ${name}: `);
        try {
          printUser(io, flag(args, "json"), await addUser(session, { name, role, password }), "added");
        } finally {
          password.secret.wipe();
        }
        return 0;
      });
    }
    case "list": {
      const args = parse(rest, COMMON);
      return withUserSession(args, io, (session) => {
        for (const user of listUsers(session)) {
          if (flag(args, "json")) io.out(JSON.stringify(user));
          else
            io.out(
              `${user.name.padEnd(20)} ${user.role.padEnd(8)} ${user.status.padEnd(8)}${user.canReveal ? " reveal" : ""}${
                user.mustChangePassword ? " must-change-password" : ""
              }`,
            );
        }
        return 0;
      });
    }
    case "disable": {
      const args = parse(rest, WITH_REASON);
      const name = positional(args, 0, "user name");
      return withUserSession(args, io, (session) => {
        printUser(io, flag(args, "json"), disableUser(session, name, optionalString(args, "reason")), "disabled (sessions ended, keys removed)");
        return 0;
      });
    }
    case "enable": {
      const args = parse(rest, COMMON);
      const name = positional(args, 0, "user name");
      return withUserSession(args, io, async (session) => {
        const target = listUsers(session).find((user) => user.name.toLowerCase() === name.toLowerCase());
        const password = target?.status === "disabled" ? await readNewPassword(io, "COFFRE_NEW_PASSWORD", `New temporary password for ${name}: `) : undefined;
        try {
          printUser(io, flag(args, "json"), await enableUser(session, { name, ...(password ? { password } : {}) }), "enabled");
        } finally {
          password?.secret.wipe();
        }
        return 0;
      });
    }
    case "revoke": {
      const args = parse(rest, WITH_REASON);
      const name = positional(args, 0, "user name");
      return withUserSession(args, io, (session) => {
        printUser(io, flag(args, "json"), revokeSessions(session, name, optionalString(args, "reason")), "sessions ended for");
        return 0;
      });
    }
    case "reset-mfa": {
      const args = parse(rest, WITH_REASON);
      const name = positional(args, 0, "user name");
      return withUserSession(args, io, (session) => {
        printUser(io, flag(args, "json"), resetMfa(session, name, optionalString(args, "reason")), "two-factor authentication reset for");
        return 0;
      });
    }
    case "set-role": {
      const args = parse(rest, COMMON);
      const name = positional(args, 0, "user name");
      const role = positional(args, 1, "role");
      return withUserSession(args, io, (session) => {
        printUser(io, flag(args, "json"), setUserRole(session, name, role), "updated");
        return 0;
      });
    }
    case "grant-reveal": {
      const args = parse(rest, COMMON);
      const name = positional(args, 0, "user name");
      if (optionalString(args, "as")) {
        return withUserSession(args, io, (session) => {
          printUser(io, flag(args, "json"), grantReveal(session, name), "reveal key granted to");
          return 0;
        });
      }
      const text = await readSecretText(io, "COFFRE_RECOVERY_KEY", "Recovery key: ");
      const recoveryKey = parseRecoveryKey(text);
      const session = unlockWithRecoveryKey(requireString(args, "vault"), recoveryKey);
      recoveryKey.wipe();
      try {
        printUser(io, flag(args, "json"), grantReveal(session, name), "reveal key granted to");
      } finally {
        session.lock();
      }
      return 0;
    }
    default:
      throw new UsageError(
        `unknown users command ${sub ?? ""}: use add, list, disable, enable, revoke, reset-mfa, set-role or grant-reveal`,
      );
  }
}

export async function passwdCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, COMMON);
  const name = requireString(args, "as");
  return withUserSession(args, io, async (session) => {
    const next = await readNewPassword(io, "COFFRE_NEW_PASSWORD", `New password for ${name}: `);
    try {
      await changeOwnPassword(session, next);
    } finally {
      next.secret.wipe();
    }
    if (flag(args, "json")) io.out(JSON.stringify({ user: name, passwordChanged: true }));
    else io.out(`password changed for ${name}`);
    return 0;
  });
}
