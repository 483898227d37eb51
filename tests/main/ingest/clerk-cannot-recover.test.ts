import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSealedBlobKey, unwrapBlobKeyFromVault } from "../../../main/crypto/blob-keys.js";
import { unlockUserSlot } from "../../../main/crypto/keyslots.js";
import { openSealedBox } from "../../../main/crypto/sealed-box.js";
import { Password } from "../../../main/crypto/secret.js";
import { sealAad } from "../../../main/ingest/protect.js";
import { readBlob } from "../../../main/vault/blob-store.js";
import { readKeyslots } from "../../../main/vault/keyslot-store.js";
import { vaultPaths } from "../../../main/vault/layout.js";
import { listBlobsOfDocument, listSecretsOfDocument } from "../../../main/vault/queries/documents.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { exportPlaintextCopy } from "../../helpers/independent-sqlcipher.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { frenchInvoicePdf, SUPPLIER } from "./sample-invoices.js";

const FORMS = [SUPPLIER.iban, SUPPLIER.ibanPrinted, "3000 6000 0112 3456", "30006000011234567890"];

describe("a clerk imports an invoice with an IBAN and cannot recover it", () => {
  it("not through the CLI, the database (decrypted, FTS and WAL included), the stored files, the logs — and not with any key the clerk holds", async () => {
    const { dir } = await makeVault();
    const paths = vaultPaths(dir);
    const inbox = tempDir();
    writeFileSync(join(inbox, "dupont.pdf"), await frenchInvoicePdf());
    const env = { COFFRE_PASSWORD: PASSWORDS.clerk, COFFRE_OCR_WORKERS: "1" };
    const imported = await cli(["import", "--vault", dir, "--as", "claire", "--json", inbox], env);
    const id = (JSON.parse(imported.stdout) as { id: string }).id;
    const outputs = [imported.stdout, imported.stderr];

    // CLI: masked for the clerk, reveal refused.
    const shown = await cli(["show", "--vault", dir, "--as", "claire", id, "--json"], env);
    const reveal = await cli(["show", "--vault", dir, "--as", "claire", id, "--reveal", "--reason", "curious"], env);
    expect(reveal.code).toBe(1);
    expect(reveal.stderr).toBe("coffre: a clerk may not reveal sensitive values");
    const found = await cli(["search", "--vault", dir, "--as", "claire", "--iban", SUPPLIER.ibanPrinted, "--json"], env);
    expect((JSON.parse(found.stdout) as { id: string }).id).toBe(id); // exact search works, through the blind index
    outputs.push(shown.stdout, shown.stderr, reveal.stdout, found.stdout);

    // Crypto level: everything the clerk's password unwraps opens neither the sealed IBAN nor the original.
    const keyslots = readKeyslots(paths.keyslots);
    const slot = keyslots.slots.find((candidate) => candidate.name === "claire");
    if (!slot) throw new Error("no slot");
    const clerkKeys = await unlockUserSlot(keyslots.vaultId, slot, Password.fromString(PASSWORDS.clerk));
    const session = await unlock(dir, "claire", PASSWORDS.clerk);
    const iban = listSecretsOfDocument(session.db, id).find((secret) => secret.field === "iban");
    if (!iban?.sealed) throw new Error("no sealed IBAN");
    const clerkHeld = [clerkKeys.userPrivateKey, clerkKeys.vaultKeys.dek, clerkKeys.vaultKeys.indexKey, clerkKeys.vaultKeys.auditKey];
    for (const key of clerkHeld) expect(() => openSealedBox(key, iban.sealed ?? Buffer.alloc(0), sealAad(id, "iban"))).toThrow();
    const blobs = listBlobsOfDocument(session.db, id);
    const original = blobs.find((blob) => blob.kind === "original");
    if (!original) throw new Error("no original");
    expect(original.keyWrap).toBe("sensitive");
    expect(() => openSealedBlobKey(session.sensitivePrivateKey, original.blobId, original.wrappedKey)).toThrow(/reveal key/);
    for (const key of clerkHeld) expect(() => openSealedBox(key, original.wrappedKey, Buffer.from(`coffre/blob-key/v1\0${original.blobId}`))).toThrow();
    // The files the clerk can open (masked page image, thumbnail) do not hold it.
    for (const blob of blobs.filter((entry) => entry.keyWrap === "vault")) {
      const bytes = await readBlob(paths.blobs, blob.blobId, unwrapBlobKeyFromVault(session.keys, session.vaultId, blob.blobId, blob.wrappedKey));
      for (const form of FORMS) expect(bytes.includes(Buffer.from(form))).toBe(false);
    }
    const dekHex = session.keys.dek.expose().toString("hex");
    const audit = session.db.prepare("SELECT * FROM audit_log").all();
    session.lock();

    // Database: decrypted with the DEK by an independent SQLCipher, every byte scanned (tables, FTS, indexes).
    const plain = join(tempDir(), "plain.db");
    await exportPlaintextCopy(paths.database, dekHex, plain);
    const bytes = readFileSync(plain);
    expect(bytes.subarray(0, 15).toString("latin1")).toBe("SQLite format 3");
    expect(bytes.includes(Buffer.from("FA-2024-0042"))).toBe(true); // the scan sees real content...
    for (const form of FORMS) expect(bytes.includes(Buffer.from(form)), form).toBe(false); // ...but no IBAN
    expect(bytes.includes(Buffer.from(SUPPLIER.vat))).toBe(false);
    // Raw files of the vault (encrypted database, WAL, blobs, keyslots, audit head, lockout).
    for (const name of readdirSync(dir, { recursive: true }).map(String)) {
      let raw: Buffer;
      try {
        raw = readFileSync(join(dir, name));
      } catch {
        continue;
      }
      for (const form of FORMS) expect(raw.includes(Buffer.from(form)), `${form} in ${name}`).toBe(false);
    }
    // Logs: CLI output and the audit trail.
    for (const text of [...outputs, JSON.stringify(audit)]) for (const form of FORMS) expect(text).not.toContain(form);

    // A manager reveals it with a reason; the audit says who, when, which document, which field — never the value.
    const manager = await cli(["show", "--vault", dir, "--as", "marc", id, "--reveal", "--reason", "bank details check", "--json"], { COFFRE_PASSWORD: PASSWORDS.manager });
    expect((JSON.parse(manager.stdout) as { fields: { iban: string } }).fields.iban).toBe(SUPPLIER.iban);
    const trail = await cli(["audit", "list", "--vault", dir, "--as", "olga", "--action", "document.reveal", "--json"], { COFFRE_PASSWORD: PASSWORDS.auditor });
    const rows = trail.stdout.split("\n").map((line) => JSON.parse(line) as { userName: string; object: string; reason: string; time: string });
    expect(rows.find((row) => row.object === `document ${id} field iban`)).toMatchObject({ userName: "marc", reason: "bank details check", time: expect.any(String) });
    for (const form of FORMS) expect(trail.stdout).not.toContain(form);
  });
});
