import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call, type IpcError } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { useSession } from "../../app/session.js";
import { Alert } from "../../components/Alert.js";
import { CenteredPage } from "../../components/CenteredPage.js";

const LOGIN_ERRORS = { WRONG_PASSWORD: "unlock.errors.credentials", NO_SUCH_USER: "unlock.errors.credentials", WRONG_TOTP: "unlock.errors.totp" } as const;

/** Why main locked the session ("locked", "idle for 10 min", "suspend"...) as a key of unlock.locked. */
function lockReasonKey(reason: string): string {
  for (const key of ["idle", "suspend", "screen-lock", "revoked", "disabled", "locked"]) if (reason.startsWith(key)) return key;
  return "other";
}

/** Name and password; the second-factor code is asked for when the account has one (MFA_REQUIRED). */
export function UnlockScreen() {
  const { t } = useTranslation();
  const { refresh, lockReason } = useSession();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await call("auth.login", { name: name.trim(), password, ...(needTotp && totp.trim() ? { totp: totp.trim() } : {}) });
    setBusy(false);
    if (result.ok) {
      setPassword("");
      setTotp("");
      await refresh();
      return;
    }
    if (result.error.code === "MFA_REQUIRED") {
      if (needTotp) setError(result.error);
      setNeedTotp(true);
      return;
    }
    setError(result.error);
  }

  return (
    <CenteredPage>
      <form className="panel" onSubmit={(event) => void submit(event)} aria-labelledby="unlock-title" data-testid="unlock-form">
        <h2 id="unlock-title">{t("unlock.title")}</h2>
        <p className="hint">{t("unlock.intro")}</p>
        {lockReason ? <Alert kind="info">{t(`unlock.locked.${lockReasonKey(lockReason)}`)}</Alert> : null}
        <div className="field">
          <label htmlFor="unlock-name">{t("unlock.name")}</label>
          <input id="unlock-name" name="username" autoComplete="username" value={name} onChange={(event) => setName(event.target.value)} required autoFocus />
        </div>
        <div className="field">
          <label htmlFor="unlock-password">{t("unlock.password")}</label>
          <input id="unlock-password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
        </div>
        {needTotp ? (
          <div className="field">
            <label htmlFor="unlock-totp">{t("unlock.totp")}</label>
            <input
              id="unlock-totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={totp}
              onChange={(event) => setTotp(event.target.value)}
              aria-describedby="unlock-totp-hint"
              required
              autoFocus
            />
            <span id="unlock-totp-hint" className="hint">
              {t("unlock.totpHint")}
            </span>
          </div>
        ) : null}
        {error ? <Alert kind="error" testId="unlock-error">{errorSentence(t, error, LOGIN_ERRORS)}</Alert> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("unlock.busy") : t("unlock.submit")}
          </button>
        </div>
      </form>
    </CenteredPage>
  );
}
