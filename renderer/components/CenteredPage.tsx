import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "./LanguageSwitch.js";

/** A page outside the shell (unlock, forced password change, MFA enrolment): the app's name, the language switch, one column. */
export function CenteredPage({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="content" id="main">
      <div className="centered">
        <div className="row">
          <h1>{t("app.name")}</h1>
          <span className="spacer" />
          <LanguageSwitch />
        </div>
        {children}
      </div>
    </main>
  );
}
