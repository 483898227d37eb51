// CHANGELOG for the renderer:
// - v1: first version (channels below, envelope, events import.progress, backup.progress, session.locked).
//   auth.login takes no `vault` field: the app (and the e2e bridge) always opens the vault it was started on.
// - v2: dialog.chooseFolder added (for backups.run). In the app, documents.export and backups.run accept only a
//   path/folder the user has just chosen through dialog.saveFile / dialog.chooseFolder (FORBIDDEN otherwise);
//   in the e2e bridge (no dialogs) any absolute path is accepted.
// - v4: policy.sensitive / policy.setSensitive: the admin-editable sensitive-data policy (main/detect/policy-store.ts).
// - v5: audit.list takes `order` ("newest" first, or "oldest" first: the default, as before) and `before` (a seq: only
//   older rows), and answers `olderBefore`: the `before` of the next older page, null when there is none. Either way
//   the rows are the newest `limit` matching ones; a newest-first viewer pages back with `before`.
// - v6: documents.erase (GDPR erasure, reason required, FORBIDDEN under legal hold), documents.holdStatus and
//   documents.setHold (legal hold on/off with a reason): managers only (documents.erase / documents.hold).
// - v7: scheduled backups: backups.schedule / backups.setSchedule (folder, interval, keep, age recipients or the NAME
//   of an environment variable holding the passphrase: no secret is stored), backups.status (last good backup,
//   due, `warning` when backups need attention), backups.runScheduled (now if due, or `force`). Admin (backup.run).
/**
 * The IPC contract: one table of channels, each with a strict zod request schema, a response schema and the
 * permission it needs ("public": no session; "session": any unlocked session; otherwise a permission name
 * of the role table, checked by main/auth/authorize.ts). Shared by the router (main/ipc), the preload
 * (channel names only) and the renderer (renderer/api). Imports only zod and other shared/ files.
 *
 * Every call answers with an Envelope; push events (main -> renderer) are in EVENTS.
 */
import { z } from "zod";
import { AUDIT_ACTIONS } from "../audit.js";
import { ROLES } from "../domain.js";
import { ERROR_CODES, type ErrorCode } from "../errors.js";
import { DOC_TYPES, FIELD_NAMES } from "../invoice.js";
import { PERMISSION_NAMES, type Permission } from "../permissions.js";

// ---- Limits on what a renderer may send -------------------------------------------------------------

export const LIMITS = {
  /** Any free text field (search text, reasons, view names). */
  text: 500,
  name: 64,
  password: 1024,
  path: 4096,
  id: 64,
  /** Files in one import call. */
  importPaths: 500,
  /** An opaque search cursor. */
  cursor: 512,
  pageSize: 200,
  auditPageSize: 1000,
  savedViews: 100,
} as const;

/** Largest request accepted at all, serialised (a cheap first gate before the schema). */
export const MAX_REQUEST_BYTES = 4 * LIMITS.path * LIMITS.importPaths;

const text = (max: number = LIMITS.text) => z.string().max(max);
const nonEmpty = (max: number = LIMITS.text) => z.string().min(1).max(max);
/** Opaque ids (documents, views, jobs): what the main side handed out, nothing else. */
const opaqueId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not an id");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");
const isoTime = z.string().max(40);
const amount = z.string().regex(/^\d{1,12}([.,]\d{1,2})?$/, "an amount like 120 or 120.50");
const userName = nonEmpty(LIMITS.name);
const password = nonEmpty(LIMITS.password);
const filePath = nonEmpty(LIMITS.path);
const role = z.enum(ROLES);
const empty = z.strictObject({});
const reason = nonEmpty(LIMITS.text);

export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

// ---- Shared shapes --------------------------------------------------------------------------------------

export const SessionUserSchema = z.strictObject({ name: z.string(), role });

export const UserSummarySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  role,
  status: z.enum(["active", "disabled"]),
  mustChangePassword: z.boolean(),
  canReveal: z.boolean(),
  createdAt: z.string(),
});

const nullableString = z.string().nullable();
export const FieldsSchema = z.strictObject(Object.fromEntries(FIELD_NAMES.map((name) => [name, nullableString])) as Record<(typeof FIELD_NAMES)[number], typeof nullableString>);

