import { useTranslation } from "react-i18next";
import { useSession } from "../../app/session.js";
import { Alert } from "../../components/Alert.js";
import { ChangePasswordForm } from "./ChangePasswordForm.js";
import { GrantRevealForm } from "./GrantRevealForm.js";
import { MfaEnrolment } from "./MfaEnrolment.js";

/** One's own account: password, two-factor authentication. */
export function AccountScreen() {
  const { t } = useTranslation();
  const { me, refresh } = useSession();
  return (
    <div>
      <h1>{t("account.title")}</h1>
      <ChangePasswordForm forced={false} onChanged={() => undefined} />
      {me?.mfaEnabled ? (
        <section className="panel" aria-labelledby="mfa-status-title">
          <h2 id="mfa-status-title">{t("account.mfa.title")}</h2>
          <Alert kind="success">{t("account.mfa.enabled")}</Alert>
        </section>
      ) : (
        <MfaEnrolment
          forced={false}
          onDone={() => void refresh()}
        />
      )}
      {me?.canReveal ? <GrantRevealForm /> : null}
    </div>
  );
}
