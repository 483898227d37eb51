import { parentPort } from "node:worker_threads";
import { authorize } from "../../auth/authorize.js";
import { unlockAsUser, type VaultSession } from "../../auth/session.js";
import { listUsers } from "../../auth/users.js";
import { Password } from "../../crypto/secret.js";
import { CoffreError, isCoffreError } from "../../errors.js";
import { checkDatabaseIntegrity } from "../integrity.js";
import { countTo } from "../queries/diagnostics.js";
import type { VaultRequest, VaultResponse, VaultWorkerApi } from "./protocol.js";

/** Runs in a worker thread: owns the open database and the keys, answers one request at a time. */
let session: VaultSession | null = null;

function current(): VaultSession {
  if (!session || session.locked) throw new CoffreError("LOCKED", "the vault is locked; unlock it again");
  return session;
}

type Handlers = { [M in keyof VaultWorkerApi]: (args: Parameters<VaultWorkerApi[M]>[0]) => Promise<ReturnType<VaultWorkerApi[M]>> | ReturnType<VaultWorkerApi[M]> };

const handlers: Handlers = {
  async unlock({ dir, name, password, totp }) {
    session?.lock();
    const secret = Password.fromString(password);
    try {
      session = await unlockAsUser(dir, name, secret, totp ? { totp } : {});
    } finally {
      secret.wipe();
    }
    const user = session.user;
    if (!user) throw new CoffreError("INTERNAL", "no user");
    return { user };
  },
  lock() {
    session?.lock();
    session = null;
    return { locked: true };
  },
  whoami() {
    return { user: session && !session.locked ? session.user : null };
  },
  listUsers() {
    return listUsers(current());
  },
  checkIntegrity() {
    const open = current();
    authorize(open, "vault.check");
    return checkDatabaseIntegrity(open.db, open.keys.dek);
  },
  busyWork({ iterations }) {
    return { result: countTo(current().db, iterations) };
  },
};

parentPort?.on("message", async (request: VaultRequest) => {
  let response: VaultResponse;
  try {
    const handler = handlers[request.method] as (args: unknown) => unknown;
    if (typeof handler !== "function") throw new CoffreError("BAD_INPUT", "unknown vault call");
    response = { id: request.id, ok: true, value: await handler(request.args) };
  } catch (error) {
    response = {
      id: request.id,
      ok: false,
      error: isCoffreError(error) ? { code: error.code, message: error.message } : { code: "INTERNAL", message: "internal error in the vault worker" },
    };
  }
  parentPort?.postMessage(response);
});
