import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VaultSession } from "../../../main/auth/session.js";
import { deleteDocumentForErasure } from "../../../main/vault/queries/erasure.js";
import { insertDocumentBundle } from "../../../main/vault/queries/documents.js";
import { listDocuments, type ListFilter, type ListPlan } from "../../../main/vault/queries/search.js";
import { insertSupplier } from "../../../main/vault/queries/suppliers.js";
import { Rng } from "../../fixtures/generator/prng.js";
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

  interface Added {
    id: string;
    text: string;
    issueDate: string | null;
    cents: number | null;
    seller: string | null;
    supplierId: string | null;
    supplierName: string | null;
    docType: "invoice" | "credit-note";
    warnings: boolean;
  }
  const added: Added[] = [];

  function add(text: string, issueDate: string | null, extra: Partial<Omit<Added, "id" | "text" | "issueDate">> = {}): string {
    const id = randomUUID();
    texts.set(id, text);
    const row: Added = { id, text, issueDate, cents: 1000, seller: null, supplierId: null, supplierName: null, docType: "invoice", warnings: false, ...extra };
    added.push(row);
    insertDocumentBundle(session.db, {
      document: {
        id,
        ownerId,
        fileName: `${id}.pdf`,
        contentMac: randomUUID(),
        mediaType: "application/pdf",
        byteSize: 1000,
        pageCount: 1,
        docType: row.docType,
        supplierId: row.supplierId,
        source: "text",
        ocrConfidence: null,
        invoiceNumber: null,
        issueDate,
        dueDate: null,
        currency: "EUR",
        totalNet: null,
        totalTax: null,
        totalGross: row.cents === null ? null : (row.cents / 100).toFixed(2),
        sellerName: row.seller,
        warnings: row.warnings ? [{ field: "totals", code: "arithmetic", message: "totals do not add up" }] : [],
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
    added.splice(added.findIndex((row) => row.id === id), 1);
    deleteDocumentForErasure(session.db, { documentId: id, contentMac: "m", docType: "invoice", erasedAt: "2024-06-02T00:00:00.000Z", erasedBy: null, cause: "request" });
    texts.delete(id);
  }

  /** Every page of the list for `text` under one plan, as ids. */
  function pages(text: string, plan: NonNullable<ListFilter["ftsPlan"]>): string[] {
    return pagesOf({ text, sort: { by: "date", dir: "desc" }, ftsPlan: plan });
  }

  function pagesOf(filter: Omit<ListFilter, "limit" | "after">, limit = 4): string[] {
    const ids: string[] = [];
    let after: ListFilter["after"];
    for (let guard = 0; guard < 200; guard += 1) {
      const page = listDocuments(session.db, { ...filter, limit, ...(after ? { after } : {}) });
      ids.push(...page.map((row) => row.id));
      const last = page.at(-1);
      if (page.length < limit || !last) return ids;
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

  it("gives the same pages in the same order whichever plan runs: walk, or start from the text, amount or date", () => {
    const suppliers = ["Dupont SARL", "Martin SAS", "Zebra Transport"].map((name) => {
      const id = randomUUID();
      insertSupplier(session.db, { id, name, nameKey: name.toLowerCase(), vatIndex: null, siretIndex: null, ibanIndex: null, profile: "{}", createdAt: "2024-01-01T00:00:00.000Z" });
      return { id, name };
    });
    const rng = new Rng(11);
    const words = ["papier", "transport", "licence", "serveur"];
    for (let index = 0; index < 160; index += 1) {
      const supplier = rng.chance(0.8) ? suppliers[rng.int(0, suppliers.length - 1)] : undefined;
      // The printed seller name is sometimes not the supplier's (or there is no supplier at all).
      const seller = supplier && rng.chance(0.85) ? supplier.name : rng.chance(0.5) ? "atelier Martin" : null;
      add(`facture ${words[rng.int(0, words.length - 1)] ?? ""} ${words[rng.int(0, words.length - 1)] ?? ""}`, rng.chance(0.1) ? null : `2024-0${rng.int(1, 4)}-1${rng.int(0, 3)}`, {
        cents: rng.chance(0.05) ? null : rng.int(1, 30) * 1000,
        seller,
        supplierId: supplier?.id ?? null,
        supplierName: supplier?.name ?? null,
        docType: rng.chance(0.2) ? "credit-note" : "invoice",
        warnings: rng.chance(0.3),
      });
    }
    const cases: [Omit<ListFilter, "limit" | "after" | "sort">, (row: Added) => boolean][] = [
      [{ minCents: 5000, maxCents: 12000 }, (row) => row.cents !== null && row.cents >= 5000 && row.cents <= 12000],
      [{ from: "2024-02-01", to: "2024-03-12" }, (row) => row.issueDate !== null && row.issueDate >= "2024-02-01" && row.issueDate <= "2024-03-12"],
      [{ text: "papier", minCents: 10000 }, (row) => row.text.includes("papier") && row.cents !== null && row.cents >= 10000],
      [
        { text: "transport", supplier: "martin", maxCents: 20000, from: "2024-01-01" },
        (row) =>
          row.text.includes("transport") &&
          [row.supplierName, row.seller].some((name) => (name ?? "").toLowerCase().includes("martin")) &&
          row.cents !== null &&
          row.cents <= 20000 &&
          row.issueDate !== null &&
          row.issueDate >= "2024-01-01",
      ],
      [{ docType: "credit-note", to: "2024-02-13", hasWarnings: true }, (row) => row.docType === "credit-note" && row.issueDate !== null && row.issueDate <= "2024-02-13" && row.warnings],
      [{ text: "serv", docType: "invoice", hasWarnings: false, minCents: 3000, maxCents: 25000 }, (row) => row.text.includes("serveur") && row.docType === "invoice" && !row.warnings && row.cents !== null && row.cents >= 3000 && row.cents <= 25000],
    ];
    for (const [filter, keep] of cases) {
      const plans: ListPlan[] = ["walk"];
      if (filter.text) plans.push("fts");
      if (filter.minCents !== undefined || filter.maxCents !== undefined) plans.push("amount");
      if (filter.from !== undefined || filter.to !== undefined) plans.push("date");
      for (const sort of [{ by: "date", dir: "desc" }, { by: "amount", dir: "asc" }, { by: "supplier", dir: "desc" }, { by: "imported", dir: "asc" }] as const) {
        const want = added.filter(keep).map((row) => row.id);
        const chosen = pagesOf({ ...filter, sort }, 7);
        expect([...chosen].sort(), `${JSON.stringify(filter)} ${sort.by}`).toEqual([...want].sort());
        expect(chosen.length, JSON.stringify(filter)).toBeGreaterThan(0);
        for (const plan of plans) expect(pagesOf({ ...filter, sort, plan }, 7), `${JSON.stringify(filter)} ${sort.by} ${plan}`).toEqual(chosen);
      }
    }
  });
});
