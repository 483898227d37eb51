import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call, type ChannelResponse } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { Alert } from "../../components/Alert.js";

type Enrolment = ChannelResponse<"auth.mfaEnrol">;

/**
 * TOTP enrolment: start (a new secret, shown as a QR image and as text for manual entry), confirm with a first
 * code, then show the recovery codes once.
 */
export function MfaEnrolment({ onDone, forced }: { onDone: () => void; forced: boolean }) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    setError(null);
    const result = await call("auth.mfaEnrol", {});
    setBusy(false);
    if (result.ok) setEnrolment(result.value);
    else setError(errorSentence(t, result.error));
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await call("auth.mfaConfirm", { code: code.replace(/\s/g, "") });
    setBusy(false);
    if (result.ok) {
      setCodes(result.value.recoveryCodes);
      setEnrolment(null);
    } else setError(errorSentence(t, result.error, { WRONG_TOTP: "account.mfa.wrongCode" }));
  }

  if (codes) {
    return (
      <section className="panel" aria-labelledby="mfa-codes-title" data-testid="mfa-recovery-codes">
        <h2 id="mfa-codes-title">{t("account.mfa.codesTitle")}</h2>
        <p>{t("account.mfa.codesIntro")}</p>
        <ul className="codes" aria-label={t("account.mfa.codesTitle")}>
          {codes.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
        <div className="actions">
          <button type="button" className="primary" onClick={onDone}>
            {t("account.mfa.codesSaved")}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="mfa-title" data-testid="mfa-enrolment">
      <h2 id="mfa-title">{forced ? t("account.mfa.forcedTitle") : t("account.mfa.title")}</h2>
      <p>{forced ? t("account.mfa.forcedIntro") : t("account.mfa.intro")}</p>
      {!enrolment ? (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void start()} disabled={busy}>
            {t("account.mfa.start")}
          </button>
        </div>
      ) : (
        <form onSubmit={(event) => void confirm(event)}>
          <p>{t("account.mfa.scan")}</p>
          <img className="qr" src={enrolment.qrDataUrl} alt={t("account.mfa.qrAlt")} data-testid="mfa-qr" />
          <p>
            {t("account.mfa.manual")}{" "}
            <code className="secret-code" data-testid="mfa-secret">
              {enrolment.secret}
            </code>
          </p>
          <div className="field">
            <label htmlFor="mfa-code">{t("account.mfa.code")}</label>
            <input id="mfa-code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(event) => setCode(event.target.value)} required autoFocus />
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("account.mfa.confirm")}
            </button>
          </div>
        </form>
      )}
      {error ? <Alert kind="error">{error}</Alert> : null}
    </section>
  );
}
