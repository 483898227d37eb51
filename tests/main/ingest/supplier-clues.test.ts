/**
 * The import files a document under a known supplier from the seller's other clues (phone, email, web
 * domain, postcode) when its identifiers did not survive, through the real pipeline into a real vault;
 * and keeps no clue of a type the policy redacts, not even as a blind index.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../main/detect/policy.js";
import { importFile } from "../../../main/ingest/pipeline.js";
import { createOcrPool, type OcrPool } from "../../../main/ocr/pool.js";
import { listSuppliers } from "../../../main/vault/queries/suppliers.js";
import { PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { SUPPLIER } from "./sample-invoices.js";

const PARSE_WORKER = pathToFileURL(join(REPO_ROOT, "dist/main/parse/parse-worker.js"));

async function invoice(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((text, index) => page.drawText(text, { x: 50, y: 790 - index * 18, size: 11, font }));
  return doc.save({ useObjectStreams: false });
}

const FIRST = [
  "Menuiserie Dubois SARL",
  "6 route de Chartres, 28000 Chartres",
  "Tél. : 02 37 21 45 67",
  "contact@dubois-menuiserie.fr",
  `TVA intracommunautaire : ${SUPPLIER.vat}`,
  "FACTURE N° FA-2024-0101",
  "Date de facture : 15/03/2024",
  "Total HT 100,00 €",
  "TVA 20 % 20,00 €",
  "Total TTC 120,00 €",
];
// The same supplier as a bad copy shows it: the name mangled, no identifier left, its phone and email intact.
const SECOND = [
  "Mnuis. Dbs",
  "6 route de Chartres, 28000 Chartres",
  "Tél. : 02 37 21 45 67",
  "contact@dubois-menuiserie.fr",
  "FACTURE N° FA-2024-0102",
  "Date de facture : 16/04/2024",
  "Total HT 50,00 €",
  "TVA 20 % 10,00 €",
  "Total TTC 60,00 €",
];

describe("supplier recognised by its clues at import", () => {
  let ocr: OcrPool;
  beforeAll(() => {
    ocr = createOcrPool({ size: 1 });
  });
  afterAll(() => ocr.terminate());

  async function importBoth(policy: typeof DEFAULT_POLICY): Promise<{ suppliers: string[]; second: string | null | undefined; profiles: string }> {
    const { dir } = await makeVault();
    const inbox = tempDir();
    writeFileSync(join(inbox, "first.pdf"), await invoice(FIRST));
    writeFileSync(join(inbox, "second.pdf"), await invoice(SECOND));
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    try {
      const options = { ocr, parseWorkerFile: PARSE_WORKER, policy };
      const first = await importFile(clerk, join(inbox, "first.pdf"), options);
      expect(first).toMatchObject({ status: "imported", supplier: "Menuiserie Dubois SARL" });
      const second = await importFile(clerk, join(inbox, "second.pdf"), options);
      expect(second.status).toBe("imported");
      const rows = listSuppliers(clerk.db);
      return { suppliers: rows.map((row) => row.name), second: second.supplier, profiles: rows.map((row) => row.profile).join("\n") };
    } finally {
      clerk.lock();
    }
  }

  it("files a copy that lost its name and identifiers under the supplier its phone and email belong to", async () => {
    const { suppliers, second, profiles } = await importBoth(DEFAULT_POLICY);
    expect(second).toBe("Menuiserie Dubois SARL");
    expect(suppliers).toEqual(["Menuiserie Dubois SARL"]);
    for (const clear of ["0237214567", "237214567", "dubois-menuiserie", "28000"]) expect(profiles).not.toContain(clear);
  });

  it("keeps no clue of a type the policy redacts: the same copy is then a new supplier", async () => {
    const { suppliers, second } = await importBoth({ ...DEFAULT_POLICY, phone: "redact", email: "redact", address: "redact" });
    expect(second).not.toBe("Menuiserie Dubois SARL");
    expect(suppliers).toHaveLength(2);
  });
});
