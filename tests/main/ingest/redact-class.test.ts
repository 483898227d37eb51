/**
 * Redact-class values (payment card numbers, French NIR) are written in clear nowhere: not in the
 * decrypted database (tables, full-text index), its WAL, any file of the vault, any blob — the original
 * kept for managers included, opened with the manager's keys — nor in the CLI's output or the audit trail.
 * Documents come from the fixture generator on a seed the benchmark does not use (501).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSealedBlobKey, unwrapBlobKeyFromVault } from "../../../main/crypto/blob-keys.js";
import { readBlob } from "../../../main/vault/blob-store.js";
import { vaultPaths } from "../../../main/vault/layout.js";
import { listBlobsOfDocument, listPagesOfDocument, listSecretsOfDocument } from "../../../main/vault/queries/documents.js";
import { generateDocumentSpec, renderBornDigitalPdf, renderScan, type SensitiveItem } from "../../fixtures/generator/index.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { exportPlaintextCopy } from "../../helpers/independent-sqlcipher.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";

const TEST_SEED = 501;
const squeeze = (text: string): string => text.replace(/[^A-Za-z0-9]/g, "").toUpperCase();

interface Case {
  file: string;
  bytes: Buffer;
  item: SensitiveItem;
  number: string;
}

async function cases(): Promise<Case[]> {
  // 501/89: an invoice paid by card (Factur-X, so the file also carries an XML); 501/60: a delivery note with a Corsican NIR.
  const card = generateDocumentSpec(TEST_SEED, 89);
  const nir = generateDocumentSpec(TEST_SEED, 60);
  const cardItem = card.sensitive.find((item) => item.type === "card");
  const nirItem = nir.sensitive.find((item) => item.type === "nir");
  if (!cardItem || !nirItem) throw new Error("the generator no longer gives these documents a card / NIR");
  const cardPdf = Buffer.from(await renderBornDigitalPdf(card, { facturx: "2.x" }));
  const nirPdf = Buffer.from(await renderBornDigitalPdf(nir));
  const scan = await renderScan(cardPdf, { dpi: 300, degrade: "clean", format: "png", seed: 5 });
  return [
    { file: "card.pdf", bytes: cardPdf, item: cardItem, number: card.number },
    { file: "card-scan.png", bytes: scan.files[0] ?? Buffer.alloc(0), item: cardItem, number: card.number },
    { file: "nir.pdf", bytes: nirPdf, item: nirItem, number: nir.number },
  ];
}

/** The forms in which a value could be stored: as printed, compact, and each printed group as a stored word. */
function forms(item: SensitiveItem): string[] {
  const groups = item.value.split(/\s+/).filter((group) => group.length >= 3);
  return [item.value, item.normalized, item.value.replace(/\s+/g, ""), ...groups.map((group) => `"text":"${group}"`)];
}

function expectNone(bytes: Buffer | string, items: readonly SensitiveItem[], where: string): void {
  const haystack = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  for (const item of items) for (const form of forms(item)) expect(haystack.includes(Buffer.from(form)), `${item.type} (${form.length} chars) in ${where}`).toBe(false);
}

