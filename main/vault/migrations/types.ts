import type { VaultDb } from "../database.js";

/** One schema version. `up` runs inside a transaction together with the bump of user_version. */
export interface Migration {
  version: number;
  name: string;
  up(db: VaultDb): void;
}
