/**
 * Translations: French by default, English on request. Every visible label goes through t(); the two
 * dictionaries have the same keys (checked by the compiler through `Messages` and by tests/renderer/i18n.test.ts).
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en.js";
import { fr } from "./fr.js";

export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "coffre.language";

function savedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value === "en" ? "en" : "fr";
  } catch {
    return "fr";
  }
}

export function setLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // A preference only: nothing to do if storage is unavailable.
  }
}

export function currentLanguage(): Language {
  return i18next.language === "en" ? "en" : "fr";
}

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: savedLanguage(),
    fallbackLng: "fr",
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
  });
  const applyLang = (language: string) => {
    document.documentElement.lang = language === "en" ? "en" : "fr";
  };
  applyLang(i18next.language);
  i18next.on("languageChanged", applyLang);
  return i18next;
}
