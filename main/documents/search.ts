import type { DocType } from "../../shared/invoice.js";
import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import { blindIndex } from "../crypto/blind-index.js";
import { CoffreError } from "../errors.js";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { SearchQuerySchema, LIMITS, type SearchQuery } from "../../shared/ipc/contract.js";
import {
  listDocuments,
  listPageWordsOf,
  prepareForSearch,
  searchDocuments,
  type ListRow,
  type SearchRow,
  type SortDir,
  type SortKey,
} from "../vault/queries/search.js";
import type { VaultDb } from "../vault/database.js";
import { readSavedViews, writeSavedViews } from "../vault/queries/saved-views.js";

export interface SearchRequest {
  text?: string;
  supplier?: string;
  from?: string;
  to?: string;
  min?: string;
  max?: string;
  type?: DocType;
  iban?: string;
  vat?: string;
  limit?: number;
  after?: { date: string; id: string };
}

function toCents(amount: string | undefined, name: string): number | undefined {
  if (amount === undefined) return undefined;
  const normalised = amount.replace(/\s/g, "").replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) throw new CoffreError("BAD_INPUT", `--${name} must be an amount like 120 or 120.50`);
  return Math.round(Number.parseFloat(normalised) * 100);
}

function checkDate(date: string | undefined, name: string): string | undefined {
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new CoffreError("BAD_INPUT", `--${name} must be a date YYYY-MM-DD`);
  return date;
}

/**
 * Searches the archive as the session's user may: clerks see their own imports only. Exact IBAN and VAT
 * search goes through the blind index: the value is never compared, stored or logged in clear.
 */
export function search(session: VaultSession, request: SearchRequest): SearchRow[] {
  const user = authorize(session, "documents.read");
  if (request.iban && request.vat) throw new CoffreError("BAD_INPUT", "search by --iban or by --vat, not both at once");
  const secret = request.iban
    ? { type: "iban", blindIndex: blindIndex(session.keys.indexKey, "iban", request.iban) }
    : request.vat
      ? { type: "vat", blindIndex: blindIndex(session.keys.indexKey, "vat", request.vat) }
      : undefined;
  const rows = searchDocuments(session.db, {
    ...(user?.role === "clerk" ? { ownerId: user.id } : {}),
    ...(request.text ? { text: request.text } : {}),
    ...(request.supplier ? { supplier: request.supplier } : {}),
    ...(checkDate(request.from, "from") ? { from: request.from } : {}),
    ...(checkDate(request.to, "to") ? { to: request.to } : {}),
    ...(request.min !== undefined ? { minCents: toCents(request.min, "min") } : {}),
    ...(request.max !== undefined ? { maxCents: toCents(request.max, "max") } : {}),
    ...(request.type ? { docType: request.type } : {}),
    ...(secret ? { secret } : {}),
    ...(request.after ? { after: request.after } : {}),
    limit: request.limit ?? 50,
  });
  const used = Object.entries(request)
    .filter(([key, value]) => value !== undefined && key !== "limit" && key !== "after")
    .map(([key]) => key);
  // Which filters were used, never their values (an IBAN searched for is itself sensitive).
  session.audit({ action: "document.search", result: "ok", reason: `${rows.length} result(s); filters: ${used.join(", ") || "none"}` });
  return rows;
}

// ---- The app's archive list: sort, keyset cursor, snippets; saved views --------------------------------

export interface ListItem {
  id: string;
  fileName: string;
  docType: DocType;
  supplier: string | null;
  invoiceNumber: string | null;
  issueDate: string | null;
  totalGross: string | null;
  currency: string | null;
  warnings: number;
  duplicate: boolean;
  importedAt: string;
  snippet: { text: string; hit: boolean }[] | null;
}

export interface ListPage {
  items: ListItem[];
  nextCursor: string | null;
}

const CursorSchema = z.strictObject({ s: z.string().max(20), k: z.union([z.string().max(300), z.number()]), i: z.string().max(64) });

function encodeCursor(sort: string, row: ListRow): string {
  return Buffer.from(JSON.stringify({ s: sort, k: row.sortKey, i: row.id })).toString("base64url");
}

function decodeCursor(cursor: string, sort: string): { key: string | number; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new CoffreError("BAD_INPUT", "that page cursor is not valid; start from the first page");
  }
  const result = CursorSchema.safeParse(parsed);
  if (!result.success || result.data.s !== sort) throw new CoffreError("BAD_INPUT", "that page cursor is not valid; start from the first page");
  return { key: result.data.k, id: result.data.i };
}

function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

const SNIPPET_BEFORE = 5;
const SNIPPET_AFTER = 8;

/**
 * Where the searched words are, from a document's masked words (what the full-text index holds): about a
 * dozen words around the first hit, the hits marked. Plain pieces; no HTML ever reaches the renderer.
 */
export function snippetFromWords(words: readonly string[], text: string): { text: string; hit: boolean }[] | null {
  const tokens = (text.normalize("NFKC").match(/[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu) ?? []).slice(0, 16).map(fold);
  if (tokens.length === 0) return null;
  const isHit = (word: string) => {
    const folded = fold(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    return folded.length > 0 && tokens.some((token) => folded === token || folded.startsWith(token));
  };
  const first = words.findIndex(isHit);
  if (first < 0) return null;
  const start = Math.max(0, first - SNIPPET_BEFORE);
  const end = Math.min(words.length, first + SNIPPET_AFTER);
  const pieces: { text: string; hit: boolean }[] = [];
  const push = (piece: string, hit: boolean) => {
    const previous = pieces.at(-1);
    if (previous && previous.hit === hit) previous.text += piece;
    else pieces.push({ text: piece, hit });
  };
  if (start > 0) push("… ", false);
  for (let index = start; index < end; index += 1) {
    const word = words[index] ?? "";
    if (index > start) push(" ", false);
    push(word, isHit(word));
  }
  if (end < words.length) push(" …", false);
  return pieces;
}

/** Snippets for one page of results (the documents' masked words, read by primary key). */
export function snippetsFor(db: VaultDb, text: string, ids: readonly string[]): Map<string, { text: string; hit: boolean }[]> {
  const byDocument = new Map<string, string[]>();
  for (const page of listPageWordsOf(db, ids)) {
    const words = (JSON.parse(page.words) as { text: string }[]).map((word) => word.text);
    byDocument.set(page.documentId, [...(byDocument.get(page.documentId) ?? []), ...words]);
  }
  const snippets = new Map<string, { text: string; hit: boolean }[]>();
  for (const [id, words] of byDocument) {
    const snippet = snippetFromWords(words, text);
    if (snippet) snippets.set(id, snippet);
  }
  return snippets;
}

/**
 * One page of the archive as the session's user may see it (clerks: their own imports), sorted, after a
 * keyset cursor. Audited like search: which filters were used, never their values.
 */
export function listArchive(session: VaultSession, query: SearchQuery, options: { cursor?: string; limit?: number } = {}): ListPage {
  const user = authorize(session, "documents.read");
  prepareForSearch(session.db);
  if (query.iban && query.vat) throw new CoffreError("BAD_INPUT", "search by IBAN or by VAT number, not both at once");
  if (query.from && query.to && query.from > query.to) throw new CoffreError("BAD_INPUT", "the start date is after the end date");
  const minCents = toCents(query.min, "min");
  const maxCents = toCents(query.max, "max");
  if (minCents !== undefined && maxCents !== undefined && minCents > maxCents) throw new CoffreError("BAD_INPUT", "the minimum amount is above the maximum");
  const sort: { by: SortKey; dir: SortDir } = query.sort ?? { by: "date", dir: "desc" };
  const sortName = `${sort.by}:${sort.dir}`;
  const limit = Math.max(1, Math.min(options.limit ?? 50, LIMITS.pageSize));
  const secret = query.iban
    ? { type: "iban", blindIndex: blindIndex(session.keys.indexKey, "iban", query.iban) }
    : query.vat
      ? { type: "vat", blindIndex: blindIndex(session.keys.indexKey, "vat", query.vat) }
      : undefined;
  const text = query.text?.trim();
  const rows = listDocuments(session.db, {
    ...(user?.role === "clerk" ? { ownerId: user.id } : {}),
    ...(text ? { text } : {}),
    ...(query.supplier?.trim() ? { supplier: query.supplier.trim() } : {}),
    ...(query.from ? { from: checkDate(query.from, "from") } : {}),
    ...(query.to ? { to: checkDate(query.to, "to") } : {}),
    ...(minCents !== undefined ? { minCents } : {}),
    ...(maxCents !== undefined ? { maxCents } : {}),
    ...(query.type ? { docType: query.type } : {}),
    ...(query.warnings !== undefined ? { hasWarnings: query.warnings } : {}),
    ...(secret ? { secret } : {}),
    ...(options.cursor ? { after: decodeCursor(options.cursor, sortName) } : {}),
    sort,
    // One more than asked tells whether a next page exists.
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const snippets = text ? snippetsFor(session.db, text, page.map((row) => row.id)) : new Map<string, { text: string; hit: boolean }[]>();
  const last = page.at(-1);
  if (!options.cursor) {
    const used = Object.entries(query)
      .filter(([key, value]) => value !== undefined && key !== "sort")
      .map(([key]) => key);
    session.audit({ action: "document.search", result: "ok", reason: `${page.length} result(s) on the first page; filters: ${used.join(", ") || "none"}` });
  }
  return {
    items: page.map((row) => {
      const snippet = snippets.get(row.id);
      return {
        id: row.id,
        fileName: row.fileName,
        docType: row.docType,
        supplier: row.supplierName,
        invoiceNumber: row.invoiceNumber,
        issueDate: row.issueDate,
        totalGross: row.totalGross,
        currency: row.currency,
        warnings: row.warnings,
        duplicate: row.duplicateOf !== null,
        importedAt: row.importedAt,
        snippet: snippet ?? null,
      };
    }),
    nextCursor: rows.length > limit && last ? encodeCursor(sortName, last) : null,
  };
}

export interface SavedView {
  id: string;
  name: string;
  query: SearchQuery;
  createdAt: string;
}

const SavedViewsSchema = z.array(z.strictObject({ id: z.string(), name: z.string(), query: SearchQuerySchema, createdAt: z.string() }));

function ownViews(session: VaultSession): { userId: string; views: SavedView[] } {
  const user = authorize(session, "documents.read");
  if (!user) throw new CoffreError("FORBIDDEN", "saved views belong to a user");
  const json = readSavedViews(session.db, user.id);
  if (!json) return { userId: user.id, views: [] };
  const parsed = SavedViewsSchema.safeParse(JSON.parse(json));
  return { userId: user.id, views: parsed.success ? parsed.data : [] };
}

export function listSavedViews(session: VaultSession): SavedView[] {
  return ownViews(session).views;
}

/** Saves (or replaces, by name) a view of the archive list for the session's user. */
export function saveView(session: VaultSession, name: string, query: SearchQuery): SavedView {
  const { userId, views } = ownViews(session);
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new CoffreError("BAD_INPUT", "give the view a name");
  const others = views.filter((view) => view.name.toLowerCase() !== trimmed.toLowerCase());
  if (others.length >= LIMITS.savedViews) throw new CoffreError("BAD_INPUT", `at most ${LIMITS.savedViews} saved views`);
  const view: SavedView = { id: randomUUID(), name: trimmed, query: SearchQuerySchema.parse(query), createdAt: session.clock().toISOString() };
  writeSavedViews(session.db, userId, JSON.stringify([...others, view]));
  return view;
}

export function deleteView(session: VaultSession, id: string): boolean {
  const { userId, views } = ownViews(session);
  const kept = views.filter((view) => view.id !== id);
  if (kept.length === views.length) return false;
  writeSavedViews(session.db, userId, JSON.stringify(kept));
  return true;
}
