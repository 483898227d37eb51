import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CoffreError } from "../errors.js";

export const OCR_LANGUAGES = ["fra", "eng"] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

/** The tessdata flavour shipped by @tesseract.js-data: LSTM "best" models quantised to integers. */
const MODEL_FOLDER = "4.0.0_best_int";

export function defaultLanguageDataDir(): string {
  return join(tmpdir(), `coffre-tessdata-${MODEL_FOLDER}`);
}

/**
 * tesseract.js reads every language from one `langPath`, but each language ships in its own npm package.
 * Copies the `.traineddata.gz` files into one folder (once: a file of the right size is kept) and returns
 * it. Nothing is downloaded: a missing package is an installation error.
 */
export function prepareLanguageData(languages: readonly OcrLanguage[], dir = defaultLanguageDataDir()): string {
  const require = createRequire(import.meta.url);
  mkdirSync(dir, { recursive: true });
  for (const language of languages) {
    if (!OCR_LANGUAGES.includes(language)) throw new CoffreError("BAD_INPUT", `unsupported OCR language: ${String(language)}`);
    let packageDir: string;
    try {
      packageDir = dirname(require.resolve(`@tesseract.js-data/${language}/package.json`));
    } catch (error) {
      throw new CoffreError("INTERNAL", `OCR language data for ${language} is not installed`, { cause: error });
    }
    const source = join(packageDir, MODEL_FOLDER, `${language}.traineddata.gz`);
    const target = join(dir, `${language}.traineddata.gz`);
    const size = statSync(source).size;
    if (existsSync(target) && statSync(target).size === size) continue;
    // Copy then rename, so a concurrent reader never sees half a file.
    const partial = `${target}.${process.pid}.partial`;
    copyFileSync(source, partial);
    renameSync(partial, target);
  }
  return dir;
}
