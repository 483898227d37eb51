import { unlockAsUser, type VaultSession } from "../auth/session.js";
import type { ParsedArgs } from "./args.js";
import { requireString } from "./args.js";
import type { CliIo } from "./io.js";
import { readPassword } from "./secrets.js";

/** Unlocks the vault as `--as USER` with COFFRE_PASSWORD or a prompt, runs `work`, and always locks. */
export async function withUserSession<T>(args: ParsedArgs, io: CliIo, work: (session: VaultSession) => Promise<T> | T): Promise<T> {
  const dir = requireString(args, "vault");
  const name = requireString(args, "as");
  const password = await readPassword(io, "COFFRE_PASSWORD", `Password for ${name}: `);
  let session: VaultSession;
  try {
    session = await unlockAsUser(dir, name, password);
  } finally {
    password.wipe();
  }
  try {
    return await work(session);
  } finally {
    session.lock();
  }
}
