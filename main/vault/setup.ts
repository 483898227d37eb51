import type { UserId } from "../../shared/domain.js";
import type { VaultDb } from "./database.js";
import { migrate } from "./migrations/index.js";
import { setMeta } from "./queries/meta.js";
import { insertUser } from "./queries/users.js";

/** Fills a brand-new vault database: schema, vault metadata and the first admin, in one transaction. */
export function initialiseVaultDatabase(
  db: VaultDb,
  args: { vaultId: string; sensitivePublicKey: string; mfaRequired: boolean; admin: { id: UserId; name: string }; now: string },
): void {
  migrate(db);
  db.transaction(() => {
    setMeta(db, "format", "coffre-vault/1");
    setMeta(db, "vault_id", args.vaultId);
    setMeta(db, "sensitive_public_key", args.sensitivePublicKey);
    setMeta(db, "created_at", args.now);
    setMeta(db, "mfa_required", args.mfaRequired ? "1" : "0");
    insertUser(db, {
      id: args.admin.id,
      name: args.admin.name,
      role: "admin",
      status: "active",
      slotVersion: 1,
      mustChangePassword: false,
      createdAt: args.now,
    });
  })();
}
