import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifyAudit } from "../../../main/audit/audit-log.js";
import { HotFolder } from "../../../main/ingest/hot-folder.js";
import { importFile } from "../../../main/ingest/pipeline.js";
import { cleanOrphanBlobs } from "../../../main/ingest/store.js";
import { createOcrPool } from "../../../main/ocr/pool.js";
import { listStoredBlobs, readBlob } from "../../../main/vault/blob-store.js";
import { unwrapBlobKeyFromVault } from "../../../main/crypto/blob-keys.js";
import { checkDatabaseIntegrity } from "../../../main/vault/integrity.js";
import { countDocuments, listBlobsOfDocument } from "../../../main/vault/queries/documents.js";
import { searchDocuments } from "../../../main/vault/queries/search.js";
import { cli, PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { frenchInvoicePdf } from "./sample-invoices.js";
import { pathToFileURL } from "node:url";

interface Truth {
  documents: { id: string; files: Record<string, string>; docType: string; fields: Record<string, string | null>; supplier: { name: string } }[];
}

const SAMPLES = join(REPO_ROOT, "samples");
const truth = JSON.parse(readFileSync(join(SAMPLES, "truth.json"), "utf8")) as Truth;
const PARSE_WORKER = pathToFileURL(join(REPO_ROOT, "dist/main/parse/parse-worker.js"));
const CLERK = { COFFRE_PASSWORD: PASSWORDS.clerk, COFFRE_OCR_WORKERS: "1" };

describe("coffre import on the bundled samples", () => {
  it("prints the import --json contract of design.md, takes Factur-X fields exactly, and masks identifiers", async () => {
    const { dir } = await makeVault();
    const result = await cli(["import", "--vault", dir, "--as", "claire", "--json", SAMPLES], CLERK);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(truth.documents.length);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(["id", "file", "status", "docType", "supplier", "fields", "sensitive", "pages", "ocr", "source", "ms"]));
      expect(line.status).toBe("imported");
      const fields = line.fields as Record<string, string | null>;
      for (const date of [fields.issueDate, fields.dueDate]) if (date) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const amount of [fields.totalNet, fields.totalTax, fields.totalGross]) if (amount) expect(amount).toMatch(/^\d+\.\d{2}$/);
      if (fields.iban) expect(fields.iban).toMatch(/^[A-Z]{2}\d{2} \*{4} \*{4} [0-9A-Z]{4}$/);
      for (const entry of line.sensitive as { bbox: unknown; masked: string; action: string }[]) expect(entry.masked).not.toMatch(/\d{6,}/);
    }
    const facturx = truth.documents.find((doc) => doc.files.facturx);
    const line = lines.find((entry) => entry.file === facturx?.files.facturx);
    expect(line?.source).toBe("facturx");
    const fields = line?.fields as Record<string, string | null>;
    for (const name of ["invoiceNumber", "issueDate", "dueDate", "currency", "totalNet", "totalTax", "totalGross", "sellerName"]) {
      expect(fields[name], name).toBe(facturx?.fields[name]);
    }
    // the scans went through OCR
    expect(lines.filter((entry) => (entry.ocr as { used: boolean }).used).map((entry) => entry.file).sort()).toEqual(
      truth.documents.flatMap((doc) => Object.entries(doc.files).filter(([kind]) => kind.startsWith("scan")).map(([, file]) => file)).sort(),
    );
    // a second run finds every file already there
    const again = await cli(["import", "--vault", dir, "--as", "claire", "--json", SAMPLES], CLERK);
    expect(again.stdout.split("\n").map((text) => (JSON.parse(text) as { status: string }).status)).toEqual(lines.map(() => "duplicate"));
  });

  it("learns from a correction: the next invoice of that supplier's layout comes out right", async () => {
    const { dir } = await makeVault();
    const inbox = tempDir();
    const label = "Pièce comptable :";
    writeFileSync(join(inbox, "first.pdf"), await frenchInvoicePdf({ number: "PC-88-17", issueDate: "15/03/2024", gross: "1 234,56", numberLabel: label }));
    writeFileSync(join(inbox, "second.pdf"), await frenchInvoicePdf({ number: "PC-88-18", issueDate: "16/03/2024", gross: "1 234,56", numberLabel: label }));
    const first = JSON.parse((await cli(["import", "--vault", dir, "--as", "claire", "--json", join(inbox, "first.pdf")], CLERK)).stdout) as { id: string; fields: { invoiceNumber: string | null } };
    expect(first.fields.invoiceNumber).toBeNull();
    const corrected = await cli(["correct", "--vault", dir, "--as", "claire", first.id, "invoiceNumber=PC-88-17"], CLERK);
    expect(corrected.stdout).toBe("corrected invoiceNumber: PC-88-17");
    const badValue = await cli(["correct", "--vault", dir, "--as", "claire", first.id, "iban=FR7630006000011234567890188"], CLERK);
    expect(badValue.stderr).toBe("coffre: that IBAN fails its checksum");
    const second = JSON.parse((await cli(["import", "--vault", dir, "--as", "claire", "--json", join(inbox, "second.pdf")], CLERK)).stdout) as { fields: { invoiceNumber: string | null } };
    expect(second.fields.invoiceNumber).toBe("PC-88-18");
    const audit = await cli(["audit", "list", "--vault", dir, "--as", "olga", "--action", "document.correct", "--json"], { COFFRE_PASSWORD: PASSWORDS.auditor });
    expect(JSON.parse(audit.stdout)).toMatchObject({ userName: "claire", object: `document ${first.id} field invoiceNumber` });
    expect(audit.stdout).not.toContain("PC-88-17");
  });
});

