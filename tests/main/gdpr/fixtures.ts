import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { frenchInvoicePdf } from "../ingest/sample-invoices.js";

export const CLERK = { COFFRE_PASSWORD: PASSWORDS.clerk, COFFRE_OCR_WORKERS: "1" };
export const MANAGER = { COFFRE_PASSWORD: PASSWORDS.manager };
export const ADMIN = { COFFRE_PASSWORD: PASSWORDS.admin };

/** Two bundled born-digital samples (Catalana, Pennine) and the Dupont invoice built by the ingest tests. */
export const CATALANA = { file: join(REPO_ROOT, "samples", "doc-7-0002.pdf"), number: "F230580", email: "contact@catalana-impresion.es", iban: "ES5621006464313628300611", vat: "ESB84056084" };
export const PENNINE = { file: join(REPO_ROOT, "samples", "doc-7-0013.pdf"), number: "INV-004040" };

export interface Imported {
  dupont: string;
  catalana: string;
  pennine: string;
}

/** Imports the three invoices as the clerk (CLI, real pipeline) and returns their ids. */
export async function importThree(dir: string): Promise<Imported> {
  const inbox = tempDir();
  const dupontFile = join(inbox, "dupont.pdf");
  writeFileSync(dupontFile, await frenchInvoicePdf());
  const result = await cli(["import", "--vault", dir, "--as", "claire", "--json", dupontFile, CATALANA.file, PENNINE.file], CLERK);
  if (result.code !== 0) throw new Error(`import failed: ${result.stderr}`);
  const lines = result.stdout.split("\n").map((line) => JSON.parse(line) as { id: string; file: string; status: string });
  const idOf = (file: string): string => {
    const line = lines.find((candidate) => candidate.file === file && candidate.status === "imported");
    if (!line) throw new Error(`${file} was not imported`);
    return line.id;
  };
  return { dupont: idOf("dupont.pdf"), catalana: idOf("doc-7-0002.pdf"), pennine: idOf("doc-7-0013.pdf") };
}
