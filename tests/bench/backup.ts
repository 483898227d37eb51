/**
 * `npm run bench:backup [-- --size MB] [-- --rounds N]`: builds a throw-away vault holding SIZE MB of blobs
 * (default 500; `--size 2000` for the 2 GB figure), then times, in the same run and on the same files:
 *   - `coffre backup` to an X25519 recipient (the compiled CLI, as a user runs it), under /usr/bin/time -v
 *     for its peak RSS;
 *   - the reference: `tar -c` of the same files piped into Debian's `age -r`, then `sync FILE` (the same
 *     work: read, archive, encrypt, write durably: `coffre backup` fsyncs its file before renaming it into
 *     place, so a backup that reports success is on the disk); also without the sync (age's own
 *     behaviour: the file may still sit in the page cache), and `age -r` alone on a ready-made tar.
 * Prints the throughput ratio coffre / (tar | age + sync) (goal >= 0.8), the ratio without the sync, and
 * Coffre's peak RSS (goal < 300 MB at 2 GB); the table goes to bench-results/backup.json. The best of N
 * rounds counts for each contender.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateX25519Identity, identityToRecipient } from "age-encryption";
import { initVault } from "../../main/auth/vault-setup.js";
import { Password, SecretBytes } from "../../main/crypto/secret.js";
import { newBlobId, writeBlob } from "../../main/vault/blob-store.js";
import { vaultPaths } from "../../main/vault/layout.js";

const { values } = parseArgs({ options: { size: { type: "string" }, rounds: { type: "string" }, keep: { type: "boolean" } } });
const sizeMb = Number(values.size ?? 500);
const rounds = Math.max(1, Number(values.rounds ?? 2));
const PASSWORD = "Vitesse: ressac 7 cobalt lynx";
const BLOB_MB = 1;

function seconds(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

async function buildVault(dir: string): Promise<void> {
  await initVault({ dir, adminName: "admin", adminPassword: Password.fromString(PASSWORD), adminPasswordText: PASSWORD, mfaRequired: false });
  const blobs = vaultPaths(dir).blobs;
  for (let written = 0; written < sizeMb; written += BLOB_MB) {
    await writeBlob(blobs, newBlobId(), randomBytes(BLOB_MB * 1024 * 1024), SecretBytes.random(32));
  }
}

function runCoffre(vault: string, out: string, recipient: string): { seconds: number; maxRssMb: number } {
  rmSync(out, { force: true });
  let stderr = "";
  const elapsed = seconds(() => {
    const result = spawnSync("/usr/bin/time", ["-v", process.execPath, "bin/coffre.js", "backup", "--vault", vault, "--as", "admin", "--out", out, "--recipient", recipient], {
      env: { PATH: process.env.PATH ?? "", COFFRE_PASSWORD: PASSWORD },
      encoding: "utf8",
    });
    stderr = result.stderr;
    if (result.status !== 0) throw new Error(`coffre backup failed: ${result.stderr}`);
  });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return { seconds: elapsed, maxRssMb: rss?.[1] ? Number(rss[1]) / 1024 : Number.NaN };
}

function runTarAge(vault: string, out: string, recipient: string, durable: boolean): number {
  rmSync(out, { force: true });
  const sync = durable ? ' && sync "$3"' : "";
  return seconds(() => {
    execFileSync("bash", ["-o", "pipefail", "-c", `tar -cf - -C "$1" coffre.db keyslots.json audit-head.json blobs | age -r "$2" -o "$3"${sync}`, "_", vault, recipient, out]);
  });
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "coffre-bench-backup-"));
  try {
    const vault = join(work, "vault");
    process.stderr.write(`building a vault with ${sizeMb} MB of blobs in ${work}...\n`);
    await buildVault(vault);
    const recipient = await identityToRecipient(await generateX25519Identity());
    const tarFile = join(work, "same-files.tar");
    execFileSync("tar", ["-cf", tarFile, "-C", vault, "coffre.db", "keyslots.json", "audit-head.json", "blobs"]);
    const plaintextBytes = statSync(tarFile).size;

    const coffre: { seconds: number; maxRssMb: number }[] = [];
    const tarAge: number[] = [];
    const tarAgeNoSync: number[] = [];
    const ageAlone: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      tarAge.push(runTarAge(vault, join(work, "reference.age"), recipient, true));
      coffre.push(runCoffre(vault, join(work, "coffre.age"), recipient));
      tarAgeNoSync.push(runTarAge(vault, join(work, "reference.age"), recipient, false));
      rmSync(join(work, "alone.age"), { force: true });
      ageAlone.push(seconds(() => execFileSync("age", ["-r", recipient, "-o", join(work, "alone.age"), tarFile])));
      process.stderr.write(
        `round ${round + 1}: coffre ${coffre.at(-1)?.seconds.toFixed(2)} s, tar|age+sync ${tarAge.at(-1)?.toFixed(2)} s, tar|age ${tarAgeNoSync.at(-1)?.toFixed(2)} s, age alone ${ageAlone.at(-1)?.toFixed(2)} s\n`,
      );
    }
    const best = (list: number[]): number => Math.min(...list);
    const coffreSeconds = best(coffre.map((run) => run.seconds));
    const mbps = (secondsTaken: number): number => plaintextBytes / 1e6 / secondsTaken;
    const result = {
      sizeMb,
      plaintextBytes,
      rounds,
      coffre: { seconds: coffreSeconds, mbPerSecond: mbps(coffreSeconds), maxRssMb: Math.max(...coffre.map((run) => run.maxRssMb)) },
      tarPipeAgeSync: { seconds: best(tarAge), mbPerSecond: mbps(best(tarAge)) },
      tarPipeAgeNoSync: { seconds: best(tarAgeNoSync), mbPerSecond: mbps(best(tarAgeNoSync)) },
      ageAloneOnTar: { seconds: best(ageAlone), mbPerSecond: mbps(best(ageAlone)) },
      ratioVsTarPipeAgeSync: best(tarAge) / coffreSeconds,
      ratioVsTarPipeAgeNoSync: best(tarAgeNoSync) / coffreSeconds,
      ratioVsAgeAlone: best(ageAlone) / coffreSeconds,
      goals: { ratio: 0.8, maxRssMbAt2GB: 300 },
      backupBytes: statSync(join(work, "coffre.age")).size,
      node: process.version,
      date: new Date().toISOString(),
    };
    mkdirSync("bench-results", { recursive: true });
    writeFileSync("bench-results/backup.json", `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `backup of ${(plaintextBytes / 1e6).toFixed(0)} MB: coffre ${result.coffre.mbPerSecond.toFixed(0)} MB/s, tar | age -r + sync ${result.tarPipeAgeSync.mbPerSecond.toFixed(0)} MB/s, ` +
        `tar | age -r ${result.tarPipeAgeNoSync.mbPerSecond.toFixed(0)} MB/s, ` +
        `age -r alone ${result.ageAloneOnTar.mbPerSecond.toFixed(0)} MB/s`,
    );
    console.log(
      `ratio coffre / (tar | age + sync): ${result.ratioVsTarPipeAgeSync.toFixed(2)} (goal >= 0.8); without the sync: ${result.ratioVsTarPipeAgeNoSync.toFixed(2)}; ` +
        `coffre / age alone: ${result.ratioVsAgeAlone.toFixed(2)}`,
    );
    console.log(`coffre peak RSS: ${result.coffre.maxRssMb.toFixed(0)} MB (goal < 300 MB at 2 GB)`);
  } finally {
    if (!values.keep) rmSync(work, { recursive: true, force: true });
  }
}

await main();
