import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORDS } from "../helpers/cli.js";
import { makeVault, unlock } from "../helpers/vault.js";
import { startApp, type E2eApp } from "./harness.js";
import { fillArchive, type SyntheticArchive } from "./synthetic.js";

/**
 * The archive list on a large encrypted archive (20 000 documents in `npm test`, to spare the shared CPU;
 * `COFFRE_E2E_ARCHIVE_COUNT=100000 npm run test:e2e` for the full size, which writing takes ~3 min here): the list is virtualised (a few dozen rows in the DOM whatever the archive size), pages come by
 * keyset cursor as the end comes into view, sort and filters are the router's. Times are printed, not asserted
 * (speed goals live in `npm run bench:search`).
 */
const COUNT = Number(process.env.COFFRE_E2E_ARCHIVE_COUNT ?? 20_000);
let app: E2eApp;
let archive: SyntheticArchive;

const euros = (amount: string) => new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" }).format(Number(amount)).replace(/\s/g, "");

beforeAll(async () => {
  const vault = await makeVault({ lifetime: "file" });
  const session = await unlock(vault.dir, "marc", PASSWORDS.manager);
  const started = performance.now();
  try {
    archive = fillArchive(session, COUNT);
  } finally {
    session.lock();
  }
  console.log(`archive e2e: ${COUNT} synthetic invoices written in ${Math.round(performance.now() - started)} ms`);
  app = await startApp(vault.dir);
});

afterAll(async () => {
  await app?.close();
});

describe(`the archive list with ${COUNT} documents`, () => {
  it("shows the first page at once, keeps only the visible rows in the DOM, pages on by keyboard, sorts and filters", async () => {
    const window = await app.openWindow("archive");
    const { page } = window;
    await page.getByLabel("Nom d'utilisateur").fill("marc");
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORDS.manager);
    const started = performance.now();
    await page.getByRole("button", { name: "Déverrouiller" }).click();
    const rows = page.getByTestId("document-row");
    await rows.first().waitFor();
    console.log(`archive e2e: first rows visible ${Math.round(performance.now() - started)} ms after the unlock click (login included)`);
    await expect.poll(() => page.getByTestId("result-count").textContent()).toBe("Documents : 100 et plus");
    const domRows = () => rows.count();
    expect(await domRows()).toBeLessThan(40);
    expect(await domRows()).toBeGreaterThan(5);

    // End, again and again: each time the next page comes, the DOM stays small.
    await rows.first().focus();
    for (let round = 0; round < 4; round += 1) {
      await page.keyboard.press("End");
      await page.waitForTimeout(150);
    }
    await expect.poll(() => page.getByTestId("result-count").textContent()).toMatch(/^Documents : ([3-9]\d\d|\d{4,}) et plus$/);
    expect(await domRows()).toBeLessThan(40);
    const focusedIndex = Number(await page.evaluate(() => document.activeElement?.getAttribute("aria-rowindex")));
    expect(focusedIndex).toBeGreaterThan(300);
    await page.keyboard.press("Home");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-rowindex"))).toBe("2");
    await window.screenshot("22-archive-large");

    // Sort by amount: largest first, then smallest first.
    const firstAmount = async () => ((await page.getByTestId("row-amount").first().textContent()) ?? "").replace(/\s/g, "");
    await page.getByRole("button", { name: "Trier par Montant TTC" }).click();
    await expect.poll(firstAmount).toBe(euros(archive.maxGross));
    await page.getByRole("button", { name: "Trier par Montant TTC" }).click();
    await expect.poll(firstAmount).toBe(euros(archive.minGross));

    // Filters: credit notes only; documents with warnings only.
    await page.getByLabel("Type de document").selectOption("credit-note");
    await page.getByTestId("search-submit").click();
    await expect.poll(async () => (await rows.allTextContents()).every((text) => text.includes("Avoir"))).toBe(true);
    await page.getByLabel("Type de document").selectOption("");
    await page.getByLabel("Alertes").selectOption("with");
    await page.getByTestId("search-submit").click();
    await expect.poll(async () => (await rows.allTextContents()).every((text) => text.includes("Alertes : 1"))).toBe(true);
    expect(await domRows()).toBeGreaterThan(5);
    await window.close();
  });
});
