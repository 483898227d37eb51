// `npm run demo`: a walk through Coffre with the real `coffre` command on a throw-away vault.
// Passwords are random for this run and passed through the environment, never printed or put in argv.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = mkdtempSync(join(tmpdir(), "coffre-demo-"));
const vault = join(root, "vault");
const secret = () => randomBytes(18).toString("base64url");
const passwords = { alice: secret(), marc: secret(), claire: secret(), olga: secret() };

function coffre(title, args, env = {}, { hideStdout = false } = {}) {
  console.log(`\n$ coffre ${args.join(" ")}`);
  const result = spawnSync(process.execPath, ["bin/coffre.js", ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
  });
  if (!hideStdout && result.stdout) process.stdout.write(result.stdout.replace(/^(?=.)/gm, "  "));
  if (result.stderr) process.stdout.write(result.stderr.replace(/^(?=.)/gm, "  "));
  console.log(`  -> ${title}: exit ${result.status}`);
  return result;
}

try {
  console.log("Coffre demo: an encrypted vault, its users and their keys.");
  const init = coffre("create the vault (MFA relaxed for this demo)", ["init", "--vault", vault, "--admin", "alice", "--no-mfa-required", "--json"], { COFFRE_PASSWORD: passwords.alice }, { hideStdout: true });
  if (init.status !== 0) process.exit(1);
  const { recoveryKey } = JSON.parse(init.stdout);
  console.log("  (the recovery key was printed once by init; this demo keeps it to itself)");
  const asAlice = ["--vault", vault, "--as", "alice"];
  coffre("add a manager", ["users", "add", "marc", "--role", "manager", ...asAlice], { COFFRE_PASSWORD: passwords.alice, COFFRE_NEW_PASSWORD: passwords.marc });
  coffre("add a clerk", ["users", "add", "claire", "--role", "clerk", ...asAlice], { COFFRE_PASSWORD: passwords.alice, COFFRE_NEW_PASSWORD: passwords.claire });
  coffre("add an auditor", ["users", "add", "olga", "--role", "auditor", ...asAlice], { COFFRE_PASSWORD: passwords.alice, COFFRE_NEW_PASSWORD: passwords.olga });
  coffre("the admin may not hand out the reveal key", ["users", "grant-reveal", "marc", ...asAlice], { COFFRE_PASSWORD: passwords.alice });
  coffre("the recovery key gives the manager the reveal key", ["users", "grant-reveal", "marc", "--vault", vault], { COFFRE_RECOVERY_KEY: recoveryKey });
  coffre("list users", ["users", "list", ...asAlice], { COFFRE_PASSWORD: passwords.alice });
  coffre("a wrong password is refused", ["users", "list", ...asAlice], { COFFRE_PASSWORD: "not the password" });

  // New users replace their temporary password first.
  const own = { marc: secret(), claire: secret(), olga: secret() };
  for (const name of ["marc", "claire", "olga"]) {
    coffre(`${name} chooses a password`, ["passwd", "--vault", vault, "--as", name], { COFFRE_PASSWORD: passwords[name], COFFRE_NEW_PASSWORD: own[name] });
  }
  const asClaire = ["--vault", vault, "--as", "claire"];
  const asMarc = ["--vault", vault, "--as", "marc"];
  console.log("\nThe clerk imports the bundled sample invoices (born-digital, Factur-X, scans; OCR runs offline):");
  const imported = coffre("import the samples", ["import", ...asClaire, "samples"], { COFFRE_PASSWORD: own.claire });
  const ids = [...imported.stdout.matchAll(/\[([0-9a-f-]{36})\]/g)].map((match) => match[1]);
  coffre("the same files again are recognised", ["import", ...asClaire, "samples"], { COFFRE_PASSWORD: own.claire });
  coffre("full-text search", ["search", ...asClaire, "facture"], { COFFRE_PASSWORD: own.claire });
  coffre("search by amount", ["search", ...asMarc, "--min", "5000"], { COFFRE_PASSWORD: own.marc });
  if (ids[0]) {
    coffre("the clerk sees identifiers masked", ["show", ...asClaire, ids[0]], { COFFRE_PASSWORD: own.claire });
    coffre("the clerk cannot reveal", ["show", ...asClaire, ids[0], "--reveal", "--reason", "curious"], { COFFRE_PASSWORD: own.claire });
    coffre("a manager reveals, with a reason (values hidden in this demo)", ["show", ...asMarc, ids[0], "--reveal", "--reason", "check the bank details", "--json"], { COFFRE_PASSWORD: own.marc }, { hideStdout: true });
  }
  coffre("the audit trail verifies", ["audit", "verify", "--vault", vault, "--as", "olga"], { COFFRE_PASSWORD: own.olga });
  coffre("who did what", ["audit", "list", "--vault", vault, "--as", "olga", "--action", "document", "--limit", "8"], { COFFRE_PASSWORD: own.olga });
  coffre("verify every encrypted page", ["vault", "check", "--vault", vault, "--as", "olga"], { COFFRE_PASSWORD: own.olga });
  console.log(`\nThe vault folder (${vault}) holds coffre.db (SQLCipher 4), keyslots.json and blobs/; it is deleted now.`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
