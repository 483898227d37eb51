import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { checkRecipient, parseIdentityFile, type BackupKey } from "../../backup/age-header.js";
import { createBackup } from "../../backup/create.js";
import { runScheduledBackup, type BackupSchedule } from "../../backup/schedule.js";
import { restoreBackup } from "../../backup/restore.js";
import { verifyBackup } from "../../backup/verify.js";
import type { Password } from "../../crypto/secret.js";
import { CoffreError } from "../../errors.js";
import { flag, optionalString, parse, positional, requireString, UsageError, type ParsedArgs } from "../args.js";
import type { CliIo } from "../io.js";
import { readPassword, readSecretText } from "../secrets.js";
import { withUserSession } from "../session.js";

const MIN_PASSPHRASE = 12;
const MAX_IDENTITY_FILE = 64 * 1024;

/** Progress on a terminal only (stderr), about every tenth. */
function progress(io: CliIo, verb: string): ((done: number, total?: number) => void) | undefined {
  if (!io.interactive) return undefined;
  let shown = -1;
  let lastMb = 0;
  return (done, total) => {
    if (total && total > 0) {
      const tenth = Math.floor((done / total) * 10);
      if (tenth > shown) {
        shown = tenth;
        io.err(`${verb}: ${tenth * 10}% (${Math.round(done / 1e6)} of ${Math.round(total / 1e6)} MB)`);
      }
    } else if (done - lastMb >= 100e6) {
      lastMb = done;
      io.err(`${verb}: ${Math.round(done / 1e6)} MB`);
    }
  };
}

/** The key that opens a backup: an identity file (--identity) or the passphrase (env or prompt). */
async function backupKey(io: CliIo, identityFile: string | undefined): Promise<BackupKey> {
  if (identityFile) {
    let text: string;
    try {
      if (statSync(identityFile).size > MAX_IDENTITY_FILE) throw new CoffreError("BAD_INPUT", "the identity file is too large");
      text = readFileSync(identityFile, "utf8");
    } catch (error) {
      if (error instanceof CoffreError) throw error;
      throw new CoffreError("BAD_INPUT", `cannot read the identity file ${basename(identityFile)}`);
    }
    return { kind: "identities", identities: parseIdentityFile(text) };
  }
  return { kind: "passphrase", passphrase: await readSecretText(io, "COFFRE_BACKUP_PASSPHRASE", "Backup passphrase: ") };
}

async function backupUser(io: CliIo, name: string | undefined): Promise<{ name: string; password: Password } | undefined> {
  if (!name) return undefined;
  return { name, password: await readPassword(io, "COFFRE_PASSWORD", `Password for ${name} (in the backup): `) };
}

export async function backupCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, {
    vault: { type: "string" },
    as: { type: "string" },
    out: { type: "string" },
    recipient: { type: "string", multiple: true },
    folder: { type: "string" },
    every: { type: "string" },
    keep: { type: "string" },
    force: { type: "boolean" },
    json: { type: "boolean" },
  });
  const recipients = ((args.values.recipient as string[] | undefined) ?? []).map(checkRecipient);
  if (optionalString(args, "folder") !== undefined) return scheduledBackupCommand(args, recipients, io);
  const out = requireString(args, "out");
  return withUserSession(args, io, async (session) => {
    let passphrase: string | undefined;
    if (recipients.length === 0) {
      passphrase = await readSecretText(io, "COFFRE_BACKUP_PASSPHRASE", "Backup passphrase: ", { confirm: true });
      if ([...passphrase].length < MIN_PASSPHRASE) throw new CoffreError("BAD_INPUT", `the backup passphrase must have at least ${MIN_PASSPHRASE} characters`);
    }
    const show = progress(io, "backup");
    const summary = await createBackup(session, {
      out,
      encryption: passphrase !== undefined ? { kind: "passphrase", passphrase } : { kind: "recipients", recipients },
      ...(show ? { onProgress: (p: { bytesDone: number; bytesTotal: number }) => show(p.bytesDone, p.bytesTotal) } : {}),
    });
    if (flag(args, "json")) io.out(JSON.stringify(summary));
    else io.out(`backup written: ${summary.file} (${summary.entries} files, ${summary.blobs} stored documents' files, ${summary.bytes} bytes)`);
    return 0;
  });
}

