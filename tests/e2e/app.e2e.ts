import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as OTPAuth from "otpauth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORDS, REPO_ROOT } from "../helpers/cli.js";
import { fileTempDir } from "../helpers/tmp.js";
import { makeVault, TEMPORARY_PASSWORD } from "../helpers/vault.js";
import { startApp, type AppWindow, type E2eApp } from "./harness.js";
import { englishLabelCount, frenchLabels, unlabelledControls } from "./labels.js";

/**
 * The scenario, through the real UI in Debian's Chromium, on the real router and a real vault
 * (MFA required for managers and admins). The tests run in order and share the vault: each step uses what
 * the previous one left (the imported invoice, the manager's reveal, the audit rows).
 */

const SCAN = join(REPO_ROOT, "samples/doc-7-0009.scan.png");
const TRUTH = { supplier: "Quincaillerie du Centre", gross: "5209.10", iban: "FR7630002281455777888879108", number: "FA-2024-1408" };
const IBAN_DIGITS = TRUTH.iban.slice(4, -4); // the hidden middle: must never reach a clerk's screen

let app: E2eApp;
let work: string;
let documentId = "";
const totpSecrets = new Map<string, string>();

function totp(secret: string, timestamp: number): string {
  return new OTPAuth.TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp });
}

const lastStep = new Map<string, number>();

/**
 * A code the server accepts now: within its window (one step either side) and after the last step this
 * user used (a used step cannot be replayed). Waits for the clock when the window is used up.
 */
async function freshCode(name: string): Promise<string> {
  const secret = totpSecrets.get(name);
  if (!secret) throw new Error(`${name} has not enrolled`);
  let current = Math.floor(Date.now() / 30_000);
  let step = Math.max(current - 1, (lastStep.get(name) ?? -Infinity) + 1);
  while (step > current + 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    current = Math.floor(Date.now() / 30_000);
  }
  step = Math.max(step, current);
  lastStep.set(name, step);
  return totp(secret, step * 30_000 + 1000);
}

