/**
 * `npm run bench:search [-- --count N] [-- --runs R]`: the archive list's search, on N synthetic invoices
 * (default 100 000) inserted through the vault's own query functions into (a) an encrypted vault
 * (SQLCipher, opened by a real login) and (b) the same rows in a plain SQLite file with the same schema
 * and pragmas. In one run, the same queries alternate between the two; per query: p50 / p95 in ms, and the
 * encrypted / plain ratio of the p95. Goals: p95 < 30 ms encrypted, ratio <= 1.2, first page < 100 ms.
 * The service-level first page (authorisation and the audit row included) is timed too, encrypted only.
 * Each query's CPU time (this process, user + system) is reported next to the wall time, and the load
 * average before and after: on a machine shared with other work, wall time includes waiting for a core.
 * `--keep` keeps the two databases; `--reuse DIR` measures on a kept DIR without filling again (the schema
 * is migrated on opening, so a kept DIR also shows what an upgraded vault does).
 * Results go to bench-results/search.json.
 */
import Database from "better-sqlite3-multiple-ciphers";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { changePassword } from "../../main/auth/account.js";
import { unlockAsUser, type VaultSession } from "../../main/auth/session.js";
import { addUser } from "../../main/auth/users.js";
import { initVault } from "../../main/auth/vault-setup.js";
import { blindIndex } from "../../main/crypto/blind-index.js";
import { Password } from "../../main/crypto/secret.js";
import { listArchive, snippetsFor } from "../../main/documents/search.js";
import { closeDatabase, type VaultDb } from "../../main/vault/database.js";
import { vaultPaths } from "../../main/vault/layout.js";
import { migrate } from "../../main/vault/migrations/index.js";
import { insertDocumentBundle, type DocumentBundle } from "../../main/vault/queries/documents.js";
import { listDocuments, prepareForSearch, type ListFilter, type ListRow } from "../../main/vault/queries/search.js";
import { insertSupplier } from "../../main/vault/queries/suppliers.js";
import { findUserByName, insertUser } from "../../main/vault/queries/users.js";
import { Rng } from "../fixtures/generator/prng.js";

const { values } = parseArgs({ options: { count: { type: "string" }, runs: { type: "string" }, keep: { type: "boolean" }, reuse: { type: "string" } } });
const COUNT = Number(values.count ?? 100_000);
const RUNS = Math.max(20, Number(values.runs ?? 200));
const PASSWORD = "Recherche: galet 4 saphir ocelot";
const TEMPORARY = "Temporaire: change me at first login";
const SUPPLIERS = 400;
const WORDS = ["maintenance", "fournitures", "bureau", "transport", "livraison", "prestation", "conseil", "logiciel", "licence", "nettoyage", "location", "matériel", "réparation", "formation", "abonnement", "électricité", "papier", "cartouches", "serveur", "câblage"];
const CITIES = ["Paris", "Lyon", "Marseille", "Lille", "Nantes", "Bordeaux", "Toulouse", "Rennes", "Strasbourg", "Nice"];
const FORMS = ["SARL", "SAS", "SA", "EURL"];
const NAMES = ["Dupont", "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier"];

interface Supplier {
  id: string;
  name: string;
}

function day(rng: Rng): string {
  const start = Date.UTC(2019, 0, 1);
  const days = rng.int(0, 6 * 365);
  return new Date(start + days * 86_400_000).toISOString().slice(0, 10);
}

function suppliers(rng: Rng): Supplier[] {
  return Array.from({ length: SUPPLIERS }, (_, index) => ({
    id: randomUUID(),
    name: `${NAMES[index % NAMES.length]} ${WORDS[Math.floor(index / NAMES.length) % WORDS.length]} ${FORMS[rng.int(0, FORMS.length - 1)]} ${index}`,
  }));
}

