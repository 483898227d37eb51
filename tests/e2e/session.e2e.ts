import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORDS } from "../helpers/cli.js";
import { makeVault } from "../helpers/vault.js";
import { startApp, type E2eApp } from "./harness.js";

/** Auto-lock and revocation reach the screen: the unlock form comes back with a sentence saying why. */
let app: E2eApp;

beforeAll(async () => {
  const vault = await makeVault({ lifetime: "file" });
  app = await startApp(vault.dir, { idleLockMs: 4_000 });
});

afterAll(async () => {
  await app?.close();
});

describe("session ends", () => {
  it("an idle session locks itself and the window shows the unlock screen with the reason", async () => {
    const window = await app.openWindow("idle");
    const { page } = window;
    await page.getByLabel("Nom d'utilisateur").fill("claire");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORDS.clerk);
    await page.getByRole("button", { name: "Déverrouiller" }).click();
    await page.getByTestId("document-list").waitFor();
    // No key or mouse activity: the router's idle lock fires and pushes session.locked.
    await page.getByTestId("unlock-form").waitFor({ timeout: 20_000 });
    expect(window.seen.events).toContain("session.locked");
    expect(await page.getByTestId("unlock-form").getByRole("status").textContent()).toBe("La session a été verrouillée après une période d'inactivité.");
    await window.screenshot("23-idle-locked");
    await window.close();
  });

  it("sessions revoked by the admin end in the other window at its next call", async () => {
    const clerk = await app.openWindow("revoked-clerk");
    await clerk.page.getByLabel("Nom d'utilisateur").fill("claire");
    await clerk.page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORDS.clerk);
    await clerk.page.getByRole("button", { name: "Déverrouiller" }).click();
    await clerk.page.getByTestId("document-list").waitFor();

    const admin = await app.openWindow("revoking-admin");
    await admin.page.getByLabel("Nom d'utilisateur").fill("alice");
    await admin.page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORDS.admin);
    await admin.page.getByRole("button", { name: "Déverrouiller" }).click();
    await admin.page.getByTestId("user-claire").getByRole("button", { name: "Fermer ses sessions" }).click();
    await expect.poll(() => admin.page.getByTestId("users-message").textContent()).toBe("Les sessions de claire sont fermées.");

    // The clerk's next action is refused and the window goes back to the unlock screen, saying why.
    await clerk.page.getByTestId("search-submit").click();
    await clerk.page.getByTestId("unlock-form").waitFor();
    expect(await clerk.page.getByTestId("unlock-form").getByRole("status").textContent()).toBe("Votre session a été fermée par le service informatique.");
    await clerk.close();
    await admin.close();
  });
});
