import type { UserSummary } from "../../../shared/domain.js";
import type { IntegrityReport } from "../integrity.js";

/**
 * The calls the vault worker thread answers. The Electron main thread (and anything else with a UI to keep
 * responsive) talks to the vault only through these messages; the database and keys live in the worker.
 */
export interface VaultWorkerApi {
  unlock(args: { dir: string; name: string; password: string; totp?: string }): { user: { id: string; name: string; role: string } };
  lock(args: Record<string, never>): { locked: true };
  whoami(args: Record<string, never>): { user: { id: string; name: string; role: string } | null };
  listUsers(args: Record<string, never>): UserSummary[];
  checkIntegrity(args: Record<string, never>): IntegrityReport;
  /** A deliberately slow query, for tests and benchmarks of responsiveness. */
  busyWork(args: { iterations: number }): { result: number };
}

export type VaultMethod = keyof VaultWorkerApi;

export interface VaultRequest<M extends VaultMethod = VaultMethod> {
  id: number;
  method: M;
  args: Parameters<VaultWorkerApi[M]>[0];
}

export type VaultResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };
