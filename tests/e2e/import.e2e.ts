import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORDS, REPO_ROOT } from "../helpers/cli.js";
import { makeVault } from "../helpers/vault.js";
import { startApp, type E2eApp } from "./harness.js";

/**
 * Import details through the UI: a duplicate is recognised and linked to its original; an import can be cancelled.
 * A manager's legal hold and erasure of a document.
 */
const sample = (name: string) => join(REPO_ROOT, "samples", name);
let app: E2eApp;

beforeAll(async () => {
  const vault = await makeVault({ lifetime: "file" });
  app = await startApp(vault.dir);
});

afterAll(async () => {
  await app?.close();
});

async function importPaths(page: Page, paths: string[]): Promise<void> {
  await page.getByLabel("Chemins des fichiers (un par ligne)").fill(paths.join("\n"));
  await page.getByRole("button", { name: `Importer (${paths.length})` }).click();
}

describe("importing through the UI", () => {
  it("recognises a duplicate and cancels an import between documents", async () => {
    const window = await app.openWindow("import");
    const { page } = window;
    await page.getByLabel("Nom d'utilisateur").fill("claire");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORDS.clerk);
    await page.getByRole("button", { name: "Déverrouiller" }).click();
    await page.getByTestId("nav-import").click();

    await importPaths(page, [sample("doc-7-0002.pdf")]);
    const summary = page.getByTestId("import-summary");
    await expect.poll(() => summary.textContent(), { timeout: 120_000 }).toBe("Import terminé : 1 importé(s), 0 déjà présent(s), 0 mis à l'écart.");

    // The same file again: "already there", with a link to the original.
    await importPaths(page, [sample("doc-7-0002.pdf")]);
    await expect.poll(() => summary.textContent(), { timeout: 120_000 }).toBe("Import terminé : 0 importé(s), 1 déjà présent(s), 0 mis à l'écart.");
    expect(await page.getByTestId("import-file").first().textContent()).toContain("Déjà présent");
    await page.getByRole("link", { name: "Ouvrir l'original" }).click();
    await page.getByTestId("document-title").waitFor();
    expect(await page.getByTestId("document-title").textContent()).toContain("Catalana de Impresión");

    // Four files, cancelled at once: the documents in progress finish, the others are not started.
    await page.getByTestId("nav-import").click();
    await importPaths(page, [sample("doc-7-0001.degraded.jpg"), sample("doc-7-0009.scan.png"), sample("doc-7-0013.pdf"), sample("doc-7-0033.pdf")]);
    await page.getByRole("button", { name: "Annuler l'import" }).click();
    await expect.poll(() => summary.textContent(), { timeout: 180_000 }).toMatch(/^Import annulé\. Documents importés avant l'arrêt : [0-3]\.$/);
    await window.screenshot("24-import-cancelled");
    await page.getByTestId("nav-archive").click();
    await page.getByTestId("document-row").first().waitFor();
    await expect.poll(() => page.getByTestId("document-row").count()).toBeLessThan(5);
    await window.close();
  });

  it("a manager places a legal hold (erasure refused), lifts it, then erases the document after confirming", async () => {
    const window = await app.openWindow("gdpr");
    const { page } = window;
    await page.getByLabel("Nom d'utilisateur").fill("marc");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORDS.manager);
    await page.getByRole("button", { name: "Déverrouiller" }).click();
    await page.getByTestId("document-row").first().click();
    await page.getByTestId("document-title").waitFor();
    const hash = await page.evaluate(() => globalThis.location.hash);
    const gdpr = page.getByTestId("gdpr");
    await expect.poll(() => gdpr.getByTestId("hold-status").getAttribute("data-held")).toBe("no");

    await page.getByLabel("Motif (inscrit au journal d'audit)").fill("litige fournisseur en cours");
    await page.getByRole("button", { name: "Placer sous gel juridique" }).click();
    await expect.poll(() => gdpr.getByTestId("hold-message").textContent()).toBe("Le document est sous gel juridique.");
    await expect.poll(() => gdpr.getByTestId("hold-status").getAttribute("data-held")).toBe("yes");

    // Under hold: asked for confirmation, then refused with the reason why; the document stays.
    await page.getByLabel("Motif de l'effacement (inscrit au journal d'audit)").fill("saisi deux fois par erreur");
    await page.getByRole("button", { name: "Effacer ce document…" }).click();
    await page.getByTestId("erase-confirm").waitFor();
    await page.getByRole("button", { name: "Oui, effacer définitivement" }).click();
    await expect.poll(() => gdpr.getByTestId("erase-message").textContent()).toBe("Ce document est sous gel juridique : levez le gel avant de l'effacer.");
    expect(await page.getByTestId("document-title").count()).toBe(1);

    await page.getByLabel("Motif (inscrit au journal d'audit)").fill("litige réglé");
    await page.getByRole("button", { name: "Lever le gel juridique" }).click();
    await expect.poll(() => gdpr.getByTestId("hold-status").getAttribute("data-held")).toBe("no");

    // The confirmation can be declined: nothing happens.
    await page.getByRole("button", { name: "Effacer ce document…" }).click();
    await page.getByRole("button", { name: "Annuler", exact: true }).click();
    expect(await page.getByTestId("erase-confirm").count()).toBe(0);
    await page.getByRole("button", { name: "Effacer ce document…" }).click();
    await window.screenshot("28-document-erase-confirm");
    await page.getByRole("button", { name: "Oui, effacer définitivement" }).click();
    await page.locator('[data-testid="document-erased"], [data-testid="erase-message"]').first().waitFor();
    expect(await gdpr.getByTestId("erase-message").count(), (await gdpr.getByTestId("erase-message").allTextContents()).join(" ")).toBe(0);
    await expect.poll(() => page.getByTestId("document-erased").textContent()).toMatch(/^Le document a été effacé \(.+\)\.$/);

    // Gone: its address now says so.
    await page.getByRole("link", { name: "← Retour aux archives" }).click();
    await page.getByTestId("document-list").waitFor();
    await page.evaluate((target) => {
      globalThis.location.hash = target;
    }, hash);
    await expect.poll(() => page.getByTestId("document-error").textContent()).not.toBeNull();
    expect(await page.getByTestId("document-title").count()).toBe(0);
    await window.close();
  });
});
