import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { AuditAction, AuditResult } from "../../shared/audit.js";
import type { SecretBytes } from "../crypto/secret.js";
import { writeFileAtomic } from "../vault/atomic-file.js";
import type { VaultDb } from "../vault/database.js";
import { appendAuditRow, iterateAuditRows, type AuditRow } from "../vault/queries/audit.js";

/**
 * The tamper-evident audit trail. Each row's MAC is HMAC-SHA256(audit key, previous MAC | row), the first
 * row chains to a genesis value bound to the vault id, and `seq` is dense. The newest (seq, MAC) is also
 * kept in audit-head.json outside the database, with its own MAC, so deleting the newest rows shows.
 * No sensitive value ever goes in: callers pass ids, names of actions and reasons typed by people.
 */
export interface AuditContext {
  db: VaultDb;
  auditKey: SecretBytes;
  vaultId: string;
  headFile: string;
}

export interface AuditEventInput {
  action: AuditAction;
  result: AuditResult;
  userId?: string | null;
  userName?: string | null;
  object?: string | null;
  reason?: string | null;
  time?: Date;
}

const MAX_TEXT = 500;

function clean(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  // One line, bounded: the log is for reading, not for storing payloads.
  return text.replace(/[\r\n\t]+/g, " ").slice(0, MAX_TEXT);
}

function hmacHex(key: SecretBytes, text: string): string {
  return createHmac("sha256", key.expose()).update(text).digest("hex");
}

function genesis(context: AuditContext): string {
  return hmacHex(context.auditKey, `coffre/audit/genesis\0${context.vaultId}`);
}

export function computeRowMac(key: SecretBytes, previousMac: string, row: Omit<AuditRow, "mac">): string {
  const body = JSON.stringify([row.seq, row.time, row.userId, row.userName, row.action, row.object, row.result, row.reason]);
  return hmacHex(key, `${previousMac}\n${body}`);
}

const HeadSchema = z.strictObject({
  format: z.literal("coffre-audit-head"),
  seq: z.number().int().nonnegative(),
  mac: z.string(),
  tag: z.string(),
});

function headTag(context: AuditContext, seq: number, mac: string): string {
  return hmacHex(context.auditKey, `coffre/audit/head\0${context.vaultId}\0${seq}\0${mac}`);
}

function writeHead(context: AuditContext, row: AuditRow): void {
  const head = { format: "coffre-audit-head", seq: row.seq, mac: row.mac, tag: headTag(context, row.seq, row.mac) };
  writeFileAtomic(context.headFile, `${JSON.stringify(head)}\n`);
}

/** Appends one event to the chain and moves the head. Returns the stored row. */
export function appendAudit(context: AuditContext, event: AuditEventInput): AuditRow {
  const row = appendAuditRow(context.db, rowOf(context, event));
  writeHead(context, row);
  return row;
}

/**
 * Runs `write` and appends the event in one transaction (both are stored or neither: no document without
 * the row that says who imported it), then moves the head, after the commit, as appendAudit does. One
 * commit instead of two, and so one sync of the database's log fewer.
 */
export function appendAuditWith<T>(context: AuditContext, event: AuditEventInput, write: () => T): T {
  const { result, row } = context.db.transaction(() => {
    const value = write();
    return { result: value, row: appendAuditRow(context.db, rowOf(context, event)) };
  }).immediate();
  writeHead(context, row);
  return result;
}

/** The builder of an event's row, chained to the row before it. */
function rowOf(context: AuditContext, event: AuditEventInput): (previous: AuditRow | undefined) => AuditRow {
  return (previous) => {
    const body = {
      seq: (previous?.seq ?? 0) + 1,
      time: (event.time ?? new Date()).toISOString(),
      userId: event.userId ?? null,
      userName: clean(event.userName),
      action: event.action,
      object: clean(event.object),
      result: event.result,
      reason: clean(event.reason),
    };
    return { ...body, mac: computeRowMac(context.auditKey, previous?.mac ?? genesis(context), body) };
  };
}

export interface AuditVerifyReport {
  ok: boolean;
  rows: number;
  head: { seq: number; mac: string } | null;
  /** The first row that fails, and why. */
  firstBad: { seq: number; problem: string } | null;
  notes: string[];
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

type HeadRead = { ok: true; head: { seq: number; mac: string } } | { ok: false; problem: string };

function readHead(context: AuditContext): HeadRead {
  let text: string;
  try {
    text = readFileSync(context.headFile, "utf8");
  } catch {
    return { ok: false, problem: "the chain head kept outside the database is missing" };
  }
  const parsed = HeadSchema.safeParse((() => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  })());
  if (!parsed.success) return { ok: false, problem: "the chain head file is corrupt" };
  if (!sameHex(headTag(context, parsed.data.seq, parsed.data.mac), parsed.data.tag)) {
    return { ok: false, problem: "the chain head file was altered" };
  }
  return { ok: true, head: { seq: parsed.data.seq, mac: parsed.data.mac } };
}

/** Recomputes the whole chain, row by row (bounded memory), then checks it against the outside head. */
export function verifyAudit(context: AuditContext): AuditVerifyReport {
  const notes: string[] = [];
  const headRead = readHead(context);
  let macAtHead: string | undefined;
  let previousMac = genesis(context);
  let expected = 1;
  let last: AuditRow | undefined;
  for (const row of iterateAuditRows(context.db)) {
    if (row.seq !== expected) {
      return {
        ok: false,
        rows: expected - 1,
        head: null,
        firstBad: { seq: expected, problem: `row ${expected} is missing (the next row is ${row.seq}): rows were deleted` },
        notes,
      };
    }
    const { mac: _stored, ...body } = row;
    if (!sameHex(computeRowMac(context.auditKey, previousMac, body), row.mac)) {
      return {
        ok: false,
        rows: expected - 1,
        head: null,
        firstBad: { seq: row.seq, problem: `row ${row.seq} was altered, moved or forged: its MAC does not match the chain` },
        notes,
      };
    }
    previousMac = row.mac;
    if (headRead.ok && row.seq === headRead.head.seq) macAtHead = row.mac;
    last = row;
    expected += 1;
  }
  const count = expected - 1;

  if (!headRead.ok) return { ok: false, rows: count, head: null, firstBad: { seq: count + 1, problem: headRead.problem }, notes };
  const head = headRead.head;
  if (head.seq > count) {
    return {
      ok: false,
      rows: count,
      head: { seq: head.seq, mac: head.mac },
      firstBad: {
        seq: count + 1,
        problem: `rows ${count + 1} to ${head.seq} were deleted: the log ends at row ${count}, its head kept outside the database says ${head.seq}`,
      },
      notes,
    };
  }
  if (head.seq > 0 && (macAtHead === undefined || !sameHex(macAtHead, head.mac))) {
    return { ok: false, rows: count, head, firstBad: { seq: head.seq, problem: `row ${head.seq} does not match the chain head kept outside the database` }, notes };
  }
  if (head.seq < count) notes.push(`the head file is ${count - head.seq} row(s) behind the log (an interrupted write); the rows after it chain correctly`);
  return { ok: true, rows: count, head: last ? { seq: last.seq, mac: last.mac } : null, firstBad: null, notes };
}
