import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { generateX25519Identity, identityToRecipient } from "age-encryption";
import { SecretBytes } from "../../../main/crypto/secret.js";
import { newBlobId, writeBlob } from "../../../main/vault/blob-store.js";
import { vaultPaths } from "../../../main/vault/layout.js";
import { fileTempDir, tempDir } from "../../helpers/tmp.js";

export const BACKUP_PASSPHRASE = "Backup: pivoine 8 marée sauvage";
export const AGE = "/usr/bin/age";

/** A Coffre-generated X25519 identity written as an age identity file, and its recipient. */
export async function ageIdentity(lifetime: "test" | "file" = "test"): Promise<{ file: string; identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  const file = join(lifetime === "file" ? fileTempDir("coffre-age-id-") : tempDir("coffre-age-id-"), "identity.txt");
  writeFileSync(file, `# created by a Coffre test\n${identity}\n`, { mode: 0o600 });
  return { file, identity, recipient: await identityToRecipient(identity) };
}

/** Stores a few random blobs of awkward sizes (empty, exactly one age chunk, a chunk and a byte, > 1 MiB). */
export async function addBlobs(vaultDir: string, sizes = [0, 65_536, 65_537, 1_500_000]): Promise<string[]> {
  const ids: string[] = [];
  for (const size of sizes) {
    const id = newBlobId();
    await writeBlob(vaultPaths(vaultDir).blobs, id, randomBytes(size), SecretBytes.random(32));
    ids.push(id);
  }
  return ids;
}

/** Files and folders a failed restore might have left beside `target` (the target itself, or a temporary). */
export function leftovers(target: string): string[] {
  const parent = dirname(target);
  if (!existsSync(parent)) return [];
  return readdirSync(parent).filter((name) => name === basename(target) || name.startsWith(`.${basename(target)}.`));
}

/** Runs a command on a pseudo-terminal (util-linux `script`), typing `input`: age reads passphrases only from a TTY. */
export function onTerminal(command: string[], input: string): { status: number | null; output: string } {
  const quoted = command.map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(" ");
  const result = spawnSync("script", ["-qec", quoted, "/dev/null"], { input, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, output: result.stdout };
}

export const HAS_SCRIPT = spawnSync("script", ["--version"]).status === 0;

/** The names in a tar file, in order (GNU tar). */
export function tarNames(tarFile: string): string[] {
  return execFileSync("tar", ["-tf", tarFile], { encoding: "utf8" }).trim().split("\n");
}
