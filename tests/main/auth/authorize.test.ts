import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorize } from "../../../main/auth/authorize.js";
import { PERMISSIONS, type Permission } from "../../../main/auth/permissions.js";
import type { VaultSession } from "../../../main/auth/session.js";
import { findAuditRows } from "../../../main/vault/queries/audit.js";
import { ROLES, type Role, type UserId } from "../../../shared/domain.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { makeVault, unlock } from "../../helpers/vault.js";

const USERS: Record<Role, [string, string]> = {
  admin: ["alice", PASSWORDS.admin],
  manager: ["marc", PASSWORDS.manager],
  clerk: ["claire", PASSWORDS.clerk],
  auditor: ["olga", PASSWORDS.auditor],
};

describe("authorize(): the role table of design.md, deny by default", () => {
  const sessions = new Map<Role, VaultSession>();
  let dir = "";

  beforeAll(async () => {
    dir = (await makeVault({ lifetime: "file" })).dir;
    for (const role of ROLES) {
      const [name, password] = USERS[role];
      sessions.set(role, await unlock(dir, name, password));
    }
  });
  afterAll(() => {
    for (const session of sessions.values()) session.lock();
  });

  const session = (role: Role): VaultSession => {
    const found = sessions.get(role);
    if (!found) throw new Error(`no ${role} session`);
    return found;
  };

  const cases = (Object.keys(PERMISSIONS) as Permission[]).flatMap((permission) =>
    ROLES.map((role) => ({ permission, role, allowed: (PERMISSIONS[permission] as readonly Role[]).includes(role) })),
  );

  it.each(cases)("$permission for $role: allowed=$allowed", ({ permission, role, allowed }) => {
    const actor = session(role);
    const deniedBefore = findAuditRows(actor.db, { action: "permission.denied", userName: USERS[role][0] }).length;
    if (allowed) {
      expect(authorize(actor, permission)?.role).toBe(role);
      expect(findAuditRows(actor.db, { action: "permission.denied", userName: USERS[role][0] })).toHaveLength(deniedBefore);
    } else {
      expect(() => authorize(actor, permission)).toThrow(new RegExp(`^an? ${role} may not `));
      const denied = findAuditRows(actor.db, { action: "permission.denied", userName: USERS[role][0] });
      expect(denied).toHaveLength(deniedBefore + 1);
      expect(denied.at(-1)).toMatchObject({ result: "denied", object: permission, reason: expect.stringMatching(/may not/) });
    }
  });

  it("denies a permission that is not in the table", () => {
    expect(() => authorize(session("admin"), "documents.format-disk" as Permission)).toThrow(/may not/);
  });

  it("lets a clerk read and export only the documents they imported; managers read all", () => {
    const clerk = session("clerk");
    const own = { kind: "document" as const, id: "d1", ownerId: clerk.user?.id as UserId };
    const other = { kind: "document" as const, id: "d2", ownerId: "someone-else" as UserId };
    expect(authorize(clerk, "documents.read", own)?.name).toBe("claire");
    expect(() => authorize(clerk, "documents.read", other)).toThrow(/only see the documents they imported/);
    expect(() => authorize(clerk, "documents.export", other)).toThrow(/only see the documents they imported/);
    expect(findAuditRows(clerk.db, { action: "permission.denied", userName: "claire" }).at(-1)?.object).toBe("documents.export document d2");
    expect(authorize(session("manager"), "documents.read", other)?.name).toBe("marc");
  });
});
