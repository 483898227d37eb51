import { unlockAsUser, type VaultSession } from "../auth/session.js";
import { isCoffreError } from "../errors.js";
import type { ParsedArgs } from "./args.js";
import { requireString } from "./args.js";
import type { CliIo } from "./io.js";
import { readPassword, readSecretText } from "./secrets.js";

/**
 * Unlocks the vault as `--as USER` (COFFRE_PASSWORD or a prompt; COFFRE_TOTP or a prompt when the
 * account has a second factor), runs `work`, and always locks.
 */
export async function withUserSession<T>(args: ParsedArgs, io: CliIo, work: (session: VaultSession) => Promise<T> | T): Promise<T> {
  const dir = requireString(args, "vault");
  const name = requireString(args, "as");
  const password = await readPassword(io, "COFFRE_PASSWORD", `Password for ${name}: `);
  let session: VaultSession;
  try {
    const totp = io.env.COFFRE_TOTP;
    try {
      session = await unlockAsUser(dir, name, password, totp ? { totp } : {});
    } catch (error) {
      if (!(isCoffreError(error) && error.code === "MFA_REQUIRED" && io.interactive)) throw error;
      const code = await readSecretText(io, "COFFRE_TOTP", "Authentication code (or a recovery code): ");
      session = await unlockAsUser(dir, name, password, { totp: code });
    }
  } finally {
    password.wipe();
  }
  try {
    return await work(session);
  } finally {
    session.lock();
  }
}
