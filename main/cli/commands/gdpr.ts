import { writeFileSync } from "node:fs";
import { DOC_TYPES, type DocType } from "../../../shared/invoice.js";
import { eraseDocument } from "../../gdpr/erase.js";
import { setDocumentHold } from "../../gdpr/hold.js";
import { getRetentionPolicy, runRetention, setRetentionPolicy } from "../../gdpr/retention.js";
import { eraseSubject, exportSubject, findSubject, type SubjectQuery } from "../../gdpr/subject.js";
import { CoffreError } from "../../errors.js";
import { flag, optionalString, parse, positional, requireString, UsageError } from "../args.js";
import type { CliIo } from "../io.js";
import { withUserSession } from "../session.js";

const COMMON = { vault: { type: "string" }, as: { type: "string" }, json: { type: "boolean" } } as const;

/** `coffre erase --vault DIR --as MANAGER ID --reason TEXT` */
export async function eraseCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, { ...COMMON, reason: { type: "string" } });
  const id = positional(args, 0, "document id");
  if (args.positionals.length > 1) throw new UsageError("erase takes one document id");
  const reason = requireString(args, "reason");
  return withUserSession(args, io, (session) => {
    const report = eraseDocument(session, id, { reason });
    if (flag(args, "json")) io.out(JSON.stringify({ ok: true, ...report }));
    else io.out(`erased document ${report.id}: ${report.filesDeleted} stored file(s) and their keys destroyed, rows deleted${report.walTruncated ? "" : " (the journal is folded in when the app closes)"}`);
    return 0;
  });
}

/** `coffre hold ID --on|--off --reason TEXT --vault DIR --as MANAGER` */
export async function holdCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parse(argv, { ...COMMON, on: { type: "boolean" }, off: { type: "boolean" }, reason: { type: "string" } });
  const id = positional(args, 0, "document id");
  if (flag(args, "on") === flag(args, "off")) throw new UsageError("give --on or --off");
  const reason = requireString(args, "reason");
  return withUserSession(args, io, (session) => {
    const report = setDocumentHold(session, id, { on: flag(args, "on"), reason });
    if (flag(args, "json")) io.out(JSON.stringify(report));
    else io.out(report.legalHold ? `document ${id} is under legal hold${report.changed ? "" : " (it already was)"}` : `document ${id} is not under legal hold${report.changed ? " any more" : ""}`);
    return 0;
  });
}

function docTypeOption(value: string | undefined): DocType | undefined {
  if (value === undefined) return undefined;
  if (!(DOC_TYPES as readonly string[]).includes(value)) throw new UsageError("--type must be invoice, credit-note or other");
  return value as DocType;
}

/** `coffre retention show | set --type T --years N | set --fiscal-year-end MM-DD | run [--dry-run]` */
export async function retentionCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parse(rest, { ...COMMON, type: { type: "string" }, years: { type: "string" }, "fiscal-year-end": { type: "string" }, "dry-run": { type: "boolean" } });
  const json = flag(args, "json");
  if (sub === "show") {
    return withUserSession(args, io, (session) => {
      const policy = getRetentionPolicy(session);
      if (json) io.out(JSON.stringify(policy));
      else {
        for (const [type, years] of Object.entries(policy.years)) io.out(`${type.padEnd(12)} ${years} years`);
        io.out(`counted from the end of the fiscal year (${policy.fiscalYearEnd}) that holds the document's date`);
      }
      return 0;
    });
  }
  if (sub === "set") {
    const type = docTypeOption(optionalString(args, "type"));
    const yearsText = optionalString(args, "years");
    const fiscalYearEnd = optionalString(args, "fiscal-year-end");
    if ((type === undefined) !== (yearsText === undefined)) throw new UsageError("give --type and --years together");
    if (type === undefined && fiscalYearEnd === undefined) throw new UsageError("give --type T --years N, or --fiscal-year-end MM-DD");
    const years = yearsText === undefined ? undefined : Number(yearsText);
    return withUserSession(args, io, (session) => {
      const policy = setRetentionPolicy(session, { ...(type ? { docType: type } : {}), ...(years !== undefined ? { years } : {}), ...(fiscalYearEnd ? { fiscalYearEnd } : {}) });
      if (json) io.out(JSON.stringify(policy));
      else io.out(`retention: ${Object.entries(policy.years).map(([t, y]) => `${t} ${y} years`).join(", ")}; fiscal year ends ${policy.fiscalYearEnd}`);
      return 0;
    });
  }
  if (sub === "run") {
    const dryRun = flag(args, "dry-run");
    return withUserSession(args, io, (session) => {
      const report = runRetention(session, { dryRun });
      if (json) {
        io.out(JSON.stringify(report));
        return 0;
      }
      for (const entry of report.expired) {
        const state = entry.legalHold ? "held, kept" : dryRun ? "would be erased" : report.erased.includes(entry.id) ? "erased" : "not erased";
        io.out(`${entry.id}  ${entry.docType.padEnd(11)}  kept until ${entry.keepUntil}  ${state}`);
      }
      for (const failure of report.failed) io.err(`coffre: ${failure.id}: ${failure.reason}`);
      io.out(
        dryRun
          ? `${report.expired.length} document(s) past retention as of ${report.asOf}, ${report.held.length} under legal hold; nothing erased (dry run)`
          : `${report.erased.length} document(s) erased, ${report.held.length} under legal hold kept, as of ${report.asOf}`,
      );
      return report.failed.length > 0 ? 1 : 0;
    });
  }
  throw new UsageError("retention show | set | run: see coffre --help");
}

