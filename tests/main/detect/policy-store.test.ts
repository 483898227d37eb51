import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getSensitivePolicy, readSensitivePolicy, setSensitivePolicyAction } from "../../../main/detect/policy-store.js";
import { DEFAULT_POLICY } from "../../../main/detect/policy.js";
import { viewDocument } from "../../../main/documents/view.js";
import { listBlobsOfDocument, listPagesOfDocument, listSecretsOfDocument } from "../../../main/vault/queries/documents.js";
import { openSealedBlobKey } from "../../../main/crypto/blob-keys.js";
import { readBlob } from "../../../main/vault/blob-store.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { frenchInvoicePdf, SUPPLIER } from "../ingest/sample-invoices.js";

const ADMIN = { COFFRE_PASSWORD: PASSWORDS.admin };

describe("sensitive-data policy per type", () => {
  it("starts at design.md's defaults; the admin changes it, audited with the old and new action only", async () => {
    const { dir } = await makeVault();
    const admin = await unlock(dir, "alice", PASSWORDS.admin);
    expect(readSensitivePolicy(admin.db)).toEqual(DEFAULT_POLICY);
    expect(getSensitivePolicy(admin).find((entry) => entry.type === "card")).toEqual({ type: "card", action: "redact", defaultAction: "redact", changedBy: null, changedAt: null });
    const result = setSensitivePolicyAction(admin, "phone", "redact");
    expect(result).toMatchObject({ ok: true, changed: true, entry: { type: "phone", action: "redact", defaultAction: "encrypt", changedBy: "alice" } });
    expect(setSensitivePolicyAction(admin, "phone", "redact")).toMatchObject({ ok: true, changed: false });
    expect(setSensitivePolicyAction(admin, "shoe-size", "keep")).toMatchObject({ ok: false, error: "UNKNOWN_TYPE" });
    expect(setSensitivePolicyAction(admin, "email", "shred")).toMatchObject({ ok: false, error: "UNKNOWN_ACTION" });
    expect(readSensitivePolicy(admin.db)).toEqual({ ...DEFAULT_POLICY, phone: "redact" });
    const rows = admin.db.prepare("SELECT action, result, object, reason FROM audit_log WHERE action = 'policy.change'").all();
    expect(rows).toEqual([{ action: "policy.change", result: "ok", object: "sensitive-policy phone", reason: "encrypt -> redact" }]);
    admin.lock();
  });

  it("is refused, and the refusal audited, for every other role — through the service and the CLI", async () => {
    const { dir } = await makeVault();
    for (const [name, password] of [["marc", PASSWORDS.manager], ["claire", PASSWORDS.clerk], ["olga", PASSWORDS.auditor]] as const) {
      const session = await unlock(dir, name, password);
      expect(() => setSensitivePolicyAction(session, "card", "keep")).toThrow(/may not change the policy/);
      expect(() => getSensitivePolicy(session)).toThrow(/may not change the policy/);
      session.lock();
      const refused = await cli(["policy", "sensitive", "--set", "card=keep", "--vault", dir, "--as", name], { COFFRE_PASSWORD: password });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^coffre: an? (manager|clerk|auditor) may not change the policy$/);
    }
    const admin = await unlock(dir, "alice", PASSWORDS.admin);
    expect(readSensitivePolicy(admin.db).card).toBe("redact");
    const denied = admin.db.prepare("SELECT u.name AS name FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.action = 'permission.denied' AND a.object = 'policy.manage'").all() as { name: string }[];
    expect(new Set(denied.map((row) => row.name))).toEqual(new Set(["marc", "claire", "olga"]));
    admin.lock();
  });

  it("coffre policy sensitive shows and sets it; bad input is a one-line error that changes nothing", async () => {
    const { dir } = await makeVault();
    const shown = await cli(["policy", "sensitive", "--vault", dir, "--as", "alice", "--json"], ADMIN);
    expect(shown.code).toBe(0);
    const entries = shown.stdout.split("\n").map((line) => JSON.parse(line) as { type: string; action: string });
    expect(Object.fromEntries(entries.map((entry) => [entry.type, entry.action]))).toEqual(DEFAULT_POLICY);
    const set = await cli(["policy", "sensitive", "--set", "iban=redact", "--set", "address=keep", "--vault", dir, "--as", "alice"], ADMIN);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^iban\s+redact\s+encrypt\s+\S+ by alice$/m);
    expect(set.stdout).toMatch(/^address\s+keep\s+encrypt\s+\S+ by alice$/m);
    for (const bad of [["--set", "iban"], ["--set", "iban=shred"], ["--set", "blood=keep"]]) {
      const refused = await cli(["policy", "sensitive", ...bad, "--vault", dir, "--as", "alice"], ADMIN);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr.split("\n")).toHaveLength(1);
    }
    const admin = await unlock(dir, "alice", PASSWORDS.admin);
    expect(readSensitivePolicy(admin.db)).toEqual({ ...DEFAULT_POLICY, iban: "redact", address: "keep" });
    admin.lock();
  });

  it("an import after a change follows it: IBAN redacted (nothing sealed, original stored redacted), addresses kept", async () => {
    const { dir } = await makeVault();
    const admin = await unlock(dir, "alice", PASSWORDS.admin);
    expect(setSensitivePolicyAction(admin, "iban", "redact").ok).toBe(true);
    expect(setSensitivePolicyAction(admin, "address", "keep").ok).toBe(true);
    admin.lock();
    const inbox = tempDir();
    writeFileSync(join(inbox, "dupont.pdf"), await frenchInvoicePdf());
    const imported = await cli(["import", "--vault", dir, "--as", "claire", "--json", inbox], { COFFRE_PASSWORD: PASSWORDS.clerk, COFFRE_OCR_WORKERS: "1" });
    const line = JSON.parse(imported.stdout) as { id: string; sensitive: { type: string; action: string }[] };
    expect(line.sensitive.map((entry) => `${entry.type}:${entry.action}`).sort()).toEqual(["bic:encrypt", "iban:redact", "siret:encrypt", "vat:encrypt"]);
    const manager = await unlock(dir, "marc", PASSWORDS.manager);
    const iban = listSecretsOfDocument(manager.db, line.id).find((secret) => secret.type === "iban");
    expect(iban).toMatchObject({ action: "redact", sealed: null, blindIndex: null, masked: "****" });
    const view = viewDocument(manager, line.id, { reveal: true, reason: "policy check" });
    expect(view.fields.iban).toBe("****");
    expect(view.fields.bic).toBe(SUPPLIER.bic); // still sealed and revealable
    const words = listPagesOfDocument(manager.db, line.id).map((page) => page.words).join(" ");
    expect(words).toContain("Lilas"); // the address kept in clear
    expect(words).toContain("[IBAN]");
    const original = listBlobsOfDocument(manager.db, line.id).find((blob) => blob.kind === "original");
    if (!original || !manager.sensitivePrivateKey) throw new Error("no original or no reveal key");
    const bytes = await readBlob(manager.paths.blobs, original.blobId, openSealedBlobKey(manager.sensitivePrivateKey, original.blobId, original.wrappedKey));
    const file = join(tempDir(), "original.pdf");
    writeFileSync(file, bytes);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(text).toContain("FA-2024-0042");
    expect(text).toContain(SUPPLIER.bic); // encrypt-class values stay in the manager's original
    expect(text).not.toContain(SUPPLIER.iban);
    expect(manager.db.prepare("SELECT count(*) AS n FROM suppliers WHERE iban_index IS NOT NULL").get()).toEqual({ n: 0 });
    manager.lock();
    // Documents stored before a change keep the protection they were stored with; new ones follow it.
    const admin2 = await unlock(dir, "alice", PASSWORDS.admin);
    expect(setSensitivePolicyAction(admin2, "iban", "encrypt")).toMatchObject({ ok: true, changed: true });
    admin2.lock();
    writeFileSync(join(inbox, "dupont.pdf"), await frenchInvoicePdf({ number: "FA-2024-0077", issueDate: "16/03/2024", gross: "1 234,56" }));
    const again = JSON.parse((await cli(["import", "--vault", dir, "--as", "claire", "--json", inbox], { COFFRE_PASSWORD: PASSWORDS.clerk, COFFRE_OCR_WORKERS: "1" })).stdout) as typeof line;
    expect(again.sensitive.find((entry) => entry.type === "iban")?.action).toBe("encrypt");
  });
});
