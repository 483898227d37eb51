import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import { CoffreError, isCoffreError } from "../errors.js";
import { getMeta, setMeta } from "../vault/queries/meta.js";
import { checkRecipient, type BackupEncryption } from "./age-header.js";
import { createBackup, type BackupSummary } from "./create.js";

/**
 * Scheduled backups (for the app, and `coffre backup --folder` from cron): given a schedule, makes a backup
 * when one is due, into a folder that should be on another disk, keeps the newest N of this vault's
 * scheduled backups there, records the last good backup's time in the vault, and warns when the last good
 * backup is too old or the last attempt failed. Time comes from the session's clock (tests inject it).
 *
 * The schedule stores no secret: recipients (public keys, the recommended way: IT keeps the identity
 * elsewhere) or the name of the environment variable that holds the passphrase when it runs.
 */
export const BackupScheduleSchema = z.strictObject({
  folder: z.string().min(1),
  intervalHours: z.number().positive().max(24 * 366),
  keep: z.number().int().min(1).max(1000),
  encryption: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("recipients"), recipients: z.array(z.string()).min(1) }),
    z.strictObject({ kind: z.literal("passphrase-env"), variable: z.string().regex(/^[A-Z_][A-Z0-9_]*$/) }),
  ]),
  /** Warn when the last good backup is older than this (default: twice the interval). */
  warnAfterHours: z.number().positive().optional(),
});
export type BackupSchedule = z.infer<typeof BackupScheduleSchema>;

export interface BackupStatus {
  lastGood: string | null;
  lastFile: string | null;
  lastError: string | null;
  due: boolean;
  /** One line for the user when backups need attention, else null. */
  warning: string | null;
}

export interface ScheduledRunReport extends BackupStatus {
  ran: boolean;
  backup: BackupSummary | null;
  pruned: string[];
}

const HOUR = 3_600_000;
const MIN_PASSPHRASE = 12;

function filePrefix(vaultId: string): string {
  return `coffre-backup-${vaultId.replace(/[^0-9a-zA-Z]/g, "").slice(0, 12)}-`;
}

const stamp = (time: Date): string => time.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");

/** This vault's scheduled backups in the folder, oldest first (the name sorts by time). Other files are never touched. */
export function listScheduledBackups(folder: string, vaultId: string): string[] {
  if (!existsSync(folder)) return [];
  const pattern = new RegExp(`^${filePrefix(vaultId)}\\d{8}T\\d{6}Z\\.age$`);
  return readdirSync(folder)
    .filter((name) => pattern.test(name) && statSync(join(folder, name)).isFile())
    .sort();
}

function status(session: VaultSession, schedule: BackupSchedule): BackupStatus {
  const now = session.clock().getTime();
  const lastGood = getMeta(session.db, "backup_last_good") ?? null;
  const lastError = getMeta(session.db, "backup_last_error") || null;
  const age = lastGood ? now - Date.parse(lastGood) : Number.POSITIVE_INFINITY;
  const warnAfter = (schedule.warnAfterHours ?? schedule.intervalHours * 2) * HOUR;
  let warning: string | null = null;
  if (lastError) warning = `the last scheduled backup failed: ${lastError}`;
  else if (!lastGood) warning = "no backup of this vault has been made yet";
  if (lastGood && age > warnAfter) {
    const days = Math.floor(age / (24 * HOUR));
    const old = days >= 1 ? `${days} day${days > 1 ? "s" : ""}` : `${Math.floor(age / HOUR)} hours`;
    warning = `the last good backup is ${old} old${lastError ? ` (the last attempt failed: ${lastError})` : ""}`;
  }
  return { lastGood, lastFile: getMeta(session.db, "backup_last_file") ?? null, lastError, due: age >= schedule.intervalHours * HOUR, warning };
}

/** Whether a backup is due and whether to warn: any unlocked session may ask (it reveals only times). */
export function backupStatus(session: VaultSession, schedule: BackupSchedule): BackupStatus {
  session.assertUnlocked();
  return status(session, BackupScheduleSchema.parse(schedule));
}

function encryptionOf(schedule: BackupSchedule, env: Readonly<Record<string, string | undefined>>): BackupEncryption {
  if (schedule.encryption.kind === "recipients") return { kind: "recipients", recipients: schedule.encryption.recipients.map(checkRecipient) };
  const passphrase = env[schedule.encryption.variable];
  if (!passphrase) throw new CoffreError("NO_SECRET", `the backup passphrase is not set (${schedule.encryption.variable})`);
  if ([...passphrase].length < MIN_PASSPHRASE) throw new CoffreError("BAD_INPUT", `the backup passphrase must have at least ${MIN_PASSPHRASE} characters`);
  return { kind: "passphrase", passphrase };
}

/**
 * Runs a backup if one is due (or `force`), then prunes this vault's scheduled backups beyond `keep`, newest
 * kept; pruning happens only after the new backup is whole on disk. Admins only (backup.run). A failure is
 * recorded (and audited by createBackup) and reported as a warning, not thrown: the app goes on.
 */
export async function runScheduledBackup(
  session: VaultSession,
  scheduleInput: BackupSchedule,
  options: { force?: boolean; env?: Readonly<Record<string, string | undefined>>; onProgress?: (done: number, total: number) => void } = {},
): Promise<ScheduledRunReport> {
  const schedule = BackupScheduleSchema.parse(scheduleInput);
  authorize(session, "backup.run");
  const before = status(session, schedule);
  if (!before.due && !options.force) return { ...before, ran: false, backup: null, pruned: [] };
  const now = session.clock();
  let backup: BackupSummary;
  try {
    if (!existsSync(schedule.folder) || !statSync(schedule.folder).isDirectory()) {
      throw new CoffreError("BAD_INPUT", "the backup folder is not reachable (is its disk connected?)");
    }
    backup = await createBackup(session, {
      out: join(schedule.folder, `${filePrefix(session.vaultId)}${stamp(now)}.age`),
      encryption: encryptionOf(schedule, options.env ?? process.env),
      ...(options.onProgress ? { onProgress: (p: { bytesDone: number; bytesTotal: number }) => options.onProgress?.(p.bytesDone, p.bytesTotal) } : {}),
    });
  } catch (error) {
    if (!isCoffreError(error)) throw error;
    setMeta(session.db, "backup_last_error", error.message);
    return { ...status(session, schedule), ran: true, backup: null, pruned: [] };
  }
  setMeta(session.db, "backup_last_good", now.toISOString());
  setMeta(session.db, "backup_last_file", backup.file.split(/[\\/]/).pop() ?? "");
  setMeta(session.db, "backup_last_error", "");
  const kept = listScheduledBackups(schedule.folder, session.vaultId);
  const pruned = kept.slice(0, Math.max(0, kept.length - schedule.keep));
  for (const name of pruned) rmSync(join(schedule.folder, name), { force: true });
  return { ...status(session, schedule), ran: true, backup, pruned };
}