/** One synthetic invoice: the row, a masked IBAN with its blind index, one page of masked words, the FTS text. */
function invoice(rng: Rng, index: number, ownerId: string, supplier: Supplier, indexKey: VaultSession["keys"]["indexKey"]): DocumentBundle {
  const issue = day(rng);
  const gross = rng.int(1_000, 2_500_000) / 100;
  const lines = Array.from({ length: rng.int(3, 8) }, () => `${WORDS[rng.int(0, WORDS.length - 1)]} ${rng.int(1, 40)} x ${rng.int(5, 900)},00`);
  const number = `FA-${issue.slice(0, 4)}-${String(index).padStart(6, "0")}`;
  const text = `FACTURE ${number} ${supplier.name} ${CITIES[rng.int(0, CITIES.length - 1)]} ${issue} ${lines.join(" ")} TOTAL TTC ${gross.toFixed(2)} EUR IBAN [IBAN]`;
  const words = text.split(" ").map((word, position) => ({ text: word, bbox: [40 + (position % 10) * 50, 60 + Math.floor(position / 10) * 14, 80 + (position % 10) * 50, 72 + Math.floor(position / 10) * 14], confidence: 96 }));
  const iban = `FR76${String(3000_4000_0000 + index).padStart(23, "0")}`;
  const warnings = rng.float() < 0.08 ? [{ field: "totals" as const, code: "arithmetic" as const, message: "net + tax does not make the total" }] : [];
  return {
    document: {
      id: randomUUID(),
      ownerId,
      fileName: `${number}.pdf`,
      contentMac: randomUUID().replace(/-/g, "").repeat(2),
      mediaType: "application/pdf",
      byteSize: rng.int(20_000, 400_000),
      pageCount: 1,
      docType: rng.float() < 0.05 ? "credit-note" : "invoice",
      supplierId: supplier.id,
      source: rng.float() < 0.4 ? "ocr" : "text",
      ocrConfidence: null,
      invoiceNumber: number,
      issueDate: rng.float() < 0.02 ? null : issue,
      dueDate: null,
      currency: "EUR",
      totalNet: (gross / 1.2).toFixed(2),
      totalTax: (gross - gross / 1.2).toFixed(2),
      totalGross: gross.toFixed(2),
      sellerName: supplier.name,
      warnings,
      duplicateOf: null,
      legalHold: false,
      importedAt: `${issue}T10:${String(rng.int(10, 59))}:00.000Z`,
    },
    secrets: [
      { field: "iban", type: "iban", page: 1, bbox: [40, 400, 300, 414], action: "encrypt", masked: `FR76 **** **** ${iban.slice(-4)}`, sealed: Buffer.alloc(80, 1), blindIndex: blindIndex(indexKey, "iban", iban) },
    ],
    pages: [{ page: 1, width: 595, height: 842, source: "text", confidence: null, words: JSON.stringify(words) }],
    blobs: [],
    searchText: text,
  };
}

function fill(db: VaultDb, owners: string[], indexKey: VaultSession["keys"]["indexKey"], seed: number): void {
  const rng = new Rng(seed);
  const list = suppliers(rng);
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const supplier of list) {
      insertSupplier(db, { id: supplier.id, name: supplier.name, nameKey: supplier.name.toLowerCase(), vatIndex: null, siretIndex: null, ibanIndex: null, profile: "{}", createdAt: now });
    }
  })();
  const batch = 2_000;
  for (let start = 0; start < COUNT; start += batch) {
    db.transaction(() => {
      for (let index = start; index < Math.min(COUNT, start + batch); index += 1) {
        insertDocumentBundle(db, invoice(rng, index, owners[index % owners.length] ?? "", list[rng.int(0, list.length - 1)] as Supplier, indexKey));
      }
    })();
  }
}

