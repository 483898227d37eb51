import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VaultSession } from "../../../main/auth/session.js";
import { listArchive } from "../../../main/documents/search.js";
import { findAuditRows, lastAuditRow } from "../../../main/vault/queries/audit.js";
import { insertDocumentBundle, type DocumentBundle } from "../../../main/vault/queries/documents.js";
import { listDocuments } from "../../../main/vault/queries/search.js";
import { insertSupplier } from "../../../main/vault/queries/suppliers.js";
import { findUserByName } from "../../../main/vault/queries/users.js";
import type { SearchQuery } from "../../../shared/ipc/contract.js";
import { Rng } from "../../fixtures/generator/prng.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { appWindow, login, makeRouter, ok, refused } from "./helpers.js";

/**
 * The archive list's search service: every sort order paged with a keyset cursor visits each document
 * exactly once, in the order a plain sort of the same rows gives; filters agree with the same filters
 * applied in JavaScript; a clerk sees only their own imports; cursors cannot be forged across sorts.
 */
interface Row {
  id: string;
  owner: string;
  seller: string | null;
  issue: string | null;
  imported: string;
  cents: number | null;
  warnings: boolean;
  text: string;
}

const SELLERS = ["Dupont SARL", "Martin SAS", "atelier Bernard", "Zebra Transport", "dupont et fils", null];
const WORDS = ["maintenance", "transport", "licence", "papier", "serveur"];
const COUNT = 230;

