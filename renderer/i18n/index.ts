/**
 * Translations: French by default, English on request. Every visible label goes through t(); the two
 * dictionaries have the same keys (checked by the compiler through `Messages` and by tests/renderer/i18n.test.ts).
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { call } from "../api/bridge.js";
import { en } from "./en.js";
import { fr } from "./fr.js";

export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Switches the language now; the choice is kept as a UI preference on the main side (prefs.set). */
export function setLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  void call("prefs.set", { language });
}

/** Applies the saved preference, if any (French until then). */
export async function applySavedLanguage(): Promise<void> {
  const result = await call("prefs.get", {});
  if (result.ok && result.value.language && result.value.language !== i18next.language) await i18next.changeLanguage(result.value.language);
}

export function currentLanguage(): Language {
  return i18next.language === "en" ? "en" : "fr";
}

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: "fr",
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
