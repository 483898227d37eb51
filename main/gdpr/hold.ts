import type { VaultSession } from "../auth/session.js";
import { findLegalHoldSince, setLegalHold } from "../vault/queries/retention.js";
import { checkErasureReason, requireDocumentFor } from "./erase.js";

/**
 * Legal hold (manager: documents.hold): a held document cannot be erased, by hand, by a data subject's
 * request or by retention, until the hold is lifted. Setting and lifting are audited with the reason.
 */
export interface HoldReport {
  id: string;
  legalHold: boolean;
  since: string | null;
  changed: boolean;
}

export function setDocumentHold(session: VaultSession, id: string, options: { on: boolean; reason: string }): HoldReport {
  const document = requireDocumentFor(session, id, "documents.hold");
  const reason = checkErasureReason(options.reason, options.on ? "set a legal hold" : "lift a legal hold");
  const changed = document.legalHold !== options.on;
  const since = options.on ? (document.legalHold ? findLegalHoldSince(session.db, id) : session.clock().toISOString()) : null;
  if (changed) setLegalHold(session.db, id, options.on, since);
  session.audit({ action: options.on ? "document.hold" : "document.release", result: "ok", object: `document ${id}`, reason: changed ? reason : `${reason} (no change)` });
  return { id, legalHold: options.on, since, changed };
}

/** Whether a document is held, and since when (managers). */
export function documentHold(session: VaultSession, id: string): HoldReport {
  const document = requireDocumentFor(session, id, "documents.hold");
  return { id, legalHold: document.legalHold, since: document.legalHold ? findLegalHoldSince(session.db, id) : null, changed: false };
}
