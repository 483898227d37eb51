import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blindIndex } from "../../../main/crypto/blind-index.js";
import { eraseDocument } from "../../../main/gdpr/erase.js";
import { vaultPaths } from "../../../main/vault/layout.js";
import { findDocumentById, listBlobsOfDocument, listSecretsOfDocument } from "../../../main/vault/queries/documents.js";
import { listErasures } from "../../../main/vault/queries/erasure.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { exportPlaintextCopy } from "../../helpers/independent-sqlcipher.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { SUPPLIER } from "../ingest/sample-invoices.js";
import { ADMIN, CATALANA, CLERK, importThree, MANAGER, PENNINE } from "./fixtures.js";

/** Text of the Dupont invoice: its number, supplier, address, a line item, the customer (as stored and as the FTS index tokenises it). */
const DUPONT_TEXT = ["FA-2024-0042", "Papeterie Dupont", "papeterie", "dupont", "rue des Lilas", "lilas", "Ramettes papier", "ramettes", "Boulangerie Martin", "boulangerie"];
const DUPONT_IDS = [SUPPLIER.iban, SUPPLIER.ibanPrinted, SUPPLIER.vat, SUPPLIER.siret];

async function plaintextDatabase(dir: string, dekHex: string): Promise<Buffer> {
  const plain = join(tempDir(), "plain.db");
  await exportPlaintextCopy(vaultPaths(dir).database, dekHex, plain);
  return readFileSync(plain);
}