/** The plain reference: the same schema (migrations) and the vault's pragmas, without the cipher. */
function openPlain(file: string): VaultDb {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("secure_delete = ON");
  db.pragma("foreign_keys = ON");
  db.pragma("trusted_schema = OFF");
  migrate(db);
  return db;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface QueryCase {
  name: string;
  run: (db: VaultDb) => unknown;
}

/** A new vault with a manager (sees every document) and a clerk (owns a third of them), made as an admin would; the manager's session. */
async function makeVault(vault: string): Promise<VaultSession> {
  await initVault({ dir: vault, adminName: "alice", adminPassword: Password.fromString(PASSWORD), adminPasswordText: PASSWORD, mfaRequired: false });
  const admin = await unlockAsUser(vault, "alice", Password.fromString(PASSWORD));
  const temporary = { secret: Password.fromString(TEMPORARY), text: TEMPORARY };
  await addUser(admin, { name: "marc", role: "manager", password: temporary });
  await addUser(admin, { name: "claire", role: "clerk", password: temporary });
  admin.lock();
  await changePassword({ dir: vault, name: "marc", current: Password.fromString(TEMPORARY), next: { secret: Password.fromString(PASSWORD), text: PASSWORD } });
  return unlockAsUser(vault, "marc", Password.fromString(PASSWORD));
}

function page(filter: Omit<ListFilter, "limit" | "sort"> & Partial<Pick<ListFilter, "sort">>): (db: VaultDb) => ListRow[] {
  return (db) => listDocuments(db, { sort: { by: "date", dir: "desc" }, limit: 51, ...filter });
}

async function main(): Promise<void> {
  const reuse = values.reuse;
  const root = reuse ?? mkdtempSync(join(tmpdir(), "coffre-bench-search-"));
  const load = () => loadavg().map((value) => value.toFixed(2)).join(" ");
  const loadAtStart = load();
  try {
    console.log(reuse ? `bench:search: the databases kept in ${reuse}, ${RUNS} runs per query and database` : `bench:search: ${COUNT} invoices, ${RUNS} runs per query and database`);
    console.log(`  load average (1, 5, 15 min): ${loadAtStart}`);
    const vault = join(root, "vault");
    const session = reuse ? await unlockAsUser(vault, "marc", Password.fromString(PASSWORD)) : await makeVault(vault);
    const clerk = findUserByName(session.db, "claire");
    const manager = findUserByName(session.db, "marc");
    if (!clerk || !manager) throw new Error("no users");
    const owners = [manager.id, manager.id, clerk.id] as string[];
    const owner = clerk.id as string;
    const plain = openPlain(join(root, "plain.sqlite"));
    if (!reuse) {
      let started = performance.now();
      fill(session.db, owners, session.keys.indexKey, 42);
      console.log(`  encrypted vault filled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const user of [manager, clerk]) {
        insertUser(plain, { id: user.id, name: user.name, role: user.role, status: "active", slotVersion: 1, mustChangePassword: false, createdAt: user.createdAt });
      }
      started = performance.now();
      fill(plain, owners, session.keys.indexKey, 42);
      console.log(`  plain SQLite filled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    for (const db of [session.db, plain]) {
      db.pragma("wal_checkpoint(TRUNCATE)");
      // The service's connection settings, on both (listArchive applies them to the session's connection).
      prepareForSearch(db);
    }
    console.log(`  sizes: encrypted ${(statSync(vaultPaths(vault).database).size / 1e6).toFixed(0)} MB, plain ${(statSync(join(root, "plain.sqlite")).size / 1e6).toFixed(0)} MB`);
    const ibanIndex = blindIndex(session.keys.indexKey, "iban", `FR76${String(3000_4000_0000 + 777).padStart(23, "0")}`);
    const second = (db: VaultDb) => {
      const first = page({})(db);
      const last = first[49];
      return last ? listDocuments(db, { sort: { by: "date", dir: "desc" }, limit: 51, after: { key: last.sortKey, id: last.id } }) : [];
    };
    const withSnippets = (text: string, extra: Omit<ListFilter, "limit" | "sort"> = {}) => (db: VaultDb) => {
      const rows = page({ text, ...extra })(db).slice(0, 50);
      return snippetsFor(db, text, rows.map((row) => row.id));
    };
    const cases: QueryCase[] = [
      { name: "first page (newest first)", run: page({}) },
      { name: "first page, clerk's own", run: page({ ownerId: owner }) },
      { name: "second page (keyset cursor)", run: second },
      { name: "sort by amount, desc", run: page({ sort: { by: "amount", dir: "desc" } }) },
      { name: "sort by supplier, asc", run: page({ sort: { by: "supplier", dir: "asc" } }) },
      { name: "full text: common word + snippets", run: withSnippets("maintenance") },
      { name: "full text: invoice number (1 match)", run: withSnippets("004242") },
      { name: "full text: prefix 'répar'", run: withSnippets("répar") },
      // About 1 % of the archive: where the planner switches from walking the sort index to the matches.
      { name: "full text: prefix '004' (1 %)", run: withSnippets("004") },
      { name: "supplier name", run: page({ supplier: "Dupont" }) },
      { name: "amount range 1000-2000", run: page({ minCents: 100_000, maxCents: 200_000 }) },
      { name: "date range: one month", run: page({ from: "2023-03-01", to: "2023-03-31" }) },
      { name: "supplier + amount + text", run: withSnippets("transport", { supplier: "Martin", minCents: 50_000, maxCents: 1_500_000 }) },
      { name: "with warnings", run: page({ hasWarnings: true }) },
      { name: "exact IBAN (blind index)", run: page({ secret: { type: "iban", blindIndex: ibanIndex } }) },
    ];

    const loadBefore = load();
    type Stats = { p50: number; p95: number };
    const results: { query: string; encrypted: Stats; plain: Stats; ratio: number; encryptedCpu: Stats }[] = [];
    for (const query of cases) {
      const times = { encrypted: [] as number[], plain: [] as number[] };
      const cpu: number[] = [];
      // Warm both, then alternate so that both see the same machine load.
      query.run(session.db);
      query.run(plain);
      for (let run = 0; run < RUNS; run += 1) {
        for (const [name, db] of (run % 2 === 0 ? [["encrypted", session.db], ["plain", plain]] : [["plain", plain], ["encrypted", session.db]]) as ["encrypted" | "plain", VaultDb][]) {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          query.run(db);
          times[name].push(performance.now() - t0);
          if (name === "encrypted") {
            const used = process.cpuUsage(c0);
            cpu.push((used.user + used.system) / 1000);
          }
        }
      }
      const stats = (list: number[]) => {
        const sorted = [...list].sort((a, b) => a - b);
        return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
      };
      const encrypted = stats(times.encrypted);
      const reference = stats(times.plain);
      results.push({ query: query.name, encrypted, plain: reference, ratio: encrypted.p95 / reference.p95, encryptedCpu: stats(cpu) });
    }

    // The service as the app calls it: authorisation, the query, snippets, and one audit row per first page.
    const service: number[] = [];
    for (let run = 0; run < Math.min(RUNS, 100); run += 1) {
      const t0 = performance.now();
      listArchive(session, {}, { limit: 50 });
      service.push(performance.now() - t0);
    }
    const serviceSorted = service.sort((a, b) => a - b);

    const fmt = (value: number) => value.toFixed(2).padStart(7);
    const loadAfter = load();
    console.log("\n  query                                   enc p50  enc p95  plain p50 plain p95  ratio(p95)  enc CPU p50  p95");
    for (const row of results) {
      console.log(
        `  ${row.query.padEnd(38)} ${fmt(row.encrypted.p50)}  ${fmt(row.encrypted.p95)}  ${fmt(row.plain.p50)}   ${fmt(row.plain.p95)}   ${row.ratio.toFixed(2).padStart(6)}    ${fmt(row.encryptedCpu.p50)}  ${fmt(row.encryptedCpu.p95)}`,
      );
    }
    console.log(`\n  load average (1, 5, 15 min): ${loadBefore} before the queries, ${loadAfter} after (${cpus().length} cores)`);
    const worstP95 = Math.max(...results.map((row) => row.encrypted.p95));
    const p95s = { enc: results.map((row) => row.encrypted.p95), plain: results.map((row) => row.plain.p95) };
    const overall = p95s.enc.reduce((a, b) => a + b, 0) / p95s.plain.reduce((a, b) => a + b, 0);
    const firstPage = results[0]?.encrypted.p95 ?? Number.NaN;
    console.log(`\n  service first page (authorize + query + audit row), encrypted: p50 ${percentile(serviceSorted, 50).toFixed(2)} ms, p95 ${percentile(serviceSorted, 95).toFixed(2)} ms`);
    console.log(`  worst encrypted p95: ${worstP95.toFixed(2)} ms (goal < 30)  ${worstP95 < 30 ? "OK" : "MISSED"}`);
    console.log(`  encrypted/plain, sum of p95s: ${overall.toFixed(2)} (goal <= 1.2)  ${overall <= 1.2 ? "OK" : "MISSED"}`);
    console.log(`  first page p95 encrypted: ${firstPage.toFixed(2)} ms (goal < 100)  ${firstPage < 100 ? "OK" : "MISSED"}`);
    mkdirSync("bench-results", { recursive: true });
    writeFileSync(
      "bench-results/search.json",
      `${JSON.stringify({ count: COUNT, runs: RUNS, reused: Boolean(reuse), load: { start: loadAtStart, beforeQueries: loadBefore, afterQueries: loadAfter }, results, service: { p50: percentile(serviceSorted, 50), p95: percentile(serviceSorted, 95) }, worstP95, ratio: overall, firstPage }, null, 2)}\n`,
    );
    closeDatabase(plain);
    session.lock();
  } finally {
    if (!values.keep && !reuse) rmSync(root, { recursive: true, force: true });
    else console.log(`  kept ${root}`);
  }
}

await main();
