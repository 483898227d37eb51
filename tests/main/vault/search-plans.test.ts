import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VaultSession } from "../../../main/auth/session.js";
import { deleteDocumentForErasure } from "../../../main/vault/queries/erasure.js";
import { insertDocumentBundle } from "../../../main/vault/queries/documents.js";
import { listDocuments, type ListFilter } from "../../../main/vault/queries/search.js";
import { findUserByName } from "../../../main/vault/queries/users.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { makeVault, unlock } from "../../helpers/vault.js";

/**
 * The full-text plans of the archive list (walk the sort index and probe the matches, or start from the
 * matches) after the map from full-text rows to documents has gone stale: erased documents, a full-text
 * row id given again to a newer document. Both plans must give exactly the documents whose text matches.
 */
describe("archive list full text: both plans agree after erasures", () => {
  let session: VaultSession;
  let ownerId = "";
  const texts = new Map<string, string>();

  function add(text: string, issueDate: string): string {
    const id = randomUUID();
    texts.set(id, text);
    insertDocumentBundle(session.db, {
      document: {
        id,
        ownerId,
        fileName: `${id}.pdf`,
        contentMac: randomUUID(),
        mediaType: "application/pdf",
        byteSize: 1000,
        pageCount: 1,
        docType: "invoice",
        supplierId: null,
        source: "text",
        ocrConfidence: null,
        invoiceNumber: null,
        issueDate,
        dueDate: null,
        currency: "EUR",
        totalNet: null,
        totalTax: null,
        totalGross: "10.00",
        sellerName: null,
        warnings: [],
        duplicateOf: null,
        legalHold: false,
        importedAt: "2024-06-01T00:00:00.000Z",
      },
      secrets: [],
      pages: [],
      blobs: [],
      searchText: text,
    });
    return id;
  }

  function erase(id: string): void {
    deleteDocumentForErasure(session.db, { documentId: id, contentMac: "m", docType: "invoice", erasedAt: "2024-06-02T00:00:00.000Z", erasedBy: null, cause: "request" });
    texts.delete(id);
  }

  /** Every page of the list for `text` under one plan, as ids. */
  function pages(text: string, plan: NonNullable<ListFilter["ftsPlan"]>): string[] {
    const ids: string[] = [];
    let after: ListFilter["after"];
    for (let guard = 0; guard < 50; guard += 1) {
      const page = listDocuments(session.db, { text, sort: { by: "date", dir: "desc" }, limit: 4, ftsPlan: plan, ...(after ? { after } : {}) });
      ids.push(...page.map((row) => row.id));
      const last = page.at(-1);
      if (page.length < 4 || !last) return ids;
      after = { key: last.sortKey, id: last.id };
    }
    throw new Error("paging did not end");
  }

  function expectBothPlans(word: string): void {
    const want = [...texts.entries()]
      .filter(([, text]) => text.split(" ").some((token) => token.startsWith(word)))
      .map(([id]) => id);
    for (const plan of ["probe", "drive"] as const) {
      const got = pages(word, plan);
      expect(new Set(got).size, `${word} ${plan}: no duplicates`).toBe(got.length);
      expect([...got].sort(), `${word} ${plan}`).toEqual([...want].sort());
    }
    expect(pages(word, "probe"), word).toEqual(pages(word, "drive"));
  }

  beforeAll(async () => {
    const { dir } = await makeVault();
    session = await unlock(dir, "marc", PASSWORDS.manager);
    ownerId = findUserByName(session.db, "marc")?.id ?? "";
  });

  afterAll(() => session?.lock());

  it("gives the matching documents, once each, whatever was erased or added between searches", () => {
    const first = Array.from({ length: 9 }, (_, index) => add(index % 3 === 0 ? "facture papier" : "facture transport", `2024-01-${String(10 + index)}`));
    expectBothPlans("papier");
    expectBothPlans("transport");
    // The newest document is erased and its full-text row id is given to the next import.
    erase(first[8] ?? "");
    const reused = add("facture papier bureau", "2024-02-01");
    expectBothPlans("papier");
    expectBothPlans("bureau");
    // An older one is erased: its map entry stays behind; a document is added without a search between.
    erase(first[0] ?? "");
    erase(reused);
    add("facture transport bureau", "2024-02-02");
    add("facture papier", "2024-02-03");
    for (const word of ["papier", "transport", "bureau", "factu"]) expectBothPlans(word);
    expect(pages("papier", "probe").length).toBeGreaterThan(0);
  });
});