export const WarningSchema = z.strictObject({
  field: z.union([z.enum(FIELD_NAMES), z.literal("totals"), z.literal("document")]),
  code: z.enum(["arithmetic", "checksum", "missing", "duplicate", "low-confidence"]),
  message: z.string(),
});

export const SensitiveItemSchema = z.strictObject({
  type: z.string(),
  field: z.string().nullable(),
  page: z.number().int().nullable(),
  /** [x0, y0, x1, y1] in the page's units (see DocumentSchema.pageUnits). */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  action: z.string(),
  masked: z.string(),
});

export const RevealedItemSchema = SensitiveItemSchema.extend({ value: z.string() });

/** A piece of a search snippet: `hit` pieces are the matched words, to highlight. Plain text, never HTML. */
export const SnippetSchema = z.array(z.strictObject({ text: z.string(), hit: z.boolean() }));

export const DocumentListItemSchema = z.strictObject({
  id: z.string(),
  fileName: z.string(),
  docType: z.enum(DOC_TYPES),
  supplier: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  issueDate: z.string().nullable(),
  totalGross: z.string().nullable(),
  currency: z.string().nullable(),
  warnings: z.number().int(),
  duplicate: z.boolean(),
  importedAt: z.string(),
  /** With a text search: where the words matched (masked text). */
  snippet: SnippetSchema.nullable(),
});

export const SORT_KEYS = ["date", "amount", "supplier", "imported"] as const;

export const SearchQuerySchema = z.strictObject({
  text: text().optional(),
  supplier: text(LIMITS.name * 2).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  min: amount.optional(),
  max: amount.optional(),
  type: z.enum(DOC_TYPES).optional(),
  /** true: only documents with warnings; false: only without. */
  warnings: z.boolean().optional(),
  /** Exact search through the blind index (the value is never stored or logged). */
  iban: text(64).optional(),
  vat: text(64).optional(),
  sort: z.strictObject({ by: z.enum(SORT_KEYS), dir: z.enum(["asc", "desc"]) }).optional(),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const DocumentSchema = z.strictObject({
  id: z.string(),
  fileName: z.string(),
  docType: z.enum(DOC_TYPES),
  supplier: z.string().nullable(),
  /** Sensitive fields hold their masked form. */
  fields: FieldsSchema,
  warnings: z.array(WarningSchema),
  duplicateOf: z.string().nullable(),
  sensitive: z.array(SensitiveItemSchema),
  pages: z.number().int(),
  /** "points" for PDFs with a text layer, "pixels" for scans: the unit of bbox and of page sizes. */
  pageUnits: z.enum(["points", "pixels"]),
  pageSizes: z.array(z.strictObject({ page: z.number().int(), width: z.number(), height: z.number() })),
  source: z.enum(["facturx", "text", "ocr"]),
  ocrConfidence: z.number().nullable(),
  importedAt: z.string(),
  /** Whether this user may reveal (manager holding the reveal key). */
  canReveal: z.boolean(),
});

export const ImportResultSchema = z.strictObject({
  id: z.string().nullable(),
  file: z.string(),
  status: z.enum(["imported", "duplicate", "quarantined"]),
  reason: z.string().nullable(),
  docType: z.enum(DOC_TYPES).nullable(),
  supplier: z.string().nullable(),
  warnings: z.number().int(),
  duplicateOf: z.string().nullable(),
  pages: z.number().int(),
});

export const SavedViewSchema = z.strictObject({ id: z.string(), name: z.string(), query: SearchQuerySchema, createdAt: z.string() });

export const AuditEntrySchema = z.strictObject({
  seq: z.number().int(),
  time: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  object: z.string().nullable(),
  result: z.enum(["ok", "denied", "failed"]),
  reason: z.string().nullable(),
});

export const LockoutPolicySchema = z.strictObject({
  delayAfter: z.number().int().min(1).max(100),
  baseDelaySeconds: z.number().int().min(1).max(3600),
  maxDelaySeconds: z.number().int().min(1).max(86_400),
  ceiling: z.number().int().min(5).max(1000),
});

export const POLICY_ACTIONS = ["encrypt", "redact", "keep"] as const;
export const SensitivePolicyEntrySchema = z.strictObject({
  type: z.string(),
  action: z.enum(POLICY_ACTIONS),
  defaultAction: z.enum(POLICY_ACTIONS),
  changedBy: z.string().nullable(),
  changedAt: z.string().nullable(),
});

export const SecurityUserSchema = z.strictObject({
  user: z.string(),
  events: z.number().int(),
  failedLogins: z.number().int(),
  lockouts: z.number().int(),
  denied: z.number().int(),
  reveals: z.number().int(),
  exports: z.number().int(),
  erasures: z.number().int(),
  nightEvents: z.number().int(),
  peaks: z.strictObject({ failedLogins: z.number().int(), exports: z.number().int(), reveals: z.number().int() }),
  flags: z.array(z.string()),
});

export const BackupScheduleSchema = z.strictObject({
  folder: filePath,
  intervalHours: z.number().positive().max(24 * 366),
  keep: z.number().int().min(1).max(1000),
  encryption: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("recipients"), recipients: z.array(z.string().max(100)).min(1).max(20) }),
    z.strictObject({ kind: z.literal("passphrase-env"), variable: z.string().max(64).regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name, like COFFRE_BACKUP_PASSPHRASE") }),
  ]),
  warnAfterHours: z.number().positive().max(24 * 366 * 2).optional(),
});