describe("never a half-stored document", () => {
  it("a process killed mid-import leaves a vault that opens, with whole documents only; orphans are cleaned", async () => {
    const { dir } = await makeVault();
    const inbox = tempDir();
    for (let index = 0; index < 6; index += 1) {
      writeFileSync(join(inbox, `invoice-${index}.pdf`), await frenchInvoicePdf({ number: `FA-2024-01${index}`, issueDate: "15/03/2024", gross: "1 234,56" }));
    }
    const child = spawn(process.execPath, [join(REPO_ROOT, "bin/coffre.js"), "import", "--vault", dir, "--as", "claire", inbox], {
      env: { PATH: process.env.PATH ?? "", ...CLERK },
      stdio: "ignore",
    });
    const blobs = join(dir, "blobs");
    const started = Date.now();
    // Kill it as soon as the first encrypted files appear: in the middle of storing a document.
    while (listStoredBlobs(blobs).blobIds.length + listStoredBlobs(blobs).temporaries.length === 0 && Date.now() - started < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));

    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    expect(checkDatabaseIntegrity(clerk.db, clerk.keys.dek).ok).toBe(true);
    expect(verifyAudit(clerk.auditContext).ok).toBe(true);
    const documents = searchDocuments(clerk.db, { limit: 100 });
    expect(documents.length).toBeLessThan(6);
    for (const document of documents) {
      const files = listBlobsOfDocument(clerk.db, document.id);
      expect(files.map((file) => file.kind).sort()).toEqual(["original", "page", "thumbnail"]);
      const page = files.find((file) => file.kind === "page");
      if (!page) throw new Error("no page");
      const image = await readBlob(blobs, page.blobId, unwrapBlobKeyFromVault(clerk.keys, clerk.vaultId, page.blobId, page.wrappedKey));
      expect(image.subarray(1, 4).toString()).toBe("PNG");
    }
    cleanOrphanBlobs(clerk, 0);
    const referenced = documents.flatMap((document) => listBlobsOfDocument(clerk.db, document.id).map((file) => file.blobId)).sort();
    expect(listStoredBlobs(blobs).blobIds.sort()).toEqual(referenced);
    expect(listStoredBlobs(blobs).temporaries).toEqual([]);
    expect(countDocuments(clerk.db)).toBe(documents.length);
    clerk.lock();
  });
});

describe("hot folder", () => {
  it("imports a file once it stops changing, moves it to done/, and quarantines a bad one with its reason", async () => {
    const { dir } = await makeVault();
    const folder = tempDir();
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const ocr = createOcrPool({ size: 1 });
    const events: string[] = [];
    const hot = new HotFolder({
      folder,
      importFile: async (path) => {
        const result = await importFile(clerk, path, { ocr, parseWorkerFile: PARSE_WORKER });
        return { status: result.status, ...(result.reason ? { reason: result.reason } : {}) };
      },
      onEvent: (event) => events.push(`${event.file}:${event.result.status}`),
    });
    try {
      const pdf = Buffer.from(await frenchInvoicePdf());
      writeFileSync(join(folder, "scanner.pdf"), pdf.subarray(0, 1000)); // the scanner is still writing
      writeFileSync(join(folder, "empty.pdf"), "");
      expect(await hot.scanOnce()).toBe(0);
      writeFileSync(join(folder, "scanner.pdf"), pdf); // finished
      expect(await hot.scanOnce()).toBe(1); // only empty.pdf has stopped changing
      expect(await hot.scanOnce()).toBe(1);
      expect(events.sort()).toEqual(["empty.pdf:quarantined", "scanner.pdf:imported"]);
      expect(readdirSync(join(folder, "done"))).toEqual(["scanner.pdf"]);
      expect(readdirSync(join(folder, "quarantine")).sort()).toEqual(["empty.pdf", "empty.pdf.reason.txt"]);
      expect(readFileSync(join(folder, "quarantine", "empty.pdf.reason.txt"), "utf8")).toBe("the file is empty\n");
      expect(existsSync(join(folder, "scanner.pdf"))).toBe(false);
      expect(countDocuments(clerk.db)).toBe(1);
    } finally {
      hot.stop();
      await ocr.terminate();
      clerk.lock();
    }
  });
});
