import { confirmTotp, enrolTotp } from "../../auth/account.js";
import { flag, parse, UsageError } from "../args.js";
import type { CliIo } from "../io.js";
import { readSecretText } from "../secrets.js";
import { withUserSession } from "../session.js";

const COMMON = { vault: { type: "string" }, as: { type: "string" }, json: { type: "boolean" } } as const;

/** `coffre mfa enroll`, then `coffre mfa confirm` with a first code from the authenticator app. */
export async function mfaCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parse(rest, COMMON);
  if (sub === "enroll") {
    return withUserSession(args, io, async (session) => {
      const enrolment = await enrolTotp(session);
      if (flag(args, "json")) {
        io.out(JSON.stringify({ uri: enrolment.uri, secret: enrolment.secretBase32 }));
      } else {
        io.out("Scan this with an authenticator app (or type the key), then run `coffre mfa confirm` with its first code.");
        io.out(enrolment.qrTerminal);
        io.out(`Key: ${enrolment.secretBase32}`);
      }
      return 0;
    });
  }
  if (sub === "confirm") {
    // The confirmation code is asked after unlocking: COFFRE_TOTP is not yet a login factor here.
    return withUserSession(args, io, async (session) => {
      const code = await readSecretText(io, "COFFRE_TOTP", "Code shown by the authenticator app: ");
      const codes = confirmTotp(session, code);
      if (flag(args, "json")) io.out(JSON.stringify({ enabled: true, recoveryCodes: codes }));
      else {
        io.out("Two-factor authentication is on. Recovery codes, each usable once, shown only now: keep them offline.");
        for (const code of codes) io.out(`  ${code}`);
      }
      return 0;
    });
  }
  throw new UsageError(`unknown mfa command ${sub ?? ""}: use enroll or confirm`);
}
