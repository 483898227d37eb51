import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PERMISSIONS } from "../../../main/auth/permissions.js";
import { HANDLERS } from "../../../main/ipc/router.js";
import { CHANNEL_NAMES, CHANNELS, EVENT_NAMES, EVENTS } from "../../../shared/ipc/contract.js";
import { PERMISSIONS as SHARED_PERMISSIONS } from "../../../shared/permissions.js";

describe("the IPC contract", () => {
  it("every channel has a strict request schema, a response schema, a known permission and a handler", () => {
    expect(CHANNEL_NAMES.length).toBeGreaterThan(30);
    for (const name of CHANNEL_NAMES) {
      const spec = CHANNELS[name];
      expect(spec.request, name).toBeInstanceOf(z.ZodObject);
      expect(spec.response, name).toBeInstanceOf(z.ZodType);
      // Strict: an unknown field is refused before anything else is looked at.
      const extra = spec.request.safeParse({ unexpectedField: 1 });
      expect(extra.success, name).toBe(false);
      expect(extra.error?.issues.some((issue) => issue.code === "unrecognized_keys"), `${name} must be a strict object`).toBe(true);
      expect(spec.request.safeParse("not an object").success, name).toBe(false);
      expect(spec.request.safeParse(null).success, name).toBe(false);
      const permission: string = spec.permission;
      expect(permission === "public" || permission === "session" || Object.hasOwn(PERMISSIONS, permission), `${name}: permission ${permission}`).toBe(true);
      expect(typeof HANDLERS[name], `${name} has no handler`).toBe("function");
    }
    // No handler for a channel that is not in the contract.
    expect(Object.keys(HANDLERS).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it("only login, logout, who-am-I and the UI language are public", () => {
    const open = CHANNEL_NAMES.filter((name) => CHANNELS[name].permission === "public");
    expect(open.sort()).toEqual(["auth.login", "auth.logout", "auth.me", "prefs.get", "prefs.set"]);
  });

  it("the authorisation service and the contract use the same role table", () => {
    expect(PERMISSIONS).toBe(SHARED_PERMISSIONS);
  });

  it("strings and arrays are bounded", () => {
    const huge = "x".repeat(1_000_000);
    expect(CHANNELS["auth.login"].request.safeParse({ name: huge, password: "p" }).success).toBe(false);
    expect(CHANNELS["auth.login"].request.safeParse({ name: "a", password: huge }).success).toBe(false);
    expect(CHANNELS["documents.search"].request.safeParse({ query: { text: huge } }).success).toBe(false);
    expect(CHANNELS["documents.import"].request.safeParse({ jobId: "j", paths: Array.from({ length: 501 }, () => "/a.pdf") }).success).toBe(false);
    expect(CHANNELS["documents.get"].request.safeParse({ id: "../../etc/passwd" }).success).toBe(false);
  });

  it("every event has a strict payload schema", () => {
    expect(EVENT_NAMES.sort()).toEqual(["backup.progress", "import.progress", "session.locked"]);
    for (const name of EVENT_NAMES) expect(EVENTS[name].safeParse({ unexpectedField: 1 }).success, name).toBe(false);
  });
});
