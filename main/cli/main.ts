import { isCoffreError } from "../errors.js";
import { UsageError } from "./args.js";
import { initCommand } from "./commands/init.js";
import { passwdCommand, usersCommand } from "./commands/users.js";
import { vaultCommand } from "./commands/vault.js";
import { processIo, type CliIo } from "./io.js";

const HELP = `coffre - encrypted archive of supplier invoices

  coffre init --vault DIR --admin NAME [--no-mfa-required] [--json]
  coffre users add NAME --role ROLE --vault DIR --as ADMIN
  coffre users list | disable NAME | enable NAME | set-role NAME ROLE --vault DIR --as ADMIN [--json]
  coffre users grant-reveal NAME --vault DIR [--as MANAGER]   (or COFFRE_RECOVERY_KEY)
  coffre passwd --vault DIR --as USER
  coffre vault check --vault DIR --as USER [--json]

Secrets come from COFFRE_PASSWORD, COFFRE_NEW_PASSWORD, COFFRE_RECOVERY_KEY or a prompt, never from arguments.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  init: initCommand,
  users: usersCommand,
  passwd: passwdCommand,
  vault: vaultCommand,
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
