import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Role } from "../../shared/domain.js";
import { bridgeAvailable } from "../api/bridge.js";
import { Alert } from "../components/Alert.js";
import { CenteredPage } from "../components/CenteredPage.js";
import { LanguageSwitch } from "../components/LanguageSwitch.js";
import { AccountScreen } from "../features/account/AccountScreen.js";
import { ChangePasswordForm } from "../features/account/ChangePasswordForm.js";
import { MfaEnrolment } from "../features/account/MfaEnrolment.js";
import { ArchiveScreen } from "../features/archive/ArchiveScreen.js";
import { AuditScreen } from "../features/audit/AuditScreen.js";
import { BackupsScreen } from "../features/backups/BackupsScreen.js";
import { DocumentScreen } from "../features/document/DocumentScreen.js";
import { ImportScreen } from "../features/import/ImportScreen.js";
import { PolicyScreen } from "../features/policy/PolicyScreen.js";
import { SecurityScreen } from "../features/security/SecurityScreen.js";
import { UnlockScreen } from "../features/unlock/UnlockScreen.js";
import { UsersScreen } from "../features/users/UsersScreen.js";
import { hrefOf, useRoute, type Route } from "./router.js";
import { SessionProvider, useSession, type SessionUser } from "./session.js";

type NavScreen = Exclude<Route["screen"], "document" | "home">;

/** What each role sees in the menu (the router checks every call anyway: this is only what is useful). */
const NAV: Record<Role, NavScreen[]> = {
  clerk: ["archive", "import", "account"],
  manager: ["archive", "import", "account"],
  auditor: ["audit", "security", "account"],
  admin: ["users", "policy", "backups", "security", "audit", "account"],
};

function homeOf(role: Role): Route {
  const first = NAV[role][0] ?? "account";
  return { screen: first } as Route;
}

function Screen({ route, user }: { route: Route; user: SessionUser }): ReactNode {
  switch (route.screen) {
    case "import":
      return <ImportScreen />;
    case "archive":
      return <ArchiveScreen />;
    case "document":
      return <DocumentScreen id={route.id} />;
    case "users":
      return <UsersScreen />;
    case "policy":
      return <PolicyScreen />;
    case "backups":
      return <BackupsScreen />;
    case "security":
      return <SecurityScreen />;
    case "audit":
      return <AuditScreen />;
    case "account":
      return <AccountScreen />;
    case "home":
      return <Screen route={homeOf(user.role)} user={user} />;
  }
}

function Shell({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const { logout } = useSession();
  const route = useRoute();
  const active = route.screen === "document" ? "archive" : route.screen === "home" ? homeOf(user.role).screen : route.screen;
  useEffect(() => {
    document.title = `${t(`nav.${active}`)} · ${t("app.name")}`;
  }, [active, t]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById("main")?.focus(); }}>
        {t("app.skip")}
      </a>
      <header className="topbar">
        <span className="brand">{t("app.name")}</span>
        <nav aria-label={t("nav.label")}>
          <ul>
            {NAV[user.role].map((screen) => (
              <li key={screen}>
                <a href={hrefOf({ screen } as Route)} aria-current={active === screen ? "page" : undefined} data-testid={`nav-${screen}`}>
                  {t(`nav.${screen}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className="spacer" />
        <span className="who" data-testid="who">
          {t("app.signedInAs", { name: user.name, role: t(`roles.${user.role}`) })}
        </span>
        <LanguageSwitch />
        <button type="button" onClick={() => void logout()} data-testid="logout">
          {t("app.lock")}
        </button>
      </header>
      <main className="content" id="main" tabIndex={-1}>
        <Screen route={route} user={user} />
      </main>
    </div>
  );
}

function Gate() {
  const { t } = useTranslation();
  const { me, refresh } = useSession();
  if (!bridgeAvailable()) {
    return (
      <main className="content centered" id="main">
        <Alert kind="error">{t("errors.NO_BRIDGE")}</Alert>
      </main>
    );
  }
  if (!me) return <p className="content" role="status">{t("app.loading")}</p>;
  if (!me.user) return <UnlockScreen />;
  if (me.mustChangePassword || me.mfaEnrolmentRequired) {
    return (
      <CenteredPage>
        {me.mustChangePassword ? <ChangePasswordForm forced onChanged={() => void refresh()} /> : <MfaEnrolment forced onDone={() => void refresh()} />}
      </CenteredPage>
    );
  }
  return <Shell user={me.user} />;
}

export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}

