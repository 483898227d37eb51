import { Password } from "../crypto/secret.js";
import { CoffreError } from "../errors.js";
import type { CliIo } from "./io.js";

export type SecretEnv = "COFFRE_PASSWORD" | "COFFRE_NEW_PASSWORD" | "COFFRE_RECOVERY_KEY" | "COFFRE_TOTP" | "COFFRE_BACKUP_PASSPHRASE";

/**
 * A secret from the environment (scripts) or a prompt (a person at a terminal). Never from argv.
 */
export async function readSecretText(io: CliIo, name: SecretEnv, question: string, options: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = io.env[name];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (!io.interactive) {
    throw new CoffreError("NO_SECRET", `${question.replace(/:\s*$/, "").toLowerCase()} needed: set ${name} or run on a terminal`);
  }
  const first = await io.promptSecret(question);
  if (options.confirm) {
    const second = await io.promptSecret("Repeat it: ");
    if (first !== second) throw new CoffreError("BAD_INPUT", "the two entries differ");
  }
  return first;
}

export async function readPassword(io: CliIo, name: SecretEnv, question: string): Promise<Password> {
  return Password.fromString(await readSecretText(io, name, question));
}

export async function readNewPassword(io: CliIo, name: SecretEnv, question: string): Promise<{ secret: Password; text: string }> {
  const text = await readSecretText(io, name, question, { confirm: true });
  return { secret: Password.fromString(text), text };
}