/** `coffre backup --folder DIR --every HOURS --keep N`: a backup only when one is due; older ones pruned. For cron. */
async function scheduledBackupCommand(args: ParsedArgs, recipients: string[], io: CliIo): Promise<number> {
  const every = Number(optionalString(args, "every") ?? "24");
  const keep = Number(optionalString(args, "keep") ?? "7");
  if (!Number.isFinite(every) || every <= 0) throw new UsageError("--every must be a number of hours");
  if (!Number.isInteger(keep) || keep < 1) throw new UsageError("--keep must be a whole number of backups");
  const schedule: BackupSchedule = {
    folder: requireString(args, "folder"),
    intervalHours: every,
    keep,
    encryption: recipients.length > 0 ? { kind: "recipients", recipients } : { kind: "passphrase-env", variable: "COFFRE_BACKUP_PASSPHRASE" },
  };
  return withUserSession(args, io, async (session) => {
    const report = await runScheduledBackup(session, schedule, { force: flag(args, "force"), env: io.env });
    if (flag(args, "json")) io.out(JSON.stringify(report));
    else if (report.backup) io.out(`backup written: ${report.backup.file}${report.pruned.length > 0 ? ` (${report.pruned.length} older one(s) removed)` : ""}`);
    else if (!report.ran) io.out(`no backup due (last good backup ${report.lastGood ?? "never"})`);
    if (report.warning && !flag(args, "json")) io.err(`coffre: warning: ${report.warning}`);
    return report.ran && !report.backup ? 1 : 0;
  });
}

export async function verifyBackupCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, { identity: { type: "string" }, as: { type: "string" }, json: { type: "boolean" } });
  const file = positional(args, 0, "backup file");
  const key = await backupKey(io, optionalString(args, "identity"));
  const user = await backupUser(io, optionalString(args, "as"));
  const show = progress(io, "verify");
  try {
    const report = await verifyBackup(file, { key, ...(user ? { user } : {}), ...(show ? { onProgress: (n: number) => show(n) } : {}) });
    if (flag(args, "json")) {
      io.out(JSON.stringify({ ok: true, file, vaultId: report.manifest.vaultId, createdAt: report.manifest.createdAt, entries: report.entries, keyed: report.keyed }));
    } else {
      io.out(
        `backup OK: ${report.entries} files authenticated and matching the manifest (vault ${report.manifest.vaultId}, made ${report.manifest.createdAt}, ` +
          `database ${report.databasePages} pages, audit head ${report.manifest.auditHead?.seq ?? 0})`,
      );
      if (report.keyed) {
        io.out(`database and audit trail OK (opened as ${report.keyed.user}: every page authenticated, structure intact, ${report.keyed.auditRows} audit rows chain)`);
      } else io.out("database not opened: add --as ADMIN (password from COFFRE_PASSWORD) to check its pages and audit trail");
    }
    return 0;
  } finally {
    user?.password.wipe();
  }
}

export async function restoreCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, { vault: { type: "string" }, identity: { type: "string" }, as: { type: "string" }, "erasures-from": { type: "string" }, json: { type: "boolean" } });
  const file = positional(args, 0, "backup file");
  if (args.positionals.length > 1) throw new UsageError("restore takes one backup file");
  const erasuresFrom = optionalString(args, "erasures-from");
  if (erasuresFrom !== undefined && !optionalString(args, "as")) throw new UsageError("--erasures-from needs --as ADMIN (erasures are re-applied inside the restored database)");
  const target = requireString(args, "vault");
  const key = await backupKey(io, optionalString(args, "identity"));
  const user = await backupUser(io, optionalString(args, "as"));
  const show = progress(io, "restore");
  try {
    const report = await restoreBackup(file, target, {
      key,
      ...(user ? { user } : {}),
      ...(erasuresFrom !== undefined ? { erasuresFrom } : {}),
      ...(show ? { onProgress: (n: number) => show(n) } : {}),
    });
    if (flag(args, "json")) io.out(JSON.stringify({ ok: true, vault: report.dir, vaultId: report.manifest.vaultId, createdAt: report.manifest.createdAt, keyed: report.keyed }));
    else {
      io.out(`restored into ${report.dir} (vault ${report.manifest.vaultId}, backup of ${report.manifest.createdAt}, ${report.manifest.entries.length} files verified)`);
      if (erasuresFrom === undefined) io.out("erasures recorded after this backup are not known to it: restore with --erasures-from NEWER.age|VAULTDIR to re-apply them");
      if (report.keyed && report.keyed.erasuresReapplied.length > 0) io.out(`${report.keyed.erasuresReapplied.length} erased document(s) were in this older backup and were erased again`);
      if (!report.keyed) io.out("the database was not opened: run coffre vault check --vault DIR --as ADMIN to check it");
    }
    return 0;
  } finally {
    user?.password.wipe();
  }
}
