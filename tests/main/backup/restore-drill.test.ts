import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAudit } from "../../../main/audit/audit-log.js";
import type { VaultSession } from "../../../main/auth/session.js";
import { search } from "../../../main/documents/search.js";
import { viewDocument } from "../../../main/documents/view.js";
import { importFiles } from "../../../main/ingest/pipeline.js";
import { createOcrPool, type OcrPool } from "../../../main/ocr/pool.js";
import { countDocuments, listBlobsOfDocument, listSecretsOfDocument } from "../../../main/vault/queries/documents.js";
import { cli, PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { ageIdentity } from "./fixtures.js";

const PARSE_WORKER = pathToFileURL(join(REPO_ROOT, "dist/main/parse/parse-worker.js"));
const BORN_DIGITAL = ["doc-7-0000.facturx.pdf", "doc-7-0002.pdf", "doc-7-0013.pdf", "doc-7-0033.pdf"].map((name) => join(REPO_ROOT, "samples", name));
const QUERIES = [{}, { text: "facture" }, { text: "total" }, { type: "invoice" as const }, { from: "2020-01-01", to: "2030-12-31" }, { min: "100" }];

/** Everything a manager sees of the archive, revealed values and stored renditions included. */
function archiveAsSeenBy(session: VaultSession): { count: number; documents: unknown[]; searches: string[][] } {
  const rows = search(session, { limit: 500 });
  const documents = [];
  for (const row of rows) {
    const view = viewDocument(session, row.id, { reveal: true, reason: "restore drill" });
    // The stored files (original, renditions, thumbnails), byte for byte as encrypted on disk.
    const files = listBlobsOfDocument(session.db, row.id).map((blob) => {
      const bytes = readFileSync(join(session.paths.blobs, blob.blobId.slice(0, 2), blob.blobId));
      return `${blob.kind}:${blob.page}:${createHash("sha256").update(bytes).digest("hex")}`;
    });
    documents.push({ view, secrets: listSecretsOfDocument(session.db, row.id), files });
  }
  return { count: countDocuments(session.db), documents, searches: QUERIES.map((query) => search(session, query).map((row) => row.id)) };
}

describe("restore drill: the bundled samples survive a backup and a restore", () => {
  let ocr: OcrPool;
  beforeAll(() => {
    ocr = createOcrPool({ size: 1 });
  });
  afterAll(async () => {
    await ocr.terminate();
  });

  it("every document, field, search result and the audit chain verify identically", async () => {
    const { dir } = await makeVault();
    const clerk = await unlock(dir, "claire", PASSWORDS.clerk);
    const imported = await importFiles(clerk, BORN_DIGITAL, { ocr, parseWorkerFile: PARSE_WORKER, concurrency: 1 });
    clerk.lock();
    expect(imported.filter((result) => result.status === "imported").length).toBeGreaterThanOrEqual(3);

    const before = await unlock(dir, "marc", PASSWORDS.manager);
    const original = archiveAsSeenBy(before);
    before.lock();
    expect(original.count).toBeGreaterThanOrEqual(3);
    expect(original.searches.filter((ids) => ids.length > 0).length).toBeGreaterThanOrEqual(3);

    const { file: identityFile, recipient } = await ageIdentity();
    const out = join(tempDir(), "drill.age");
    const admin = { COFFRE_PASSWORD: PASSWORDS.admin };
    expect((await cli(["backup", "--vault", dir, "--as", "alice", "--out", out, "--recipient", recipient], admin)).code).toBe(0);
    const target = join(tempDir(), "restored");
    const restore = await cli(["restore", out, "--vault", target, "--identity", identityFile, "--as", "alice"], admin);
    expect(restore.stderr).toBe("");

    const after = await unlock(target, "marc", PASSWORDS.manager);
    try {
      expect(archiveAsSeenBy(after)).toEqual(original);
    } finally {
      after.lock();
    }
    const auditor = await unlock(target, "olga", PASSWORDS.auditor);
    try {
      const report = verifyAudit(auditor.auditContext);
      expect(report).toMatchObject({ ok: true, firstBad: null });
    } finally {
      auditor.lock();
    }
  });
});