async function login(page: Page, name: string, password: string): Promise<void> {
  await page.getByLabel(/Nom d'utilisateur|User name/).fill(name);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(password);
  await page.getByRole("button", { name: /Déverrouiller|Unlock/ }).click();
}

/** Forced enrolment at first login: read the key shown with the QR image, answer with a code from it. */
async function enrolMfa(window: AppWindow, name: string): Promise<void> {
  const { page } = window;
  await page.getByRole("heading", { name: "Activez la double authentification" }).waitFor();
  await page.getByRole("button", { name: "Commencer l'activation" }).click();
  const qr = page.getByTestId("mfa-qr");
  await qr.waitFor();
  expect(await qr.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
  expect(await qr.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(50);
  const secret = (await page.getByTestId("mfa-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  totpSecrets.set(name, secret);
  await window.screenshot(`02-mfa-enrolment-${name}`);
  await page.getByLabel("Code affiché par l'application").fill(await freshCode(name));
  await page.getByRole("button", { name: "Activer", exact: true }).click();
  await page.getByTestId("mfa-recovery-codes").waitFor();
  expect(await page.getByTestId("mfa-recovery-codes").locator("li").count()).toBe(10);
  await page.getByRole("button", { name: "J'ai noté mes codes" }).click();
}

async function logout(page: Page): Promise<void> {
  await page.getByTestId("logout").click();
  await page.getByTestId("unlock-form").waitFor();
}

async function expectNoFrench(page: Page, screen: string): Promise<void> {
  expect(await frenchLabels(page), `French labels left on ${screen}`).toEqual([]);
  expect(await unlabelledControls(page), `form controls without an accessible name on ${screen}`).toEqual([]);
  expect(await englishLabelCount(page), `English labels on ${screen}`).toBeGreaterThan(3);
}

beforeAll(async () => {
  work = fileTempDir("coffre-e2e-");
  const vault = await makeVault({ mfaRequired: true, lifetime: "file" });
  app = await startApp(vault.dir);
});

afterAll(async () => {
  await app?.close();
});

describe("the desktop UI over the real router", () => {
  it("a clerk logs in, imports a scanned invoice (dropped), sees it in the list with its fields and a masked IBAN", async () => {
    const window = await app.openWindow("clerk");
    const { page } = window;
    await page.getByTestId("unlock-form").waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
    await window.screenshot("01-unlock");

    // A wrong password: a plain sentence, the same for an unknown name.
    await login(page, "claire", "not the password at all");
    await expect.poll(() => page.getByTestId("unlock-error").textContent()).toBe("Nom d'utilisateur ou mot de passe incorrect.");
    await login(page, "claire", PASSWORDS.clerk);
    await page.getByTestId("nav-import").click();
    await page.getByRole("heading", { name: "Importer des documents" }).waitFor();

    // Drop the scan on the drop zone (a file manager's drag carries file:// URIs), plus a file that is not a document.
    const notADocument = join(work, "notes.txt");
    writeFileSync(notADocument, "Liste de courses : pain, lait, oeufs.\n");
    await page.getByTestId("dropzone").evaluate((zone, uris) => {
      const data = new DataTransfer();
      data.setData("text/uri-list", uris);
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    }, [`file://${SCAN}`, `file://${notADocument}`].join("\r\n"));
    await expect.poll(() => page.getByLabel("Chemins des fichiers (un par ligne)").inputValue()).toBe(`${SCAN}\n${notADocument}`);

    await page.getByRole("button", { name: "Importer (2)" }).click();
    await page.getByTestId("import-progress").waitFor();
    await window.screenshot("03-import-in-progress");
    const summary = page.getByTestId("import-summary");
    await summary.waitFor({ timeout: 240_000 });
    expect(await summary.textContent()).toBe("Import terminé : 1 importé(s), 0 déjà présent(s), 1 mis à l'écart.");
    // Per-document and per-page progress came through the event channel.
    expect(window.seen.events.filter((event) => event === "import.progress").length).toBeGreaterThanOrEqual(5);
    const files = page.getByTestId("import-file");
    await expect.poll(() => files.count()).toBe(2);
    expect(await files.nth(0).textContent()).toContain("Importé");
    expect(await files.nth(1).textContent()).toContain("Mis à l'écart");
    // The quarantine list gives the reason in a sentence.
    const quarantine = page.getByTestId("quarantine");
    await expect.poll(() => quarantine.textContent()).toContain("notes.txt");
    expect(await quarantine.textContent()).toContain("Ce n'est pas un fichier PDF, PNG, JPEG ou TIFF.");
    await window.screenshot("04-import-done");

    // The archive list shows it with its fields.
    await page.getByTestId("nav-archive").click();
    const row = page.getByTestId("document-row").filter({ hasText: TRUTH.supplier });
    await row.waitFor();
    expect(await page.getByTestId("document-row").count()).toBe(1);
    const rowText = (await row.textContent()) ?? "";
    expect(rowText).toContain(TRUTH.number);
    expect(rowText.replace(/\s/g, "")).toContain("5209,10€");
    await window.screenshot("05-archive-clerk");

    // The document: fields, masked IBAN, masked page with the boxes outlined; no reveal for a clerk.
    await row.click();
    await page.getByTestId("document-title").waitFor();
    documentId = decodeURIComponent(new URL(page.url()).hash.replace("#/documents/", ""));
    expect(documentId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    const iban = page.getByTestId("value-iban");
    await iban.waitFor();
    const masked = (await iban.textContent()) ?? "";
    expect(masked).toMatch(/\*{3,}/);
    expect(masked.replace(/\s/g, "")).not.toContain(IBAN_DIGITS);
    expect(await page.getByTestId("value-invoiceNumber").textContent()).toBe(TRUTH.number);
    await page.getByTestId("page-image").waitFor();
    expect(await page.getByTestId("page-image").evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 500)).toBe(true);
    expect(await page.getByTestId("mask-box").count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId("reveal").count()).toBe(0);

    // Correcting a field: a wrong value gets a sentence, a good one is saved and shown.
    await page.getByRole("button", { name: "Corriger le champ Devise" }).click();
    await page.getByLabel("Nouvelle valeur pour Devise").fill("EUROS");
    await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await expect.poll(() => page.getByTestId("fields").getByRole("alert").textContent()).toBe("Saisissez un code de devise de trois lettres, comme EUR.");
    await page.getByRole("button", { name: "Annuler", exact: true }).click();
    await page.getByRole("button", { name: "Corriger le champ Date d'échéance" }).click();
    await page.getByLabel("Nouvelle valeur pour Date d'échéance").fill("2024-12-05");
    await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
    await expect.poll(() => page.getByTestId("value-dueDate").textContent()).toBe("5 déc. 2024");
    expect((await page.content()).replace(/\s/g, "")).not.toContain(IBAN_DIGITS);
    await window.screenshot("06-document-clerk");
    await logout(page);
    await window.close();
  });

  it("a manager enrols MFA, signs in with a code, finds the invoice by supplier + amount range + full text, reveals the IBAN with a reason and exports it redacted", async () => {
    const window = await app.openWindow("manager");
    const { page } = window;
    await login(page, "marc", PASSWORDS.manager);
    await enrolMfa(window, "marc");
    await page.getByTestId("document-list").waitFor();
    await logout(page);

    // Second sign-in: the code is asked for (next time step: the enrolment's code cannot be replayed).
    await login(page, "marc", PASSWORDS.manager);
    const code = page.getByLabel("Code d'authentification");
    await code.waitFor();
    await code.fill(await freshCode("marc"));
    await page.getByRole("button", { name: "Déverrouiller" }).click();
    await page.getByTestId("document-list").waitFor();

    const search = async (filters: { supplier?: string; min?: string; max?: string; text?: string }) => {
      await page.getByLabel("Fournisseur", { exact: true }).fill(filters.supplier ?? "");
      await page.getByLabel("Minimum").fill(filters.min ?? "");
      await page.getByLabel("Maximum").fill(filters.max ?? "");
      await page.getByLabel("Texte intégral").fill(filters.text ?? "");
      await page.getByTestId("search-submit").click();
      await page.waitForFunction(() => !document.querySelector('[data-testid="result-count"]')?.textContent?.includes("Recherche"));
    };
    // Outside the amount range: nothing. Inside: the invoice, with the matched word highlighted.
    await search({ supplier: "Quincaillerie", min: "5300", max: "9000", text: "roulement" });
    await page.getByTestId("no-results").waitFor();
    await search({ supplier: "Quincaillerie", min: "5000", max: "5500", text: "roulement" });
    const row = page.getByTestId("document-row").filter({ hasText: TRUTH.supplier });
    await row.waitFor();
    expect(await page.getByTestId("document-row").count()).toBe(1);
    expect((await row.locator("mark").first().textContent())?.toLowerCase()).toContain("roulement");

    // A saved view keeps this search.
    await page.getByLabel("Nom de la vue").fill("Quincaillerie 5000-5500");
    await page.getByRole("button", { name: "Enregistrer la recherche actuelle" }).click();
    const view = page.getByRole("button", { name: "Quincaillerie 5000-5500", exact: true });
    await view.waitFor();
    await search({ supplier: "Quincaillerie", min: "5300", max: "9000", text: "roulement" });
    await page.getByTestId("no-results").waitFor();
    await view.click();
    await row.waitFor();
    expect(await page.getByLabel("Maximum").inputValue()).toBe("5500");
    await window.screenshot("07-archive-manager-search");

    // Keyboard: the row takes the focus, Enter opens the document.
    await row.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("reveal").waitFor();
    await window.screenshot("08-document-manager-masked");
    await page.getByLabel("Raison de la consultation").fill("Contrôle du RIB avant virement");
    await page.getByRole("button", { name: "Révéler", exact: true }).click();
    await page.getByTestId("reveal-done").waitFor();
    expect((await page.getByTestId("revealed-iban").textContent())?.replace(/\s/g, "")).toBe(TRUTH.iban);
    await window.screenshot("09-document-manager-revealed");

    const out = join(work, "facture-masquee.pdf");
    await page.getByLabel("Enregistrer sous (chemin complet du fichier .pdf)").fill(out);
    await page.getByRole("button", { name: "Exporter le PDF masqué" }).click();
    const result = page.getByTestId("export-result");
    await result.waitFor({ timeout: 240_000 });
    expect(await result.textContent()).toMatch(/^PDF masqué enregistré : 1 page\(s\), /);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(statSync(out).size).toBeGreaterThan(1000);
    expect(pdf.toString("latin1").replace(/\s/g, "")).not.toContain(IBAN_DIGITS);
    await window.screenshot("10-document-manager-exported");
    await logout(page);
    await window.close();
  });

  it("an auditor sees the reveal (with its reason) and the export in the audit viewer and verifies the chain", async () => {
    const window = await app.openWindow("auditor");
    const { page } = window;
    await login(page, "olga", PASSWORDS.auditor);
    await page.getByTestId("audit-table").waitFor();
    const reveal = page.locator('[data-testid="audit-row"][data-action="document.reveal"]');
    await reveal.first().waitFor();
    const revealText = (await reveal.first().textContent()) ?? "";
    expect(revealText).toContain("marc");
    expect(revealText).toContain("Révélation d'une donnée protégée");
    expect(revealText).toContain("Contrôle du RIB avant virement");
    expect(revealText).not.toContain(IBAN_DIGITS);
    const exported = page.locator('[data-testid="audit-row"][data-action="document.export"]');
    await exported.first().waitFor();
    expect(await exported.first().textContent()).toContain("marc");
    expect(await page.locator('[data-testid="audit-row"][data-action="document.import"]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="audit-row"][data-action="document.correct"]').first().textContent()).toContain("claire");
    expect((await page.getByTestId("audit-table").textContent())?.replace(/\s/g, "")).not.toContain(IBAN_DIGITS);

    await page.getByRole("button", { name: "Vérifier la chaîne" }).click();
    const verdict = page.getByTestId("verify-result");
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/^Chaîne intacte : \d+ lignes vérifiées\.$/);
    await window.screenshot("11-audit-verified");

    await page.getByTestId("nav-security").click();
    await page.getByRole("button", { name: "Afficher le rapport" }).click();
    await page.getByTestId("security-report").waitFor();
    expect(await page.getByTestId("security-report").textContent()).toContain("marc");
    await window.screenshot("12-security-report");
    await logout(page);
    await window.close();
  });

  it("an admin manages users but cannot open any document", async () => {
    const window = await app.openWindow("admin");
    const { page } = window;
    await login(page, "alice", PASSWORDS.admin);
    await enrolMfa(window, "alice");
    await page.getByTestId("users-table").waitFor();
    for (const name of ["alice", "marc", "claire", "olga"]) await page.getByTestId(`user-${name}`).waitFor();
    await window.screenshot("13-admin-users");
    // No archive in the menu, and going to the document's address directly is refused by the router.
    expect(await page.getByTestId("nav-archive").count()).toBe(0);
    await page.evaluate((id) => {
      globalThis.location.hash = `#/documents/${id}`;
    }, documentId);
    const refusal = page.getByTestId("document-error");
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe("Vous n'avez pas le droit de faire cette action.");
    expect(await page.getByTestId("page-image").count()).toBe(0);
    expect(await page.getByTestId("fields").count()).toBe(0);
    await window.screenshot("14-admin-document-refused");

    await page.getByTestId("nav-policy").click();
    await page.getByRole("heading", { name: "Règles de sécurité" }).waitFor();
    await expect.poll(() => page.getByLabel("Exiger la double authentification pour les responsables et les administrateurs").isChecked()).toBe(true);
    await window.screenshot("15-admin-policy");
    // A backup of the vault, with its progress; it then appears in the history.
    await page.getByTestId("nav-backups").click();
    await page.getByRole("heading", { name: "Sauvegardes", exact: true }).waitFor();
    await page.getByLabel("Dossier de destination").fill(work);
    await page.getByLabel("Phrase secrète", { exact: true }).fill("Sauvegarde: ardoise 3 comète");
    await page.getByLabel("Phrase secrète (encore)").fill("Sauvegarde: ardoise 3 comète");
    await page.getByRole("button", { name: "Lancer la sauvegarde" }).click();
    const written = page.getByRole("status").filter({ hasText: "Sauvegarde écrite" });
    await written.waitFor({ timeout: 120_000 });
    const backupFile = /Sauvegarde écrite : (\S+\.age)/.exec((await written.textContent()) ?? "")?.[1] ?? "";
    expect(statSync(join(work, backupFile)).size).toBeGreaterThan(10_000);
    expect(readFileSync(join(work, backupFile)).subarray(0, 21).toString("latin1")).toBe("age-encryption.org/v1");
    expect(window.seen.events).toContain("backup.progress");
    await expect.poll(() => page.locator("table").last().textContent()).toContain("alice");
    await window.screenshot("16-admin-backups");

    // A new clerk, with a temporary password given in person.
    await page.getByTestId("nav-users").click();
    await page.getByLabel("Nom", { exact: true }).fill("bruno");
    await page.getByLabel("Mot de passe temporaire", { exact: true }).fill(TEMPORARY_PASSWORD);
    await page.getByRole("button", { name: "Ajouter", exact: true }).click();
    await page.getByTestId("user-bruno").waitFor();
    expect(await page.getByTestId("user-bruno").textContent()).toContain("Mot de passe temporaire");
    await logout(page);
    await window.close();
  });

  it("a new user must choose their own password at first login", async () => {
    const window = await app.openWindow("first-login");
    const { page } = window;
    await login(page, "bruno", TEMPORARY_PASSWORD);
    await page.getByTestId("change-password-form").waitFor();
    await window.screenshot("17-first-login-password");
    await page.getByLabel("Mot de passe temporaire").fill(TEMPORARY_PASSWORD);
    await page.getByLabel("Nouveau mot de passe", { exact: true }).fill("password");
    await page.getByLabel("Nouveau mot de passe (encore)").fill("password");
    await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
    await expect.poll(() => page.getByTestId("change-password-form").getByRole("alert").textContent()).toBe(
      "Ce mot de passe est trop faible ou trop courant. Choisissez une phrase plus longue.",
    );
    await page.getByLabel("Mot de passe temporaire").fill(TEMPORARY_PASSWORD);
    await page.getByLabel("Nouveau mot de passe", { exact: true }).fill("Cerf-volant: lagune 8 ocelot grave");
    await page.getByLabel("Nouveau mot de passe (encore)").fill("Cerf-volant: lagune 8 ocelot grave");
    await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
    await page.getByTestId("document-list").waitFor();
    // Bruno sees only his own imports: none.
    await page.getByTestId("no-results").waitFor();
    await logout(page);
    await window.close();
  });

  it("switching to English changes every label on every screen", async () => {
    const window = await app.openWindow("english");
    const { page } = window;
    await page.getByTestId("unlock-form").waitFor();
    // The check below sees French when there is French.
    expect((await frenchLabels(page)).length).toBeGreaterThan(5);
    await page.getByTestId("lang-en").click();
    await page.getByRole("heading", { name: "Unlock the vault" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await expectNoFrench(page, "unlock");

    // The manager's screens.
    await login(page, "marc", PASSWORDS.manager);
    await page.getByLabel("Authentication code").fill(await freshCode("marc"));
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByTestId("document-list").waitFor();
    await page.getByTestId("document-row").first().waitFor();
    await expectNoFrench(page, "archive");
    await window.screenshot("18-en-archive");
    await page.getByTestId("document-row").first().click();
    await page.getByTestId("page-image").waitFor();
    await expectNoFrench(page, "document");
    await window.screenshot("19-en-document");
    await page.getByTestId("nav-import").click();
    await page.getByTestId("quarantine").getByRole("table").waitFor();
    await expectNoFrench(page, "import");
    await page.getByTestId("nav-account").click();
    await page.getByTestId("change-password-form").waitFor();
    await expectNoFrench(page, "account");
    await logout(page);
    await expectNoFrench(page, "unlock after lock");

    // The auditor's and the admin's screens.
    await login(page, "olga", PASSWORDS.auditor);
    await page.getByTestId("audit-row").first().waitFor();
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await page.getByTestId("verify-result").waitFor();
    await expectNoFrench(page, "audit");
    await window.screenshot("20-en-audit");
    await logout(page);
    await login(page, "alice", PASSWORDS.admin);
    await page.getByLabel("Authentication code").fill(await freshCode("alice"));
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByTestId("users-table").waitFor();
    await expectNoFrench(page, "users");
    for (const [screen, ready] of [
      ["policy", "Security policy"],
      ["backups", "Backups"],
      ["security", "Security report"],
      ["audit", "Audit trail"],
    ] as const) {
      await page.getByTestId(`nav-${screen}`).click();
      await page.getByRole("heading", { name: ready, exact: true }).waitFor();
      if (screen === "security") {
        await page.getByRole("button", { name: "Show the report" }).click();
        await page.getByTestId("security-report").waitFor();
      }
      if (screen === "audit") await page.getByTestId("audit-row").first().waitFor();
      await expectNoFrench(page, screen);
    }
    await window.screenshot("21-en-audit-admin");
    await logout(page);
    await window.close();
  });
});