export const BackupStatusSchema = z.strictObject({
  configured: z.boolean(),
  lastGood: z.string().nullable(),
  lastFile: z.string().nullable(),
  lastError: z.string().nullable(),
  due: z.boolean(),
  /** One sentence when backups need attention (none yet, too old, last attempt failed), else null. */
  warning: z.string().nullable(),
});

// ---- The channels ---------------------------------------------------------------------------------------

export type ChannelPermission = "public" | "session" | Permission;

interface ChannelSpec {
  request: z.ZodType;
  response: z.ZodType;
  permission: ChannelPermission;
}

function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res, permission: ChannelPermission) {
  return { request, response, permission } as const;
}

export const CHANNELS = {
  // -- Account and session
  /** Unlocks the app's vault. A TOTP (or recovery) code is needed when the user has MFA: MFA_REQUIRED asks for it. */
  "auth.login": channel(
    z.strictObject({ name: userName, password, totp: z.string().min(1).max(32).optional() }),
    z.strictObject({ user: SessionUserSchema, mustChangePassword: z.boolean(), mfaEnrolmentRequired: z.boolean() }),
    "public",
  ),
  /** Locks this window's session (keys wiped). Always succeeds. */
  "auth.logout": channel(empty, z.strictObject({ locked: z.literal(true) }), "public"),
  /** Who is logged in in this window (null when locked). */
  "auth.me": channel(
    empty,
    z.strictObject({
      user: SessionUserSchema.nullable(),
      mustChangePassword: z.boolean(),
      mfaEnabled: z.boolean(),
      mfaEnrolmentRequired: z.boolean(),
      canReveal: z.boolean(),
      idleLockSeconds: z.number().int(),
    }),
    "public",
  ),
  /** Activity in the window (keys, mouse): postpones the idle lock. */
  "auth.touch": channel(empty, z.strictObject({ ok: z.literal(true) }), "session"),
  /** Changes one's own password (first login or later); the current one is checked again. */
  "auth.changePassword": channel(z.strictObject({ current: password, next: password }), z.strictObject({ changed: z.literal(true) }), "self.password"),
  /** Starts TOTP enrolment: the otpauth URI, its key, and a QR code as a data:image/png URL. */
  "auth.mfaEnrol": channel(empty, z.strictObject({ uri: z.string(), secret: z.string(), qrDataUrl: z.string() }), "self.mfa"),
  /** Confirms enrolment with a first code; the recovery codes are shown once. */
  "auth.mfaConfirm": channel(z.strictObject({ code: z.string().min(6).max(12) }), z.strictObject({ recoveryCodes: z.array(z.string()) }), "self.mfa"),

  // -- UI preferences (no secret ever): usable before login, for the unlock screen's language.
  "prefs.get": channel(empty, z.strictObject({ language: z.enum(LANGUAGES).nullable() }), "public"),
  "prefs.set": channel(z.strictObject({ language: z.enum(LANGUAGES) }), z.strictObject({ language: z.enum(LANGUAGES) }), "public"),

  // -- Native dialogs (the app only; the e2e bridge answers BAD_INPUT). Paths chosen here may be sent back.
  "dialog.openFiles": channel(empty, z.strictObject({ paths: z.array(z.string()) }), "documents.import"),
  "dialog.saveFile": channel(z.strictObject({ suggestedName: nonEmpty(255) }), z.strictObject({ path: z.string().nullable() }), "documents.export"),
  /** The folder a backup goes to (backups.run takes it back). */
  "dialog.chooseFolder": channel(empty, z.strictObject({ path: z.string().nullable() }), "backup.run"),

  // -- Documents
  /**
   * Imports files (paths from dialog.openFiles or a drop). `jobId` is chosen by the renderer; progress comes
   * as `import.progress` events with that jobId; the call answers when every file is done or cancelled.
   */
  "documents.import": channel(
    z.strictObject({ jobId: opaqueId, paths: z.array(filePath).min(1).max(LIMITS.importPaths) }),
    z.strictObject({ results: z.array(ImportResultSchema), cancelled: z.boolean() }),
    "documents.import",
  ),
  /** Stops an import of this window after the documents in progress. */
  "documents.importCancel": channel(z.strictObject({ jobId: opaqueId }), z.strictObject({ cancelled: z.boolean() }), "documents.import"),
  /** Files refused at import, with the reason (clerks: their own). */
  "documents.quarantine": channel(
    empty,
    z.strictObject({ items: z.array(z.strictObject({ id: z.string(), fileName: z.string(), byteSize: z.number().int(), reason: z.string(), createdAt: z.string() })) }),
    "documents.read",
  ),
  /** The archive list: filters, sort, keyset pagination (`cursor` = `nextCursor` of the previous page). */
  "documents.search": channel(
    z.strictObject({ query: SearchQuerySchema, cursor: z.string().max(LIMITS.cursor).optional(), limit: z.number().int().min(1).max(LIMITS.pageSize).optional() }),
    z.strictObject({ items: z.array(DocumentListItemSchema), nextCursor: z.string().nullable() }),
    "documents.read",
  ),
  /** One document: fields (sensitive ones masked), checks, duplicate flag, where the masked boxes are. */
  "documents.get": channel(z.strictObject({ id: opaqueId }), DocumentSchema, "documents.read"),
  /** One page's masked rendition as a data:image/png URL (pages count from 1). */
  "documents.page": channel(
    z.strictObject({ id: opaqueId, page: z.number().int().min(1).max(10_000) }),
    z.strictObject({ dataUrl: z.string(), width: z.number(), height: z.number() }),
    "documents.read",
  ),
  /** Corrects one field; the checks run again. */
  "documents.correct": channel(
    z.strictObject({ id: opaqueId, field: z.enum(FIELD_NAMES), value: text(200) }),
    z.strictObject({ fields: FieldsSchema, warnings: z.array(WarningSchema) }),
    "documents.import",
  ),
  /** Manager: the clear sensitive values, for this answer only; audited with the reason. */
  "documents.reveal": channel(
    z.strictObject({ id: opaqueId, reason: z.string().trim().min(3).max(LIMITS.text) }),
    z.strictObject({ fields: FieldsSchema, sensitive: z.array(z.union([RevealedItemSchema, SensitiveItemSchema])) }),
    "documents.reveal",
  ),
  /** Redacted PDF to a path chosen with dialog.saveFile; checked before it is written. */
  "documents.export": channel(
    z.strictObject({ id: opaqueId, outPath: filePath }),
    z.strictObject({ pages: z.number().int(), bytes: z.number().int() }),
    "documents.export",
  ),

  // -- GDPR (managers)
  /** Erases one document for good (crypto-shredding, rows deleted); the reason goes to the audit trail. Refused under legal hold. */
  "documents.erase": channel(
    z.strictObject({ id: opaqueId, reason: z.string().trim().min(3).max(LIMITS.text) }),
    z.strictObject({ id: z.string(), erasedAt: z.string(), filesDeleted: z.number().int(), supplierRemoved: z.boolean() }),
    "documents.erase",
  ),
  /** Whether a document is under legal hold, and since when. */
  "documents.holdStatus": channel(z.strictObject({ id: opaqueId }), z.strictObject({ legalHold: z.boolean(), since: z.string().nullable() }), "documents.hold"),
  /** Places or lifts a legal hold (a held document cannot be erased); audited with the reason. */
  "documents.setHold": channel(
    z.strictObject({ id: opaqueId, on: z.boolean(), reason: z.string().trim().min(3).max(LIMITS.text) }),
    z.strictObject({ legalHold: z.boolean(), since: z.string().nullable(), changed: z.boolean() }),
    "documents.hold",
  ),

  // -- Saved views (per user)
  "views.list": channel(empty, z.strictObject({ views: z.array(SavedViewSchema) }), "documents.read"),
  "views.save": channel(z.strictObject({ name: nonEmpty(LIMITS.name), query: SearchQuerySchema }), z.strictObject({ view: SavedViewSchema }), "documents.read"),
  "views.delete": channel(z.strictObject({ id: opaqueId }), z.strictObject({ deleted: z.boolean() }), "documents.read"),

  // -- Administration
  "users.list": channel(empty, z.strictObject({ users: z.array(UserSummarySchema) }), "users.manage"),
  "users.add": channel(z.strictObject({ name: userName, role, temporaryPassword: password }), z.strictObject({ user: UserSummarySchema }), "users.manage"),
  "users.disable": channel(z.strictObject({ name: userName, reason: reason.optional() }), z.strictObject({ user: UserSummarySchema }), "users.manage"),
  /** A locked-out user is released; a disabled user needs a new temporary password. */
  "users.enable": channel(z.strictObject({ name: userName, temporaryPassword: password.optional() }), z.strictObject({ user: UserSummarySchema }), "users.manage"),
  "users.setRole": channel(z.strictObject({ name: userName, role }), z.strictObject({ user: UserSummarySchema }), "users.manage"),
  "users.resetMfa": channel(z.strictObject({ name: userName, reason: reason.optional() }), z.strictObject({ user: UserSummarySchema }), "mfa.reset"),
  "users.revoke": channel(z.strictObject({ name: userName, reason: reason.optional() }), z.strictObject({ user: UserSummarySchema }), "users.manage"),
  /** A manager holding the reveal key gives it to another manager. */
  "users.grantReveal": channel(z.strictObject({ name: userName }), z.strictObject({ user: UserSummarySchema }), "reveal.grant"),
  "policy.get": channel(empty, z.strictObject({ lockout: LockoutPolicySchema, mfaRequired: z.boolean() }), "policy.manage"),
  "policy.setLockout": channel(
    z.strictObject({ ceiling: z.number().int().min(5).max(1000).optional(), delayAfter: z.number().int().min(1).max(100).optional() }),
    z.strictObject({ lockout: LockoutPolicySchema }),
    "policy.manage",
  ),
  "policy.setMfaRequired": channel(z.strictObject({ required: z.boolean() }), z.strictObject({ mfaRequired: z.boolean() }), "policy.manage"),
  /** The sensitive-data policy, type by type: what happens to each kind of value at the next imports. */
  "policy.sensitive": channel(empty, z.strictObject({ entries: z.array(SensitivePolicyEntrySchema) }), "policy.manage"),
  "policy.setSensitive": channel(
    z.strictObject({ type: z.string().min(1).max(20), action: z.enum(POLICY_ACTIONS) }),
    z.strictObject({ entry: SensitivePolicyEntrySchema, changed: z.boolean() }),
    "policy.manage",
  ),
  /** Writes an encrypted backup (age, passphrase) into `folder`; progress as `backup.progress` events. */
  "backups.run": channel(
    z.strictObject({ folder: filePath, passphrase: z.string().min(12).max(LIMITS.password) }),
    z.strictObject({ file: z.string(), entries: z.number().int(), blobs: z.number().int(), bytes: z.number().int(), createdAt: z.string() }),
    "backup.run",
  ),
  /** Backups made from this vault, from the audit trail (newest first). */
  "backups.list": channel(
    empty,
    z.strictObject({ backups: z.array(z.strictObject({ time: z.string(), userName: z.string().nullable(), result: z.enum(["ok", "denied", "failed"]), detail: z.string().nullable() })) }),
    "backup.run",
  ),
  /** The backup schedule (null: none set). */
  "backups.schedule": channel(empty, z.strictObject({ schedule: BackupScheduleSchema.nullable() }), "backup.run"),
  "backups.setSchedule": channel(z.strictObject({ schedule: BackupScheduleSchema }), z.strictObject({ schedule: BackupScheduleSchema }), "backup.run"),
  /** Whether a scheduled backup is due and whether to warn (configured: false when there is no schedule). */
  "backups.status": channel(empty, BackupStatusSchema, "backup.run"),
  /** Runs the scheduled backup now if it is due (or always with `force`); a failure is in `status.warning`, not an error. */
  "backups.runScheduled": channel(
    z.strictObject({ force: z.boolean().optional() }),
    z.strictObject({ ran: z.boolean(), file: z.string().nullable(), bytes: z.number().int().nullable(), pruned: z.number().int(), status: BackupStatusSchema }),
    "backup.run",
  ),
  "security.report": channel(
    z.strictObject({ from: isoDate, to: isoDate }),
    z.strictObject({ from: z.string(), to: z.string(), users: z.array(SecurityUserSchema) }),
    "security.report",
  ),

  // -- Audit
  /**
   * Filtered audit rows: the newest `limit` (default 1000) matching ones, oldest first unless `order` is "newest".
   * `before` (a seq) keeps only older rows: pass the previous answer's `olderBefore` to page back.
   */
  "audit.list": channel(
    z.strictObject({
      from: isoTime.optional(),
      to: isoTime.optional(),
      user: text(LIMITS.name).optional(),
      action: text(40).optional(),
      result: z.enum(["ok", "denied", "failed"]).optional(),
      limit: z.number().int().min(1).max(LIMITS.auditPageSize).optional(),
      order: z.enum(["newest", "oldest"]).optional(),
      before: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    }),
    z.strictObject({ entries: z.array(AuditEntrySchema), olderBefore: z.number().int().nullable() }),
    "audit.read",
  ),
  "audit.verify": channel(
    empty,
    z.strictObject({
      ok: z.boolean(),
      rows: z.number().int(),
      head: z.strictObject({ seq: z.number().int(), mac: z.string() }).nullable(),
      firstBad: z.strictObject({ seq: z.number().int(), problem: z.string() }).nullable(),
      notes: z.array(z.string()),
    }),
    "audit.read",
  ),
} as const satisfies Record<string, ChannelSpec>;