describe("archive list: sort, keyset pages, filters", () => {
  let manager: VaultSession;
  let dir = "";
  let clerkId = "";
  const rows: Row[] = [];

  beforeAll(async () => {
    ({ dir } = await makeVault({ lifetime: "file" }));
    manager = await unlock(dir, "marc", PASSWORDS.manager);
    const marc = findUserByName(manager.db, "marc");
    const claire = findUserByName(manager.db, "claire");
    if (!marc || !claire) throw new Error("users missing");
    clerkId = claire.id;
    const supplierIds = new Map<string, string>();
    for (const name of SELLERS) {
      if (!name) continue;
      const id = randomUUID();
      supplierIds.set(name, id);
      insertSupplier(manager.db, { id, name, nameKey: name.toLowerCase(), vatIndex: null, siretIndex: null, ibanIndex: null, profile: "{}", createdAt: "2024-01-01T00:00:00.000Z" });
    }
    const rng = new Rng(7);
    for (let index = 0; index < COUNT; index += 1) {
      const seller = SELLERS[rng.int(0, SELLERS.length - 1)] ?? null;
      // Many equal dates and amounts, so ties are broken by id across page boundaries.
      const issue = rng.chance(0.1) ? null : `2024-0${rng.int(1, 3)}-1${rng.int(0, 4)}`;
      const cents = rng.chance(0.05) ? null : rng.int(1, 40) * 2500;
      const row: Row = {
        id: randomUUID(),
        owner: index % 2 === 0 ? marc.id : claire.id,
        seller,
        issue,
        imported: `2024-04-0${rng.int(1, 9)}T10:00:00.000Z`,
        cents,
        warnings: rng.chance(0.2),
        text: `FACTURE ${WORDS[rng.int(0, WORDS.length - 1)]} ${seller ?? ""} numéro ${index}`,
      };
      rows.push(row);
      const bundle: DocumentBundle = {
        document: {
          id: row.id,
          ownerId: row.owner,
          fileName: `f${index}.pdf`,
          contentMac: randomUUID(),
          mediaType: "application/pdf",
          byteSize: 1000,
          pageCount: 1,
          docType: "invoice",
          supplierId: seller ? (supplierIds.get(seller) ?? null) : null,
          source: "text",
          ocrConfidence: null,
          invoiceNumber: `N-${index}`,
          issueDate: issue,
          dueDate: null,
          currency: "EUR",
          totalNet: null,
          totalTax: null,
          totalGross: cents === null ? null : (cents / 100).toFixed(2),
          sellerName: seller,
          warnings: row.warnings ? [{ field: "totals", code: "arithmetic", message: "totals do not add up" }] : [],
          duplicateOf: null,
          legalHold: false,
          importedAt: row.imported,
        },
        secrets: [],
        pages: [{ page: 1, width: 595, height: 842, source: "text", confidence: null, words: JSON.stringify(row.text.split(" ").map((text) => ({ text, bbox: [0, 0, 1, 1], confidence: 99 }))) }],
        blobs: [],
        searchText: row.text,
      };
      insertDocumentBundle(manager.db, bundle);
    }
  });

  afterAll(() => manager?.lock());

  const KEY = {
    date: (row: Row) => row.issue ?? row.imported.slice(0, 10),
    amount: (row: Row) => row.cents ?? -1e18,
    supplier: (row: Row) => (row.seller ?? "").toLowerCase(),
    imported: (row: Row) => row.imported,
  } as const;

  function expected(by: keyof typeof KEY, dir: "asc" | "desc", filter: (row: Row) => boolean = () => true): string[] {
    const sign = dir === "asc" ? 1 : -1;
    return rows
      .filter(filter)
      .sort((a, b) => {
        const ka = KEY[by](a);
        const kb = KEY[by](b);
        if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
        return (a.id < b.id ? -1 : 1) * sign;
      })
      .map((row) => row.id);
  }

  function pageAll(session: VaultSession, query: SearchQuery, limit = 17): string[] {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 100; guard += 1) {
      const page = listArchive(session, query, { ...(cursor ? { cursor } : {}), limit });
      ids.push(...page.items.map((item) => item.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error("paging did not end");
  }

  for (const by of ["date", "amount", "supplier", "imported"] as const) {
    for (const dir of ["asc", "desc"] as const) {
      it(`sort by ${by} ${dir}: every document once, in order, across pages`, () => {
        expect(pageAll(manager, { sort: { by, dir } })).toEqual(expected(by, dir));
      });
    }
  }

  it("filters agree with the same filters applied to the rows", () => {
    const cases: [SearchQuery, (row: Row) => boolean][] = [
      [{ supplier: "dupont" }, (row) => (row.seller ?? "").toLowerCase().includes("dupont")],
      [{ min: "100", max: "500,50" }, (row) => row.cents !== null && row.cents >= 10_000 && row.cents <= 50_050],
      [{ from: "2024-02-01", to: "2024-02-28" }, (row) => row.issue !== null && row.issue >= "2024-02-01" && row.issue <= "2024-02-28"],
      [{ warnings: true }, (row) => row.warnings],
      [{ warnings: false }, (row) => !row.warnings],
      [{ text: "transport" }, (row) => row.text.toLowerCase().includes("transport")],
      [{ text: "licen" }, (row) => row.text.includes("licence")],
      [{ text: "maintenance", supplier: "Martin", min: "200" }, (row) => row.text.includes("maintenance") && row.seller === "Martin SAS" && row.cents !== null && row.cents >= 20_000],
    ];
    for (const [query, filter] of cases) {
      const got = pageAll(manager, { ...query, sort: { by: "amount", dir: "desc" } }, 23);
      expect(got, JSON.stringify(query)).toEqual(expected("amount", "desc", filter));
      expect(got.length, JSON.stringify(query)).toBeGreaterThan(0);
    }
  });

  it("full text gives the same pages whether it starts from the matches or walks the sort index", () => {
    for (const text of ["transport", "licen", "numéro", "Zebra serveur", "absent"]) {
      for (const sort of [{ by: "date", dir: "desc" }, { by: "amount", dir: "asc" }, { by: "supplier", dir: "desc" }] as const) {
        const walk = (plan: "drive" | "probe") => {
          const ids: string[] = [];
          let after: { key: string | number; id: string } | undefined;
          for (;;) {
            const page = listDocuments(manager.db, { text, sort, limit: 14, ftsPlan: plan, ...(after ? { after } : {}) });
            ids.push(...page.slice(0, 13).map((row) => row.id));
            const last = page[12];
            if (page.length <= 13 || !last) return ids;
            after = { key: last.sortKey, id: last.id };
          }
        };
        const words = text.toLowerCase().split(" ");
        const want = expected(sort.by, sort.dir, (row) => words.every((word) => row.text.toLowerCase().split(/\s+/).some((token) => token.startsWith(word))));
        expect(walk("drive"), `${text} ${sort.by}`).toEqual(want);
        expect(walk("probe"), `${text} ${sort.by}`).toEqual(want);
      }
    }
  });

  it("a clerk pages through their own imports only, through the router", async () => {
    const router = makeRouter(dir);
    try {
      const window = appWindow("claire");
      await login(router, window, "claire", PASSWORDS.clerk);
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await ok(router, window, "documents.search", { query: {}, limit: 50, ...(cursor ? { cursor } : {}) });
        ids.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(ids).toEqual(expected("date", "desc", (row) => row.owner === clerkId));
      // A cursor of one sort order is refused for another, a forged one too.
      const first = await ok<{ nextCursor: string }>(router, window, "documents.search", { query: {}, limit: 5 });
      await refused(router, window, "documents.search", { query: { sort: { by: "amount", dir: "asc" } }, cursor: first.nextCursor }, "BAD_INPUT");
      const forged = Buffer.from(JSON.stringify({ s: "date:desc", k: { $gt: "" }, i: "x" })).toString("base64url");
      await refused(router, window, "documents.search", { query: {}, cursor: forged }, "BAD_INPUT");
    } finally {
      await router.close();
    }
  });

  it("text search results carry plain snippets with the hits marked; the audit names filters, never values", () => {
    const before = lastAuditRow(manager.db)?.seq ?? 0;
    const page = listArchive(manager, { text: "serveur", supplier: "Zebra" }, { limit: 10 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) {
      const hits = (item.snippet ?? []).filter((piece) => piece.hit).map((piece) => piece.text.toLowerCase());
      expect(hits).toContain("serveur");
      expect((item.snippet ?? []).map((piece) => piece.text).join("")).toMatch(/FACTURE serveur Zebra/);
    }
    const audit = findAuditRows(manager.db, { action: "document.search", limit: 5 }).filter((row) => row.seq > before);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.reason).toMatch(/filters: text, supplier/);
    expect(audit[0]?.reason).not.toMatch(/serveur|Zebra/);
  });
});
