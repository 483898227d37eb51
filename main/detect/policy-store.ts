/**
 * The sensitive-data policy as the vault holds it: design.md's defaults (policy.ts), overridden per type
 * by the admin. The import pipeline reads it at every import; only a user with `policy.manage` (the
 * admin) may read or change it through these service functions, and every change is audited with the
 * old and new action of the type, never a value. Callers: the CLI (`coffre policy sensitive`) and the
 * IPC router.
 */
import { z } from "zod";
import { authorize } from "../auth/authorize.js";
import type { VaultSession } from "../auth/session.js";
import type { VaultDb } from "../vault/database.js";
import { listSensitivePolicyRows, upsertSensitivePolicyRow } from "../vault/queries/policy.js";
import { findUserById } from "../vault/queries/users.js";
import { DEFAULT_POLICY, SENSITIVE_TYPES, type PolicyAction, type SensitivePolicy, type SensitiveType } from "./policy.js";

export const POLICY_ACTIONS = ["encrypt", "redact", "keep"] as const satisfies readonly PolicyAction[];
export const sensitiveTypeSchema = z.enum(SENSITIVE_TYPES);
export const policyActionSchema = z.enum(POLICY_ACTIONS);

/** One line of the policy as an admin sees it. */
export interface SensitivePolicyEntry {
  type: SensitiveType;
  action: PolicyAction;
  defaultAction: PolicyAction;
  /** Who set it last and when; null while it is the default never touched. */
  changedBy: string | null;
  changedAt: string | null;
}

/** The policy in force (defaults plus the admin's choices). No permission: the pipeline applies it for any importer. */
export function readSensitivePolicy(db: VaultDb): SensitivePolicy {
  const policy: SensitivePolicy = { ...DEFAULT_POLICY };
  for (const row of listSensitivePolicyRows(db)) {
    const type = sensitiveTypeSchema.safeParse(row.type);
    const action = policyActionSchema.safeParse(row.action);
    if (type.success && action.success) policy[type.data] = action.data;
  }
  return policy;
}

function entries(session: VaultSession): SensitivePolicyEntry[] {
  const rows = new Map(listSensitivePolicyRows(session.db).map((row) => [row.type, row]));
  const policy = readSensitivePolicy(session.db);
  return SENSITIVE_TYPES.map((type) => {
    const row = rows.get(type);
    return {
      type,
      action: policy[type],
      defaultAction: DEFAULT_POLICY[type],
      changedBy: row?.changedBy ? (findUserById(session.db, row.changedBy)?.name ?? null) : null,
      changedAt: row?.changedAt ?? null,
    };
  });
}

/** The policy, type by type, for the admin. */
export function getSensitivePolicy(session: VaultSession): SensitivePolicyEntry[] {
  authorize(session, "policy.manage");
  return entries(session);
}

export type SetPolicyResult = { ok: true; entry: SensitivePolicyEntry; changed: boolean } | { ok: false; error: "UNKNOWN_TYPE" | "UNKNOWN_ACTION"; message: string };

/**
 * Sets what happens to one type of sensitive value at the next imports (documents already stored keep
 * the protection they were stored with). Refused (and audited) for anyone but the admin.
 */
export function setSensitivePolicyAction(session: VaultSession, type: string, action: string): SetPolicyResult {
  const user = authorize(session, "policy.manage");
  const parsedType = sensitiveTypeSchema.safeParse(type);
  if (!parsedType.success) return { ok: false, error: "UNKNOWN_TYPE", message: `unknown sensitive type ${JSON.stringify(type.slice(0, 20))}; known: ${SENSITIVE_TYPES.join(", ")}` };
  const parsedAction = policyActionSchema.safeParse(action);
  if (!parsedAction.success) return { ok: false, error: "UNKNOWN_ACTION", message: `unknown action ${JSON.stringify(action.slice(0, 20))}; use encrypt, redact or keep` };
  const old = readSensitivePolicy(session.db)[parsedType.data];
  const changed = old !== parsedAction.data;
  if (changed) {
    upsertSensitivePolicyRow(session.db, { type: parsedType.data, action: parsedAction.data, changedBy: user?.id ?? null, changedAt: session.clock().toISOString() });
    session.audit({ action: "policy.change", result: "ok", object: `sensitive-policy ${parsedType.data}`, reason: `${old} -> ${parsedAction.data}` });
  }
  const entry = entries(session).find((candidate) => candidate.type === parsedType.data);
  if (!entry) throw new Error("the policy entry just written is missing");
  return { ok: true, entry, changed };
}
