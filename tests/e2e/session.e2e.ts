import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as OTPAuth from "otpauth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORDS } from "../helpers/cli.js";
import { makeVault, TEMPORARY_PASSWORD } from "../helpers/vault.js";
import { startApp, type E2eApp } from "./harness.js";

/**
 * Auto-lock and revocation reach the screen: the unlock form comes back with a sentence saying why. Optional MFA
 * from the account screen, and its reset by the admin. The sensitive-data policy edited by the admin, seen by the auditor.
 */
let app: E2eApp;
const NADIA_PASSWORD = "Second manager: lichen 7 pivoine";

async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByLabel("Nom d'utilisateur").fill(name);
  await page.getByLabel("Mot de passe", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Déverrouiller" }).click();
}

let vaultDir = "";

beforeAll(async () => {
  vaultDir = (await makeVault({ lifetime: "file" })).dir;
  app = await startApp(vaultDir);
});

afterAll(async () => {
  await app?.close();
});

describe("session ends", () => {
  it("an idle session locks itself and the window shows the unlock screen with the reason", async () => {
    // A router of its own with a 4 s idle lock (the other tests keep the default).
    const idleApp = await startApp(vaultDir, { idleLockMs: 4_000 });
    const window = await idleApp.openWindow("idle");
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
    await idleApp.close();
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

  it("a manager turns on MFA from the account screen; the admin resets it; the next sign-in needs no code", async () => {
    const manager = await app.openWindow("mfa-manager");
    await signIn(manager.page, "marc", PASSWORDS.manager);
    await manager.page.getByTestId("nav-account").click();
    await manager.page.getByRole("button", { name: "Commencer l'activation" }).click();
    const secret = ((await manager.page.getByTestId("mfa-secret").textContent()) ?? "").trim();
    const totp = new OTPAuth.TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
    await manager.page.getByLabel("Code affiché par l'application").fill(totp.generate());
    await manager.page.getByRole("button", { name: "Activer", exact: true }).click();
    await manager.page.getByTestId("mfa-recovery-codes").waitFor();
    await manager.screenshot("25-account-mfa-codes");
    await manager.page.getByRole("button", { name: "J'ai noté mes codes" }).click();
    await manager.page.getByText("La double authentification est activée sur votre compte.").waitFor();
    await manager.page.getByTestId("logout").click();
    // Now a code is asked for.
    await signIn(manager.page, "marc", PASSWORDS.manager);
    await manager.page.getByLabel("Code d'authentification").waitFor();

    const admin = await app.openWindow("mfa-admin");
    await signIn(admin.page, "alice", PASSWORDS.admin);
    await admin.page.getByTestId("user-marc").getByRole("button", { name: "Réinitialiser la double authentification" }).click();
    await expect.poll(() => admin.page.getByTestId("users-message").textContent()).toBe("La double authentification de marc est réinitialisée.");
    await admin.close();

    // Password alone is enough again.
    await manager.page.reload();
    await signIn(manager.page, "marc", PASSWORDS.manager);
    await manager.page.getByTestId("document-list").waitFor();
    await manager.close();
  });

  it("the admin changes how one type of sensitive value is treated; it stays after a reload and the auditor sees the change", async () => {
    const admin = await app.openWindow("sensitive-policy-admin");
    await signIn(admin.page, "alice", PASSWORDS.admin);
    await admin.page.getByTestId("nav-policy").click();
    const phoneRow = admin.page.getByTestId("sensitive-phone");
    await expect.poll(() => phoneRow.getAttribute("data-action")).toBe("encrypt");
    await admin.page.getByRole("combobox", { name: "Traitement de : Téléphone" }).selectOption("redact");
    await admin.page.getByRole("button", { name: "Enregistrer le traitement de : Téléphone" }).click();
    await expect.poll(() => admin.page.getByTestId("sensitive-policy-message").textContent()).toBe("Téléphone : désormais « Supprimée » pour les prochains imports.");
    await admin.screenshot("27-admin-sensitive-policy");
    // After a reload of the window, the saved treatment is what the screen shows; the other types are untouched.
    await admin.page.reload();
    await admin.page.getByTestId("nav-policy").click();
    await expect.poll(() => admin.page.getByTestId("sensitive-phone").getAttribute("data-action")).toBe("redact");
    expect(await admin.page.getByRole("combobox", { name: "Traitement de : Téléphone" }).inputValue()).toBe("redact");
    expect(await admin.page.getByRole("combobox", { name: "Traitement de : IBAN" }).inputValue()).toBe("encrypt");
    expect(await admin.page.getByTestId("sensitive-phone").textContent()).toContain("alice");
    await admin.close();

    const auditor = await app.openWindow("sensitive-policy-auditor");
    await signIn(auditor.page, "olga", PASSWORDS.auditor);
    await auditor.page.getByTestId("nav-audit").click();
    const change = auditor.page.locator('[data-testid="audit-row"][data-action="policy.change"]').filter({ hasText: "sensitive-policy phone" });
    await change.first().waitFor();
    expect(await change.count()).toBe(1);
    expect(await change.first().textContent()).toContain("encrypt -> redact");
    expect(await change.first().textContent()).toContain("alice");
    // Newest first: the sequence numbers go down the table.
    const seqs = (await auditor.page.locator('[data-testid="audit-row"] td:first-child').allTextContents()).map((text) => Number.parseInt(text, 10));
    expect(seqs.length).toBeGreaterThan(5);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    await auditor.close();
  });

  it("the admin sets a backup schedule (no secret stored); the warning goes once a scheduled backup is made", async () => {
    const folder = mkdtempSync(join(tmpdir(), "coffre-e2e-schedule-"));
    const scheduled = await startApp(vaultDir, { env: { COFFRE_E2E_BACKUP_PASSPHRASE: "Planifiée: ardoise 8 héron" }, backupCheckMs: 0 });
    const admin = await scheduled.openWindow("backup-schedule");
    try {
      await signIn(admin.page, "alice", PASSWORDS.admin);
      await admin.page.getByTestId("nav-backups").click();
      const panel = admin.page.getByTestId("backup-schedule");
      await expect.poll(() => panel.getByTestId("backup-schedule-warning").textContent()).toBe("Aucune planification : les sauvegardes ne se font qu'à la main.");
      await admin.page.getByLabel("Dossier des sauvegardes planifiées").fill(folder);
      await admin.page.getByLabel("Toutes les (heures)").fill("24");
      await admin.page.getByLabel("Sauvegardes gardées").fill("3");
      await admin.page.getByLabel("Nom de la variable d'environnement").fill("COFFRE_E2E_BACKUP_PASSPHRASE");
      await admin.page.getByRole("button", { name: "Enregistrer la planification" }).click();
      await expect.poll(() => panel.getByTestId("backup-schedule-message").textContent()).toBe("La planification des sauvegardes est enregistrée.");
      await expect.poll(() => panel.getByTestId("backup-schedule-warning").textContent()).toBe("Aucune sauvegarde de ce coffre n'a encore été faite.");
      await admin.page.getByRole("button", { name: "Sauvegarder maintenant" }).click();
      await expect.poll(() => panel.getByTestId("backup-schedule-message").textContent(), { timeout: 60_000 }).toMatch(/^Sauvegarde planifiée écrite : coffre-backup-\S+\.age \(.+\) ; anciennes supprimées : 0\.$/);
      await expect.poll(() => panel.getByTestId("backup-schedule-warning").count()).toBe(0);
      expect(await panel.getByTestId("backup-schedule-status").textContent()).toMatch(/^Dernière sauvegarde réussie : /);
      const files = readdirSync(folder).filter((name) => name.endsWith(".age"));
      expect(files).toHaveLength(1);
      expect(readFileSync(join(folder, files[0] ?? "")).subarray(0, 21).toString("latin1")).toBe("age-encryption.org/v1");
      await admin.screenshot("29-admin-backup-schedule");
      // After a reload, the saved schedule is in the form.
      await admin.page.reload();
      await admin.page.getByTestId("nav-backups").click();
      await expect.poll(() => admin.page.getByLabel("Dossier des sauvegardes planifiées").inputValue()).toBe(folder);
      expect(await admin.page.getByLabel("Sauvegardes gardées").inputValue()).toBe("3");
    } finally {
      await admin.close();
      await scheduled.close();
    }
  });

  it("a manager gives the reveal key to a new manager from the account screen (the admin only creates the account)", async () => {
    const admin = await app.openWindow("grant-admin");
    await signIn(admin.page, "alice", PASSWORDS.admin);
    await admin.page.getByLabel("Nom", { exact: true }).fill("nadia");
    await admin.page.getByLabel("Rôle", { exact: true }).selectOption("manager");
    await admin.page.getByLabel("Mot de passe temporaire", { exact: true }).fill(TEMPORARY_PASSWORD);
    await admin.page.getByRole("button", { name: "Ajouter", exact: true }).click();
    await admin.page.getByTestId("user-nadia").waitFor();
    expect(await admin.page.getByTestId("user-nadia").locator("td").nth(2).textContent()).toBe("Non");

    const nadia = await app.openWindow("grant-nadia");
    await signIn(nadia.page, "nadia", TEMPORARY_PASSWORD);
    await nadia.page.getByLabel("Mot de passe temporaire").fill(TEMPORARY_PASSWORD);
    await nadia.page.getByLabel("Nouveau mot de passe", { exact: true }).fill(NADIA_PASSWORD);
    await nadia.page.getByLabel("Nouveau mot de passe (encore)").fill(NADIA_PASSWORD);
    await nadia.page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
    await nadia.page.getByTestId("document-list").waitFor();
    await nadia.page.getByTestId("nav-account").click();
    await nadia.page.getByTestId("change-password-form").waitFor();
    expect(await nadia.page.getByTestId("grant-reveal").count()).toBe(0);
    await nadia.close();

    const marc = await app.openWindow("grant-marc");
    await signIn(marc.page, "marc", PASSWORDS.manager);
    await marc.page.getByTestId("nav-account").click();
    await marc.page.getByLabel("Nom du responsable").fill("olga");
    await marc.page.getByRole("button", { name: "Transmettre", exact: true }).click();
    await expect.poll(() => marc.page.getByTestId("grant-reveal").getByRole("alert").textContent()).not.toBeNull();
    await marc.page.getByLabel("Nom du responsable").fill("nadia");
    await marc.page.getByRole("button", { name: "Transmettre", exact: true }).click();
    await expect.poll(() => marc.page.getByTestId("grant-reveal").getByRole("status").textContent()).toBe("nadia peut maintenant révéler les données protégées.");
    await marc.screenshot("26-account-grant-reveal");
    await marc.close();

    await admin.page.reload();
    await admin.page.getByTestId("user-nadia").waitFor();
    expect(await admin.page.getByTestId("user-nadia").locator("td").nth(2).textContent()).toBe("Oui");
    await admin.close();
  });
});
