import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { VaultClient } from "../../../main/vault/worker/vault-client.js";
import { PASSWORDS, REPO_ROOT } from "../../helpers/cli.js";
import { makeVault } from "../../helpers/vault.js";

// The worker runs compiled JavaScript, as it does in the app.
const WORKER = pathToFileURL(join(REPO_ROOT, "dist/main/vault/worker/vault-worker.js"));

describe("vault worker thread", () => {
  it("unlocks, answers calls, maps errors to codes, and locks", async () => {
    const { dir } = await makeVault();
    const client = new VaultClient(WORKER);
    try {
      await expect(client.call("unlock", { dir, name: "alice", password: "wrong password, surely" })).rejects.toMatchObject({
        code: "WRONG_PASSWORD",
      });
      await expect(client.call("listUsers", {})).rejects.toMatchObject({ code: "LOCKED" });
      const { user } = await client.call("unlock", { dir, name: "alice", password: PASSWORDS.admin });
      expect(user.role).toBe("admin");
      expect((await client.call("listUsers", {})).map((entry) => entry.name)).toEqual(["alice", "claire", "marc", "olga"]);
      expect((await client.call("checkIntegrity", {})).ok).toBe(true);
      await client.call("lock", {});
      expect((await client.call("whoami", {})).user).toBeNull();
    } finally {
      await client.close();
    }
  });

  it("keeps the calling thread's event loop free while a long query runs", async () => {
    const { dir } = await makeVault();
    const client = new VaultClient(WORKER);
    try {
      await client.call("unlock", { dir, name: "alice", password: PASSWORDS.admin });
      const histogram = monitorEventLoopDelay({ resolution: 5 });
      histogram.enable();
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 10);
      const started = performance.now();
      const { result } = await client.call("busyWork", { iterations: 3_000_000 });
      const elapsed = performance.now() - started;
      clearInterval(timer);
      histogram.disable();
      expect(result).toBe(3_000_000);
      expect(elapsed).toBeGreaterThan(100); // the query really took a while...
      expect(ticks).toBeGreaterThan(elapsed / 10 / 3); // ...and the caller's timers kept firing
      expect(histogram.max / 1e6).toBeLessThan(150);
    } finally {
      await client.close();
    }
  });
});
