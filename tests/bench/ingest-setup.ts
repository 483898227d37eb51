/**
 * Set-up for the ingest benchmark (tests/bench/ingest.ts): a real vault built without vitest, and the
 * fixture sets (page images, an image PDF of the same pages, born-digital PDFs, scanned PDFs), cached
 * under bench-results/fixtures/ so a second run skips the generation.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { changePassword } from "../../main/auth/account.js";
import { unlockAsUser, type VaultSession } from "../../main/auth/session.js";
import { addUser } from "../../main/auth/users.js";
import { initVault } from "../../main/auth/vault-setup.js";
import { Password } from "../../main/crypto/secret.js";
import { decodeImage } from "../../main/ocr/decode-image.js";
import { generateFixtureSet } from "../fixtures/generator/index.js";
import { generatorFingerprint } from "./fixture-cache.js";

const ADMIN_PASSWORD = "Bench admin: ardoise cumulus 8 narval";
const CLERK_TEMPORARY = "Bench temporary: change me 3 moineau";
const CLERK_PASSWORD = "Bench clerk: paprika glacier 6 loutre";

/** A folder of temporary vaults: one template made once (Argon2id is slow by design), copied per run. */
export class BenchVaults {
  readonly root = mkdtempSync(join(tmpdir(), "coffre-bench-ingest-"));
  #template: string | null = null;
  #copies = 0;

  /** A fresh vault (a copy of the template: same keys, empty of documents), unlocked as the clerk. */
  async openFresh(): Promise<VaultSession> {
    const template = this.#template ?? (await this.#makeTemplate());
    this.#copies += 1;
    const dir = join(this.root, `vault-${this.#copies}`);
    cpSync(template, dir, { recursive: true });
    return unlockAsUser(dir, "claire", Password.fromString(CLERK_PASSWORD));
  }

  async #makeTemplate(): Promise<string> {
    const dir = join(this.root, "template");
    await initVault({ dir, adminName: "alice", adminPassword: Password.fromString(ADMIN_PASSWORD), adminPasswordText: ADMIN_PASSWORD, mfaRequired: false });
    const admin = await unlockAsUser(dir, "alice", Password.fromString(ADMIN_PASSWORD));
    try {
      await addUser(admin, { name: "claire", role: "clerk", password: { secret: Password.fromString(CLERK_TEMPORARY), text: CLERK_TEMPORARY } });
    } finally {
      admin.lock();
    }
    await changePassword({ dir, name: "claire", current: Password.fromString(CLERK_TEMPORARY), next: { secret: Password.fromString(CLERK_PASSWORD), text: CLERK_PASSWORD } });
    this.#template = dir;
    return dir;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface PageImageFile {
  path: string;
  dpi: number;
  width: number;
  height: number;
}

export interface BenchFixtures {
  /** Scanned page images (PNG with their density written), the same for every OCR engine. */
  pages: PageImageFile[];
  /** One PDF holding exactly those page images, at their resolution (for ocrmypdf). */
  pagesPdf: string;
  /** Born-digital PDFs (text layer), one document each. */
  bornDigital: string[];
  /** Image-only and mixed (text page + scanned page) PDFs, other documents than `bornDigital`. */
  scannedPdfs: string[];
}

async function filesOf(dir: string, suffix: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith(suffix)).sort().map((name) => join(dir, name));
}

/** Scan files -> single PNG pages (density kept), until `count` pages. */
async function pageImages(seed: number, count: number, dir: string, concurrency: number): Promise<PageImageFile[]> {
  const pagesDir = join(dir, "pages");
  const manifest = join(pagesDir, "pages.json");
  if (existsSync(manifest)) return JSON.parse(await readFile(manifest, "utf8")) as PageImageFile[];
  const sourceDir = join(dir, "scans");
  const truth = await generateFixtureSet({ seed, count, outDir: sourceDir, kinds: ["scan-clean"], start: 0, concurrency });
  await mkdir(pagesDir, { recursive: true });
  const pages: PageImageFile[] = [];
  for (const document of truth.documents) {
    const name = document.files["scan-clean"];
    if (!name || pages.length >= count) continue;
    const decoded = await decodeImage(await readFile(join(sourceDir, name)));
    for (const page of decoded) {
      if (pages.length >= count) break;
      const dpi = page.dpi ?? document.scan?.dpi ?? 200;
      const path = join(pagesDir, `page-${String(pages.length + 1).padStart(3, "0")}.png`);
      // Same pixels; the density goes into pHYs so every engine knows the resolution.
      await sharp(page.png).withMetadata({ density: dpi }).png().toFile(path);
      pages.push({ path, dpi, width: page.width, height: page.height });
    }
  }
  await writeFile(manifest, JSON.stringify(pages, null, 2) + "\n");
  return pages;
}

/** A PDF whose pages are the PNGs at their own resolution (no resampling), as a scanner would write it. */
async function imagePdf(pages: PageImageFile[], path: string): Promise<void> {
  if (existsSync(path)) return;
  const pdf = await PDFDocument.create();
  for (const page of pages) {
    const image = await pdf.embedPng(await readFile(page.path));
    const width = (page.width * 72) / page.dpi;
    const height = (page.height * 72) / page.dpi;
    pdf.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  await writeFile(path, await pdf.save());
}

export async function prepareFixtures(options: { seed: number; pages: number; docs: number; scans: number; concurrency: number }): Promise<BenchFixtures> {
  const dir = join("bench-results", "fixtures", `ingest-${options.seed}-${generatorFingerprint()}`);
  const pages = await pageImages(options.seed, options.pages, join(dir, `ocr-${options.pages}`), options.concurrency);
  const pagesPdf = join(dir, `ocr-${options.pages}`, "pages.pdf");
  await imagePdf(pages, pagesPdf);

  const bornDir = join(dir, `born-${options.docs}`);
  if (!existsSync(join(bornDir, "truth.json"))) {
    await generateFixtureSet({ seed: options.seed, count: options.docs, outDir: bornDir, kinds: ["pdf"], start: 1000, concurrency: options.concurrency });
  }
  const scanDir = join(dir, `scanned-${options.scans}`);
  if (!existsSync(join(scanDir, "truth.json"))) {
    await generateFixtureSet({ seed: options.seed, count: options.scans, outDir: scanDir, kinds: ["scan-pdf", "mixed-pdf"], start: 2000, concurrency: options.concurrency });
  }
  // A two-page document comes as its mixed PDF (page 1 text, page 2 scanned); others as image-only PDFs.
  const mixed = await filesOf(scanDir, ".mixed.pdf");
  const mixedIds = new Set(mixed.map((path) => path.slice(0, -".mixed.pdf".length)));
  const imageOnly = (await filesOf(scanDir, ".scanned.pdf")).filter((path) => !mixedIds.has(path.slice(0, -".scanned.pdf".length)));
  return { pages, pagesPdf, bornDigital: await filesOf(bornDir, ".pdf"), scannedPdfs: [...imageOnly, ...mixed].sort() };
}
