import { readFileSync } from "node:fs";
import { z } from "zod";
import { CoffreError } from "../errors.js";
import { writeFileAtomic } from "../vault/atomic-file.js";

/**
 * Brute-force defence, kept outside the encrypted database because it must work before any key is known.
 * After `delayAfter` consecutive failures each attempt must wait, doubling from `baseDelaySeconds` up to
 * `maxDelaySeconds`; at `ceiling` failures the account is locked until an admin enables it again (NIST
 * SP 800-63B allows at most 100). Failures wait here as `pending` until the vault is next opened, and are
 * then written to the audit trail. Only user names and times are stored: no secret.
 */
export const LockoutPolicySchema = z.strictObject({
  delayAfter: z.number().int().min(1).max(100),
  baseDelaySeconds: z.number().int().min(1).max(3600),
  maxDelaySeconds: z.number().int().min(1).max(86_400),
  ceiling: z.number().int().min(5).max(1000),
});
export type LockoutPolicy = z.infer<typeof LockoutPolicySchema>;

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { delayAfter: 5, baseDelaySeconds: 30, maxDelaySeconds: 900, ceiling: 100 };

const PendingSchema = z.strictObject({
  time: z.string(),
  userName: z.string().max(128),
  action: z.enum(["login", "lockout"]),
  reason: z.string().max(200),
});
export type PendingFailure = z.infer<typeof PendingSchema>;

const StateSchema = z.strictObject({
  format: z.literal("coffre-lockout"),
  version: z.literal(1),
  policy: LockoutPolicySchema,
  users: z.record(
    z.string(),
    z.strictObject({ failures: z.number().int().nonnegative(), lastFailureAt: z.string(), lockedAt: z.string().nullable() }),
  ),
  pending: z.array(PendingSchema),
});
type State = z.infer<typeof StateSchema>;

const MAX_TRACKED_NAMES = 1000;
const MAX_PENDING = 10_000;

export class LockoutGuard {
  readonly #file: string;
  readonly #clock: () => Date;

  constructor(file: string, clock: () => Date = () => new Date()) {
    this.#file = file;
    this.#clock = clock;
  }

  #read(): State {
    let text: string;
    try {
      text = readFileSync(this.#file, "utf8");
    } catch {
      return { format: "coffre-lockout", version: 1, policy: DEFAULT_LOCKOUT_POLICY, users: {}, pending: [] };
    }
    try {
      return StateSchema.parse(JSON.parse(text));
    } catch {
      // Damaged counters are reset rather than locking everyone out; the reset itself is audited.
      return {
        format: "coffre-lockout",
        version: 1,
        policy: DEFAULT_LOCKOUT_POLICY,
        users: {},
        pending: [{ time: this.#clock().toISOString(), userName: "-", action: "lockout", reason: "lockout.json was damaged and has been reset" }],
      };
    }
  }

  #write(state: State): void {
    writeFileAtomic(this.#file, `${JSON.stringify(state, null, 2)}\n`);
  }

  get policy(): LockoutPolicy {
    return this.#read().policy;
  }

  /** Throws ACCOUNT_LOCKED or TOO_MANY_ATTEMPTS before any password is even tried. */
  check(userName: string): void {
    const state = this.#read();
    const entry = state.users[userName.toLowerCase()];
    if (!entry) return;
    if (entry.lockedAt) {
      throw new CoffreError("ACCOUNT_LOCKED", `account ${userName} is locked after ${entry.failures} failed attempts; an admin must enable it again`);
    }
    const wait = this.#waitSeconds(state.policy, entry.failures, entry.lastFailureAt);
    if (wait > 0) {
      throw new CoffreError("TOO_MANY_ATTEMPTS", `too many failed attempts for ${userName}: try again in ${wait} s`);
    }
  }

  #waitSeconds(policy: LockoutPolicy, failures: number, lastFailureAt: string): number {
    if (failures < policy.delayAfter) return 0;
    const delay = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** (failures - policy.delayAfter));
    const elapsed = (this.#clock().getTime() - new Date(lastFailureAt).getTime()) / 1000;
    return Math.max(0, Math.ceil(delay - elapsed));
  }

  recordFailure(userName: string, reason: string): void {
    const state = this.#read();
    const key = userName.toLowerCase();
    const now = this.#clock().toISOString();
    const entry = state.users[key] ?? { failures: 0, lastFailureAt: now, lockedAt: null };
    entry.failures += 1;
    entry.lastFailureAt = now;
    state.pending.push({ time: now, userName, action: "login", reason });
    if (entry.failures >= state.policy.ceiling && !entry.lockedAt) {
      entry.lockedAt = now;
      state.pending.push({ time: now, userName, action: "lockout", reason: `locked after ${entry.failures} failed attempts` });
    }
    state.users[key] = entry;
    const names = Object.keys(state.users);
    if (names.length > MAX_TRACKED_NAMES) {
      // Forget the oldest unlocked entries first, so junk names cannot grow the file without bound.
      names
        .filter((name) => !state.users[name]?.lockedAt)
        .sort((a, b) => (state.users[a]?.lastFailureAt ?? "").localeCompare(state.users[b]?.lastFailureAt ?? ""))
        .slice(0, names.length - MAX_TRACKED_NAMES)
        .forEach((name) => delete state.users[name]);
    }
    if (state.pending.length > MAX_PENDING) state.pending = state.pending.slice(-MAX_PENDING);
    this.#write(state);
  }

  recordSuccess(userName: string): void {
    const state = this.#read();
    if (!state.users[userName.toLowerCase()]) return;
    delete state.users[userName.toLowerCase()];
    this.#write(state);
  }

  isLocked(userName: string): boolean {
    return Boolean(this.#read().users[userName.toLowerCase()]?.lockedAt);
  }

  /** Admin: clears the counter and the lock of one account. */
  release(userName: string): boolean {
    const state = this.#read();
    const existed = Boolean(state.users[userName.toLowerCase()]);
    delete state.users[userName.toLowerCase()];
    this.#write(state);
    return existed;
  }

  setPolicy(policy: LockoutPolicy): void {
    const state = this.#read();
    state.policy = LockoutPolicySchema.parse(policy);
    this.#write(state);
  }

  /** Returns and forgets the failures not yet written to the audit trail. */
  takePending(): PendingFailure[] {
    const state = this.#read();
    if (state.pending.length === 0) return [];
    const pending = state.pending;
    state.pending = [];
    this.#write(state);
    return pending;
  }
}