describe("redact-class values: card numbers and NIR", () => {
  it("are redacted everywhere: database (FTS, WAL), every blob with the manager's keys (the original too), output and audit", async () => {
    const { dir } = await makeVault();
    const paths = vaultPaths(dir);
    const inbox = tempDir();
    const documents = await cases();
    for (const entry of documents) writeFileSync(join(inbox, entry.file), entry.bytes);
    const items = documents.map((entry) => entry.item);

    const clerk = { COFFRE_PASSWORD: PASSWORDS.clerk, COFFRE_OCR_WORKERS: "1" };
    const imported = await cli(["import", "--vault", dir, "--as", "claire", "--json", inbox], clerk);
    expect(imported.code).toBe(0);
    const lines = imported.stdout.split("\n").map((line) => JSON.parse(line) as { id: string; file: string; status: string; fields: Record<string, string | null>; sensitive: { type: string; page: number; bbox: number[]; confidence: number; action: string; masked: string }[] });
    expect(lines.map((line) => line.status)).toEqual(["imported", "imported", "imported"]);
    const outputs = [imported.stdout, imported.stderr];
    for (const line of lines) {
      const type = line.file.startsWith("card") ? "card" : "nir";
      const found = line.sensitive.filter((entry) => entry.type === type);
      // One finding per printed value, with where it is and how sure the detector is.
      expect(found, line.file).toHaveLength(1);
      expect(found[0]).toMatchObject({ action: "redact", masked: "****", page: 1 });
      expect(found[0]?.bbox).toHaveLength(4);
      expect(found[0]?.confidence).toBeGreaterThan(0.8);
      // The invoice-field findings and the detectors' are merged: no value reported twice.
      // (Values only in the embedded XML, not printed, have no page.)
      const places = line.sensitive.filter((entry) => entry.page !== null).map((entry) => `${entry.type}|${entry.page}|${entry.bbox.join(",")}`);
      expect(new Set(places).size).toBe(places.length);
    }

    // The manager's view and reveal: a redact-class value was never kept, so there is nothing to reveal.
    const manager = { COFFRE_PASSWORD: PASSWORDS.manager };
    for (const line of lines) {
      const shown = await cli(["show", "--vault", dir, "--as", "marc", line.id, "--json", "--reveal", "--reason", "payment check"], manager);
      expect(shown.code).toBe(0);
      outputs.push(shown.stdout, shown.stderr);
    }

    // Every blob decrypted with the manager's keys: masked pages and thumbnails with the vault key, the
    // original with the reveal key. The original is a rebuilt PDF: its text layer is checked too.
    const session = await unlock(dir, "marc", PASSWORDS.manager);
    const sensitiveKey = session.sensitivePrivateKey;
    if (!sensitiveKey) throw new Error("the manager holds no reveal key");
    for (const [index, line] of lines.entries()) {
      const entry = documents[index];
      if (!entry) throw new Error("no case");
      const secrets = listSecretsOfDocument(session.db, line.id).filter((secret) => secret.type === entry.item.type);
      expect(secrets.map((secret) => [secret.action, secret.sealed, secret.blindIndex])).toEqual([["redact", null, null]]);
      const words = listPagesOfDocument(session.db, line.id).map((page) => (JSON.parse(page.words) as { text: string }[]).map((word) => word.text).join(" "));
      expect(squeeze(words.join(" "))).not.toContain(squeeze(entry.item.normalized));
      expect(words.join(" ")).toContain(`[${entry.item.type.toUpperCase()}]`);
      const blobs = listBlobsOfDocument(session.db, line.id);
      expect(blobs.filter((blob) => blob.kind !== "page").map((blob) => blob.kind).sort()).toEqual(["original", "thumbnail"]);
      expect(blobs.filter((blob) => blob.kind === "page").length).toBeGreaterThan(0);
      for (const blob of blobs) {
        const key = blob.keyWrap === "sensitive" ? openSealedBlobKey(sensitiveKey, blob.blobId, blob.wrappedKey) : unwrapBlobKeyFromVault(session.keys, session.vaultId, blob.blobId, blob.wrappedKey);
        const bytes = await readBlob(paths.blobs, blob.blobId, key);
        expectNone(bytes, items, `${line.file} ${blob.kind}`);
        if (blob.kind !== "original") continue;
        // Stored redacted: a PDF rebuilt from the pages, no attachment, the rest readable for the manager.
        expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
        const file = join(tempDir(), "original.pdf");
        writeFileSync(file, bytes);
        expect(execFileSync("qpdf", ["--list-attachments", file], { encoding: "utf8" })).toMatch(/no embedded files/i);
        const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
        expect(squeeze(text)).not.toContain(squeeze(entry.item.normalized));
        expect(squeeze(text)).toContain(squeeze(entry.number));
      }
    }
    const dekHex = session.keys.dek.expose().toString("hex");
    const audit = JSON.stringify(session.db.prepare("SELECT * FROM audit_log").all());
    session.lock();

    // The database decrypted with the DEK by an independent SQLCipher: every byte, FTS included.
    const plain = join(tempDir(), "plain.db");
    await exportPlaintextCopy(paths.database, dekHex, plain);
    const database = readFileSync(plain);
    for (const entry of documents) expect(database.includes(Buffer.from(entry.number)), "the scan sees real content").toBe(true);
    expectNone(database, items, "the decrypted database");
    // Raw files of the vault: encrypted database, WAL, blobs, keyslots.
    for (const name of readdirSync(dir, { recursive: true }).map(String)) {
      let raw: Buffer;
      try {
        raw = readFileSync(join(dir, name));
      } catch {
        continue;
      }
      expectNone(raw, items, name);
    }
    for (const text of [...outputs, audit]) expectNone(text, items, "the CLI output / audit trail");
  });
});
