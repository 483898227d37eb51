import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findDocumentById } from "../../../main/vault/queries/documents.js";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { exportPlaintextCopy } from "../../helpers/independent-sqlcipher.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { SUPPLIER } from "../ingest/sample-invoices.js";
import { CLERK, importThree, MANAGER } from "./fixtures.js";

const AUDITOR = { COFFRE_PASSWORD: PASSWORDS.auditor };
/** The Pennine sample's contact details, as printed on it and as a person would type them. */
const PENNINE = { email: "compta@pennine-software.co.uk", emailTyped: "Compta@Pennine-Software.co.uk", phoneTyped: "+44 7706 073120", vat: "GB166927328", number: "INV-004040" };

interface Match {
  id: string;
  docType: string;
  matchedBy: string[];
  legalHold: boolean;
}
const matches = (stdout: string): Match[] => (stdout === "" ? [] : stdout.split("\n").map((line) => JSON.parse(line) as Match));

describe("GDPR data subject: find, export and erase through the blind index", () => {
  it("finds a person's documents by email, phone, IBAN or VAT, exports them revealed (audited), then erases them", async () => {
    const { dir } = await makeVault();
    const ids = await importThree(dir);
    const find = (...args: string[]) => cli(["subject", "find", "--vault", dir, "--as", "marc", "--json", ...args], MANAGER);

    expect(matches((await find("--email", PENNINE.emailTyped)).stdout)).toEqual([{ id: ids.pennine, docType: "invoice", issueDate: "2023-08-06", supplier: expect.any(String), matchedBy: ["email"], legalHold: false }]);
    expect(matches((await find("--phone", PENNINE.phoneTyped)).stdout).map((match) => [match.id, match.matchedBy])).toEqual([[ids.pennine, ["phone"]]]);
    expect(matches((await find("--iban", SUPPLIER.ibanPrinted)).stdout).map((match) => [match.id, match.matchedBy])).toEqual([[ids.dupont, ["iban", "supplier-iban"]]]);
    expect(matches((await find("--vat", PENNINE.vat, "--email", PENNINE.email)).stdout).map((match) => [match.id, match.matchedBy])).toEqual([
      [ids.pennine, ["email", "supplier-vat", "vat"]],
    ]);
    expect((await find("--email", "nobody@example.org")).stdout).toBe("");
    expect((await cli(["subject", "find", "--vault", dir, "--as", "claire", "--json", "--email", PENNINE.email], CLERK)).stdout).not.toBe(""); // her own import
    expect((await cli(["subject", "find", "--vault", dir, "--as", "olga", "--email", PENNINE.email], AUDITOR)).stderr).toBe("coffre: an auditor may not read documents");
    expect((await find("--phone", "12")).stderr).toMatch(/--phone is not a valid phone number/);
    expect((await cli(["subject", "find", "--vault", dir, "--as", "marc"], MANAGER)).code).toBe(2);

    // Export (manager, reason): one JSON file with every matching document, values revealed.
    const out = join(tempDir(), "subject.json");
    const refused = await cli(["subject", "export", "--vault", dir, "--as", "claire", "--email", PENNINE.email, "--reason", "access request", "--out", out], CLERK);
    expect(refused.stderr).toBe("coffre: a clerk may not reveal sensitive values");
    const exported = await cli(["subject", "export", "--vault", dir, "--as", "marc", "--email", PENNINE.email, "--reason", "access request of May", "--out", out], MANAGER);
    expect(exported.code, exported.stderr).toBe(0);
    const file = JSON.parse(readFileSync(out, "utf8")) as { format: string; searchedBy: string[]; documents: { id: string; revealed: boolean; sensitive: { type: string; value?: string }[] }[] };
    expect(file).toMatchObject({ format: "coffre-subject-export", searchedBy: ["email"] });
    expect(file.documents.map((document) => [document.id, document.revealed])).toEqual([[ids.pennine, true]]);
    expect(file.documents[0]?.sensitive.find((secret) => secret.type === "email")?.value).toBe(PENNINE.email);
    expect((await cli(["subject", "export", "--vault", dir, "--as", "marc", "--email", PENNINE.email, "--reason", "again", "--out", out], MANAGER)).stderr).toBe(
      "coffre: --out already exists; choose a new file name",
    );

    // The audit says who searched, revealed and exported, and by which kind of identifier — never the values.
    const trail = await cli(["audit", "list", "--vault", dir, "--as", "olga", "--json"], AUDITOR);
    const rows = trail.stdout.split("\n").map((line) => JSON.parse(line) as { action: string; userName: string; object: string | null; reason: string | null });
    expect(rows.filter((row) => row.action === "subject.find" && row.userName === "marc").length).toBe(5);
    expect(rows.find((row) => row.action === "subject.export")).toMatchObject({ userName: "marc", reason: "1 document(s) revealed; searched by email; access request of May" });
    expect(rows.filter((row) => row.action === "document.reveal" && row.object?.startsWith(`document ${ids.pennine} `)).length).toBeGreaterThanOrEqual(3);
    for (const value of [PENNINE.email, PENNINE.emailTyped, PENNINE.phoneTyped, "+447706073120", PENNINE.vat, SUPPLIER.iban, SUPPLIER.ibanPrinted]) {
      expect(trail.stdout).not.toContain(value);
    }

    // Erase: a held document is kept (and said so), the others go; afterwards nothing is found.
    expect((await cli(["hold", ids.dupont, "--on", "--reason", "litigation", "--vault", dir, "--as", "marc"], MANAGER)).code).toBe(0);
    const heldErase = await cli(["subject", "erase", "--vault", dir, "--as", "marc", "--iban", SUPPLIER.iban, "--reason", "erasure request", "--json"], MANAGER);
    expect(heldErase.code).toBe(1);
    expect(JSON.parse(heldErase.stdout)).toMatchObject({ erased: [], held: [ids.dupont] });
    expect((await cli(["subject", "erase", "--vault", dir, "--as", "claire", "--email", PENNINE.email, "--reason", "erasure request"], CLERK)).stderr).toBe(
      "coffre: a clerk may not erase documents",
    );
    const erased = await cli(["subject", "erase", "--vault", dir, "--as", "marc", "--email", PENNINE.email, "--reason", "erasure request", "--json"], MANAGER);
    expect(erased.code, erased.stderr).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ erased: [ids.pennine], held: [], walTruncated: true });
    expect((await find("--email", PENNINE.email)).stdout).toBe("");
    expect((await find("--vat", PENNINE.vat)).stdout).toBe("");

    const session = await unlock(dir, "marc", PASSWORDS.manager);
    const dekHex = session.keys.dek.expose().toString("hex");
    expect(findDocumentById(session.db, ids.pennine)).toBeUndefined();
    expect(findDocumentById(session.db, ids.dupont)).toBeDefined();
    session.lock();
    const plain = join(tempDir(), "plain.db");
    await exportPlaintextCopy(join(dir, "coffre.db"), dekHex, plain);
    const bytes = readFileSync(plain);
    for (const text of [PENNINE.number, "Pennine", "pennine", "Deansgate"]) expect(bytes.includes(Buffer.from(text)), text).toBe(false);
  });
});
