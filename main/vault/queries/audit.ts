import type { AuditAction, AuditEntry, AuditResult } from "../../../shared/audit.js";
import type { VaultDb } from "../database.js";

export interface AuditRow extends AuditEntry {
  mac: string;
}

interface Row {
  seq: number;
  time: string;
  user_id: string | null;
  user_name: string | null;
  action: string;
  object: string | null;
  result: string;
  reason: string | null;
  mac: string;
}

const COLUMNS = "seq, time, user_id, user_name, action, object, result, reason, mac";

function toAuditRow(row: Row): AuditRow {
  return {
    seq: row.seq,
    time: row.time,
    userId: row.user_id,
    userName: row.user_name,
    action: row.action as AuditAction,
    object: row.object,
    result: row.result as AuditResult,
    reason: row.reason,
    mac: row.mac,
  };
}

export function lastAuditRow(db: VaultDb): AuditRow | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as Row | undefined;
  return row && toAuditRow(row);
}

export function insertAuditRow(db: VaultDb, row: AuditRow): void {
  db.prepare(
    `INSERT INTO audit_log (${COLUMNS}) VALUES (@seq, @time, @userId, @userName, @action, @object, @result, @reason, @mac)`,
  ).run(row);
}

/**
 * Appends one row computed from the current last row, inside one write transaction, so two writers
 * (the app and the CLI) cannot take the same sequence number.
 */
export function appendAuditRow(db: VaultDb, build: (previous: AuditRow | undefined) => AuditRow): AuditRow {
  return db.transaction(() => {
    const row = build(lastAuditRow(db));
    insertAuditRow(db, row);
    return row;
  }).immediate();
}

/** Every row in sequence order, one at a time (bounded memory for verification). */
export function* iterateAuditRows(db: VaultDb): Generator<AuditRow> {
  for (const row of db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`).iterate() as IterableIterator<Row>) {
    yield toAuditRow(row);
  }
}

export interface AuditFilter {
  from?: string;
  to?: string;
  userName?: string;
  action?: string;
  result?: AuditResult;
  /** Only rows older than this sequence number (the next page of a newest-first listing). */
  beforeSeq?: number;
  /** Order of the answer; either way the rows are the newest `limit` matching ones. Default "oldest" (newest last). */
  order?: "newest" | "oldest";
  limit?: number;
}

const FILTERED = `FROM audit_log
       WHERE (@from IS NULL OR time >= @from)
         AND (@to IS NULL OR time <= @to)
         AND (@userName IS NULL OR user_name = @userName COLLATE NOCASE)
         AND (@action IS NULL OR action = @action OR action LIKE @actionPrefix)
         AND (@result IS NULL OR result = @result)
         AND (@beforeSeq IS NULL OR seq < @beforeSeq)`;

function filterParameters(filter: AuditFilter) {
  return {
    from: filter.from ?? null,
    to: filter.to ?? null,
    userName: filter.userName ?? null,
    action: filter.action ?? null,
    actionPrefix: filter.action ? `${filter.action}.%` : null,
    result: filter.result ?? null,
    beforeSeq: filter.beforeSeq ?? null,
  };
}

/** Filtered rows: the newest `limit` matching ones, newest last (or first with order "newest"). Every filter is a bound parameter. */
export function findAuditRows(db: VaultDb, filter: AuditFilter): AuditRow[] {
  const rows = db
    .prepare(`SELECT ${COLUMNS} ${FILTERED} ORDER BY seq DESC LIMIT @limit`)
    .all({ ...filterParameters(filter), limit: Math.max(1, Math.min(filter.limit ?? 1000, 100_000)) }) as Row[];
  const newestFirst = rows.map(toAuditRow);
  return filter.order === "newest" ? newestFirst : newestFirst.reverse();
}

/** Whether rows matching the filter exist below `beforeSeq` (is there an older page?). */
export function hasAuditRowsBefore(db: VaultDb, filter: AuditFilter, beforeSeq: number): boolean {
  return db.prepare(`SELECT 1 ${FILTERED} LIMIT 1`).get({ ...filterParameters(filter), beforeSeq }) !== undefined;
}
