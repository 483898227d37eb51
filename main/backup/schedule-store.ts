import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import { CoffreError } from "../errors.js";
import { getMeta, setMeta } from "../vault/queries/meta.js";
import { checkRecipient } from "./age-header.js";
import { BackupScheduleSchema, type BackupSchedule } from "./schedule.js";

/**
 * The app's backup schedule, kept in the vault's meta table (key backup_schedule, JSON). No secret is stored:
 * age recipients (public keys) or the NAME of the environment variable holding the passphrase. Admins only
 * (backup.run); a change is audited (folder, interval and kind of encryption; never a key).
 */
export function readBackupSchedule(session: VaultSession): BackupSchedule | null {
  session.assertUnlocked();
  const text = getMeta(session.db, "backup_schedule");
  if (!text) return null;
  try {
    const parsed = BackupScheduleSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveBackupSchedule(session: VaultSession, input: unknown): BackupSchedule {
  authorize(session, "backup.run");
  const parsed = BackupScheduleSchema.safeParse(input);
  if (!parsed.success) throw new CoffreError("BAD_INPUT", "the backup schedule is not valid");
  const schedule = parsed.data;
  if (!/^(?:\/|[A-Za-z]:\\|\\\\)/.test(schedule.folder)) throw new CoffreError("BAD_INPUT", "give the full path of the backup folder");
  if (schedule.encryption.kind === "recipients") {
    for (const recipient of schedule.encryption.recipients) checkRecipient(recipient);
  }
  setMeta(session.db, "backup_schedule", JSON.stringify(schedule));
  const how = schedule.encryption.kind === "recipients" ? `${schedule.encryption.recipients.length} recipient(s)` : `passphrase from ${schedule.encryption.variable}`;
  session.audit({ action: "policy.change", result: "ok", object: "backup-schedule", reason: `every ${schedule.intervalHours} h, keep ${schedule.keep}, ${how}` });
  return schedule;
}
