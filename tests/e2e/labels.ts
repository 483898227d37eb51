import type { Page } from "playwright-core";
import { en } from "../../renderer/i18n/en.js";
import { fr } from "../../renderer/i18n/fr.js";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    typeof value === "string" ? [[prefix ? `${prefix}.${key}` : key, value]] : flatten(value, prefix ? `${prefix}.${key}` : key),
  );
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function matchers(tree: Tree, other: Map<string, string>): { key: string; test: (text: string) => boolean }[] {
  return flatten(tree)
    .filter(([key, text]) => other.get(key) !== text)
    .map(([key, text]) => {
      if (!text.includes("{{")) return { key, test: (candidate: string) => candidate === text.trim() };
      const pattern = new RegExp(`^${text.trim().split(/\{\{\s*\w+\s*\}\}/).map(escape).join(".+?")}$`, "s");
      return { key, test: (candidate: string) => pattern.test(candidate) };
    });
}

const EN = new Map(flatten(en as unknown as Tree));
const FR = new Map(flatten(fr as unknown as Tree));
/** Every French label that differs from its English translation, as a matcher of a whole text or attribute. */
const FRENCH = matchers(fr as unknown as Tree, EN);
const ENGLISH = matchers(en as unknown as Tree, FR);

/** Texts a user can see or hear: text nodes, and the labels in aria-label, placeholder, alt, title; the window title. */
export async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode.textContent?.trim();
      if (text) texts.push(text);
    }
    for (const element of Array.from(document.querySelectorAll("[aria-label], [placeholder], [alt], [title]"))) {
      for (const attribute of ["aria-label", "placeholder", "alt", "title"]) {
        const value = element.getAttribute(attribute)?.trim();
        if (value) texts.push(value);
      }
    }
    return texts;
  });
}

/** The French labels still on the page (their keys and texts). */
export async function frenchLabels(page: Page): Promise<string[]> {
  const texts = await visibleTexts(page);
  return texts.flatMap((text) => FRENCH.filter((matcher) => matcher.test(text)).map((matcher) => `${matcher.key}: ${text}`));
}

/** How many of the page's texts are English labels of the app (to check the check sees something). */
export async function englishLabelCount(page: Page): Promise<number> {
  const texts = await visibleTexts(page);
  return texts.filter((text) => ENGLISH.some((matcher) => matcher.test(text))).length;
}

/** Inputs, selects, textareas and buttons that have no accessible name (no label, aria-label(ledby) or text). */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const missing: string[] = [];
    for (const element of Array.from(document.querySelectorAll("input, select, textarea, button"))) {
      const control = element as HTMLInputElement;
      if (control.type === "hidden") continue;
      const named =
        (control.labels && control.labels.length > 0) ||
        Boolean(control.getAttribute("aria-label")?.trim()) ||
        Boolean(control.getAttribute("aria-labelledby")) ||
        (element.tagName === "BUTTON" && Boolean(element.textContent?.trim()));
      if (!named) missing.push(`${element.tagName.toLowerCase()}#${control.id || "?"}`);
    }
    return missing;
  });
}