/** `coffre subject find | export | erase [--email E] [--phone P] [--iban I] [--vat V] ...` */
export async function subjectCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parse(rest, {
    ...COMMON,
    email: { type: "string" },
    phone: { type: "string" },
    iban: { type: "string" },
    vat: { type: "string" },
    reason: { type: "string" },
    out: { type: "string" },
  });
  const query: SubjectQuery = {};
  for (const kind of ["email", "phone", "iban", "vat"] as const) {
    const value = optionalString(args, kind);
    if (value !== undefined) query[kind] = value;
  }
  if (Object.keys(query).length === 0) throw new UsageError("give at least one of --email, --phone, --iban or --vat");
  const json = flag(args, "json");
  if (sub === "find") {
    return withUserSession(args, io, (session) => {
      const matches = findSubject(session, query);
      for (const match of matches) {
        if (json) io.out(JSON.stringify(match));
        else io.out([match.id, match.issueDate ?? "----------", match.docType.padEnd(11), (match.supplier ?? "-").slice(0, 28).padEnd(28), match.matchedBy.join(","), match.legalHold ? "HELD" : ""].join("  ").trimEnd());
      }
      if (!json) io.err(`coffre: ${matches.length} document(s) hold this data subject's identifiers`);
      return 0;
    });
  }
  if (sub === "export") {
    const out = requireString(args, "out");
    const reason = requireString(args, "reason");
    return withUserSession(args, io, (session) => {
      const exported = exportSubject(session, query, { reason });
      try {
        writeFileSync(out, `${JSON.stringify(exported, null, 2)}\n`, { mode: 0o600, flag: "wx" });
      } catch (error) {
        if ((error as { code?: string }).code === "EEXIST") throw new CoffreError("BAD_INPUT", "--out already exists; choose a new file name");
        throw new CoffreError("BAD_INPUT", "cannot write the --out file");
      }
      if (json) io.out(JSON.stringify({ ok: true, out, documents: exported.documents.length }));
      else io.out(`exported ${exported.documents.length} document(s), values revealed, to ${out} (audited; the file holds clear personal data: hand it over securely, then delete it)`);
      return 0;
    });
  }
  if (sub === "erase") {
    const reason = requireString(args, "reason");
    return withUserSession(args, io, (session) => {
      const report = eraseSubject(session, query, { reason });
      if (json) io.out(JSON.stringify(report));
      else {
        for (const id of report.erased) io.out(`erased   ${id}`);
        for (const id of report.held) io.out(`held     ${id}  (under legal hold: not erased)`);
        for (const failure of report.failed) io.err(`coffre: ${failure.id}: ${failure.reason}`);
        io.out(`${report.erased.length} document(s) erased, ${report.held.length} kept under legal hold`);
      }
      return report.failed.length > 0 || report.held.length > 0 ? 1 : 0;
    });
  }
  throw new UsageError("subject find | export | erase: see coffre --help");
}
