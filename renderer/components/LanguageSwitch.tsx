import { useTranslation } from "react-i18next";
import { LANGUAGES, setLanguage, type Language } from "../i18n/index.js";

/** FR / EN toggle: two buttons in a labelled group, the current one pressed. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current: Language = i18n.language === "en" ? "en" : "fr";
  return (
    <div className="lang-switch" role="group" aria-label={t("language.label")}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={current === language}
          aria-label={t(`language.${language}`)}
          data-testid={`lang-${language}`}
          onClick={() => setLanguage(language)}
        >
          {t(`language.short.${language}`)}
        </button>
      ))}
    </div>
  );
}