describe("coffre erase: crypto-shredding and row deletion", () => {
  it("leaves none of the document's values in the decrypted database, WAL or files; its blobs are gone; audited with the reason", async () => {
    const { dir } = await makeVault();
    const ids = await importThree(dir);
    const paths = vaultPaths(dir);

    // What of the Dupont invoice is in the vault before: sealed values, blind indexes, wrapped file keys, blobs.
    const manager = await unlock(dir, "marc", PASSWORDS.manager);
    const secrets = listSecretsOfDocument(manager.db, ids.dupont);
    const blobs = listBlobsOfDocument(manager.db, ids.dupont);
    const contentMac = findDocumentById(manager.db, ids.dupont)?.contentMac;
    const indexes = [blindIndex(manager.keys.indexKey, "iban", SUPPLIER.iban), blindIndex(manager.keys.indexKey, "vat", SUPPLIER.vat)];
    const dekHex = manager.keys.dek.expose().toString("hex");
    expect(secrets.filter((secret) => secret.sealed).length).toBeGreaterThanOrEqual(2);
    expect(blobs.length).toBeGreaterThanOrEqual(2);
    const before = await plaintextDatabase(dir, dekHex);
    // The scan sees the values before erasure (so its silence afterwards means something).
    for (const text of ["FA-2024-0042", "Papeterie Dupont", "Ramettes papier", ...indexes]) expect(before.includes(Buffer.from(text)), text).toBe(true);
    for (const blob of blobs) expect(before.includes(blob.wrappedKey)).toBe(true);

    // In-process, with the session still open: the erasure itself truncates the WAL.
    const report = eraseDocument(manager, ids.dupont, { reason: "supplier request of 12 March" });
    expect(report).toMatchObject({ id: ids.dupont, filesDeleted: blobs.length, supplierRemoved: true, walTruncated: true });
    const wal = `${paths.database}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    const after = await plaintextDatabase(dir, dekHex);
    manager.lock();

    for (const text of [...DUPONT_TEXT, ...DUPONT_IDS, ...indexes]) {
      expect(after.includes(Buffer.from(text)), text).toBe(false);
      expect(after.includes(Buffer.from(text.toLowerCase())), text.toLowerCase()).toBe(false);
    }
    for (const secret of secrets) if (secret.sealed) expect(after.includes(secret.sealed)).toBe(false);
    for (const blob of blobs) {
      expect(after.includes(blob.wrappedKey)).toBe(false); // the file keys are destroyed
      expect(existsSync(join(paths.blobs, blob.blobId.slice(0, 2), blob.blobId))).toBe(false);
    }
    // The other documents are intact, and the scan still sees them.
    expect(after.includes(Buffer.from(CATALANA.number))).toBe(true);
    expect(after.includes(Buffer.from(PENNINE.number))).toBe(true);
    // No raw file of the vault holds the values either (the WAL included).
    for (const name of readdirSync(dir, { recursive: true }).map(String)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) continue;
      const raw = readFileSync(path);
      for (const text of [...DUPONT_TEXT, ...DUPONT_IDS]) expect(raw.includes(Buffer.from(text)), `${text} in ${name}`).toBe(false);
    }

    // Searching finds nothing of it; showing it says it was erased; the erasure is recorded with its content MAC.
    const search = await cli(["search", "--vault", dir, "--as", "marc", "--json", "Ramettes"], MANAGER);
    expect(search.stdout).toBe("");
    const byIban = await cli(["search", "--vault", dir, "--as", "marc", "--json", "--iban", SUPPLIER.iban], MANAGER);
    expect(byIban.stdout).toBe("");
    const again = await cli(["erase", "--vault", dir, "--as", "marc", ids.dupont, "--reason", "twice"], MANAGER);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^coffre: document .* was already erased \(\d{4}-\d{2}-\d{2}\)$/);
    const auditor = await unlock(dir, "olga", PASSWORDS.auditor);
    try {
      expect(listErasures(auditor.db)).toEqual([{ documentId: ids.dupont, contentMac, docType: "invoice", erasedAt: report.erasedAt, erasedBy: expect.any(String), cause: "request" }]);
    } finally {
      auditor.lock();
    }
    const trail = await cli(["audit", "list", "--vault", dir, "--as", "olga", "--action", "document.erase", "--json"], { COFFRE_PASSWORD: PASSWORDS.auditor });
    const rows = trail.stdout.split("\n").map((line) => JSON.parse(line) as { userName: string; object: string; reason: string; result: string });
    expect(rows[0]).toMatchObject({ userName: "marc", object: `document ${ids.dupont}`, reason: "supplier request of 12 March", result: "ok" });
    for (const text of [...DUPONT_TEXT, ...DUPONT_IDS]) expect(trail.stdout).not.toContain(text);
    const verify = await cli(["audit", "verify", "--vault", dir, "--as", "olga"], { COFFRE_PASSWORD: PASSWORDS.auditor });
    expect(verify.code).toBe(0);
    const check = await cli(["vault", "check", "--vault", dir, "--as", "alice"], ADMIN);
    expect(check.code, check.stderr).toBe(0);
  });

  it("is for managers only, needs a reason free of personal data, and is refused under legal hold until the hold is lifted", async () => {
    const { dir } = await makeVault();
    const ids = await importThree(dir);
    const id = ids.catalana;
    const asClerk = await cli(["erase", "--vault", dir, "--as", "claire", id, "--reason", "clean-up"], CLERK);
    expect(asClerk).toMatchObject({ code: 1, stderr: "coffre: a clerk may not erase documents" });
    const asAdmin = await cli(["erase", "--vault", dir, "--as", "alice", id, "--reason", "clean-up"], ADMIN);
    expect(asAdmin).toMatchObject({ code: 1, stderr: "coffre: an admin may not erase documents" });
    const noReason = await cli(["erase", "--vault", dir, "--as", "marc", id], MANAGER);
    expect(noReason).toMatchObject({ code: 2, stderr: "coffre: --reason is required" });
    const leakyReason = await cli(["erase", "--vault", dir, "--as", "marc", id, "--reason", `request from ${CATALANA.email}`], MANAGER);
    expect(leakyReason.code).toBe(1);
    expect(leakyReason.stderr).toMatch(/must not contain personal data/);

    const hold = await cli(["hold", id, "--on", "--reason", "tax audit 2025", "--vault", dir, "--as", "marc", "--json"], MANAGER);
    expect(JSON.parse(hold.stdout)).toMatchObject({ id, legalHold: true, changed: true, since: expect.any(String) });
    expect((await cli(["hold", id, "--on", "--reason", "tax audit", "--vault", dir, "--as", "claire"], CLERK)).stderr).toBe("coffre: a clerk may not set a legal hold");
    const held = await cli(["erase", "--vault", dir, "--as", "marc", id, "--reason", "supplier request"], MANAGER);
    expect(held.code).toBe(1);
    expect(held.stderr).toBe(`coffre: document ${id} is under legal hold: lift the hold first (coffre hold ${id} --off --reason TEXT)`);
    const shown = await cli(["show", "--vault", dir, "--as", "marc", id, "--json"], MANAGER);
    expect(shown.code).toBe(0); // still there

    expect((await cli(["hold", id, "--off", "--reason", "audit closed", "--vault", dir, "--as", "marc"], MANAGER)).stdout).toBe(`document ${id} is not under legal hold any more`);
    const erased = await cli(["erase", "--vault", dir, "--as", "marc", id, "--reason", "supplier request", "--json"], MANAGER);
    expect(erased.code, erased.stderr).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ ok: true, id });

    const trail = await cli(["audit", "list", "--vault", dir, "--as", "olga", "--json"], { COFFRE_PASSWORD: PASSWORDS.auditor });
    const rows = trail.stdout.split("\n").map((line) => JSON.parse(line) as { action: string; result: string; reason: string | null; object: string | null });
    const about = rows.filter((row) => row.object === `document ${id}` && row.action !== "document.import");
    expect(about.map((row) => [row.action, row.result, row.reason])).toEqual([
      ["document.hold", "ok", "tax audit 2025"],
      ["document.erase", "denied", "refused: the document is under legal hold"],
      ["document.read", "ok", null],
      ["document.release", "ok", "audit closed"],
      ["document.erase", "ok", "supplier request"],
    ]);
  });
});