export type ChannelName = keyof typeof CHANNELS;
export type ChannelRequest<C extends ChannelName> = z.input<(typeof CHANNELS)[C]["request"]>;
export type ChannelResponse<C extends ChannelName> = z.output<(typeof CHANNELS)[C]["response"]>;

export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];

export function isChannelName(value: string): value is ChannelName {
  return Object.hasOwn(CHANNELS, value);
}

// ---- Push events (main -> renderer) ---------------------------------------------------------------------

export const EVENTS = {
  "import.progress": z.strictObject({
    jobId: z.string(),
    /** "document": a document's stage; "page": OCR of one page; "done": one document finished. */
    type: z.enum(["document", "page", "done"]),
    file: z.string(),
    index: z.number().int().nullable(),
    total: z.number().int().nullable(),
    stage: z.enum(["start", "parse", "ocr", "classify", "store"]).nullable(),
    page: z.number().int().nullable(),
    pages: z.number().int().nullable(),
    result: ImportResultSchema.nullable(),
  }),
  "backup.progress": z.strictObject({ bytesDone: z.number(), bytesTotal: z.number() }),
  /** The session was locked (idle, suspend, screen lock, revoked): show the unlock screen. */
  "session.locked": z.strictObject({ reason: z.string() }),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

// ---- Envelope -------------------------------------------------------------------------------------------

export const ErrorSchema = z.strictObject({ code: z.enum(ERROR_CODES), message: z.string() });
export type IpcError = { code: ErrorCode; message: string };
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** The permissions the contract names (each must exist in the role table; tested). */
export const CONTRACT_PERMISSIONS: readonly ChannelPermission[] = ["public", "session", ...PERMISSION_NAMES];
