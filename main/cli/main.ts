import { isCoffreError } from "../errors.js";
import { UsageError } from "./args.js";
import { auditCommand, policyCommand, securityCommand } from "./commands/audit.js";
import { backupCommand, restoreCommand, verifyBackupCommand } from "./commands/backup.js";
import { initCommand } from "./commands/init.js";
import { mfaCommand } from "./commands/mfa.js";
import { passwdCommand, usersCommand } from "./commands/users.js";
import { vaultCommand } from "./commands/vault.js";
import { processIo, type CliIo } from "./io.js";

const HELP = `coffre - encrypted archive of supplier invoices

  coffre init --vault DIR --admin NAME [--no-mfa-required] [--json]
  coffre users add NAME --role ROLE --vault DIR --as ADMIN
  coffre users list | set-role NAME ROLE | enable NAME --vault DIR --as ADMIN [--json]
  coffre users disable NAME | revoke NAME | reset-mfa NAME [--reason TEXT] --vault DIR --as ADMIN
  coffre users grant-reveal NAME --vault DIR [--as MANAGER]   (or COFFRE_RECOVERY_KEY)
  coffre passwd --vault DIR --as USER
  coffre mfa enroll | confirm --vault DIR --as USER [--json]
  coffre audit verify | list [--user U] [--action A] [--result R] [--from D] [--to D] [--limit N] --vault DIR --as USER [--json]
  coffre security report --from DATE --to DATE --vault DIR --as USER [--json]
  coffre policy lockout [--ceiling N] [--delay-after N] --vault DIR --as ADMIN
  coffre policy sensitive [--set TYPE=ACTION]... --vault DIR --as ADMIN [--json]   # encrypt | redact | keep
  coffre vault check --vault DIR --as USER [--json]
  coffre import --vault DIR --as USER [--json] [--ocr-workers N] PATH...
  coffre search --vault DIR --as USER [--json] [QUERY] [--supplier S] [--from DATE] [--to DATE]
                [--min AMOUNT] [--max AMOUNT] [--type TYPE] [--iban IBAN] [--vat VAT] [--limit N]
  coffre show --vault DIR --as USER ID [--json] [--reveal --reason TEXT]
  coffre backup --vault DIR --as ADMIN --out FILE.age [--recipient age1...]...   (else COFFRE_BACKUP_PASSPHRASE)
  coffre backup --vault DIR --as ADMIN --folder DIR [--every HOURS] [--keep N] [--force] [--recipient age1...]...
                (scheduled, e.g. from cron: backs up only when due, keeps the newest N, warns when the last good one is old)
  coffre verify-backup FILE.age [--identity FILE] [--as ADMIN] [--json]
  coffre restore FILE.age --vault NEWDIR [--identity FILE] [--as ADMIN [--erasures-from NEWER.age|VAULTDIR]] [--json]
                (re-applies the erasure list of the backup and of the newer backup or vault: erased documents stay erased)
  coffre erase --vault DIR --as MANAGER ID --reason TEXT [--json]
  coffre hold ID --on|--off --reason TEXT --vault DIR --as MANAGER [--json]
  coffre retention show | set --type TYPE --years N | set --fiscal-year-end MM-DD --vault DIR --as ADMIN [--json]
  coffre retention run [--dry-run] --vault DIR --as MANAGER [--json]    (--dry-run: an admin may list too)
  coffre subject find | erase --reason TEXT | export --reason TEXT --out FILE.json
                [--email E] [--phone P] [--iban I] [--vat V] --vault DIR --as MANAGER [--json]
  coffre correct --vault DIR --as USER ID FIELD=VALUE...
  coffre export --vault DIR --as USER ID --redacted --out FILE.pdf
  coffre watch FOLDER --vault DIR --as USER [--interval SECONDS] [--json]

Secrets come from COFFRE_PASSWORD, COFFRE_NEW_PASSWORD, COFFRE_TOTP, COFFRE_RECOVERY_KEY, COFFRE_BACKUP_PASSPHRASE or a prompt,
never from arguments.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

/**
 * The document and GDPR commands pull in the PDF, OCR and image stack (about 2 s and 100 MB to load):
 * loaded only when one of them runs, so `coffre backup`, `users`, `audit`... start fast and stay small.
 */
const documents = () => import("./commands/documents.js");
const gdpr = () => import("./commands/gdpr.js");

const COMMANDS: Record<string, Command> = {
  init: initCommand,
  users: usersCommand,
  passwd: passwdCommand,
  vault: vaultCommand,
  mfa: mfaCommand,
  audit: auditCommand,
  security: securityCommand,
  policy: policyCommand,
  import: async (argv, io) => (await documents()).importCommand(argv, io),
  show: async (argv, io) => (await documents()).showCommand(argv, io),
  search: async (argv, io) => (await documents()).searchCommand(argv, io),
  correct: async (argv, io) => (await documents()).correctCommand(argv, io),
  watch: async (argv, io) => (await documents()).watchCommand(argv, io),
  export: async (argv, io) => (await documents()).exportCommand(argv, io),
  backup: backupCommand,
  "verify-backup": verifyBackupCommand,
  restore: restoreCommand,
  erase: async (argv, io) => (await gdpr()).eraseCommand(argv, io),
  hold: async (argv, io) => (await gdpr()).holdCommand(argv, io),
  retention: async (argv, io) => (await gdpr()).retentionCommand(argv, io),
  subject: async (argv, io) => (await gdpr()).subjectCommand(argv, io),
};

/** Runs one CLI invocation. Expected failures: one line on stderr and a non-zero code; never a stack trace. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command ${name}; run coffre --help`);
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`coffre: ${error.message}`);
      return 2;
    }
    if (isCoffreError(error)) {
      io.err(`coffre: ${error.message}`);
      return 1;
    }
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    io.err(`coffre: unexpected error: ${message}`);
    return 70;
  }
}

export async function main(argv: string[]): Promise<number> {
  return runCli(argv, processIo());
}
