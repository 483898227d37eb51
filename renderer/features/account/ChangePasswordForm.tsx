import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call, type IpcError } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { Alert } from "../../components/Alert.js";

/** Changes one's own password; used at first login (forced) and from the account screen. */
export function ChangePasswordForm({ onChanged, forced }: { onChanged: () => void; forced: boolean }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(false);
    if (next !== again) {
      setError(t("account.password.mismatch"));
      return;
    }
    setBusy(true);
    const result = await call("auth.changePassword", { current, next });
    setBusy(false);
    if (!result.ok) {
      setError(errorSentence(t, result.error as IpcError, { WRONG_PASSWORD: "account.password.wrongCurrent" }));
      return;
    }
    setCurrent("");
    setNext("");
    setAgain("");
    setDone(true);
    onChanged();
  }

  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-labelledby="password-title" data-testid="change-password-form">
      <h2 id="password-title">{forced ? t("account.password.forcedTitle") : t("account.password.title")}</h2>
      {forced ? <p>{t("account.password.forcedIntro")}</p> : null}
      <p className="hint" id="password-rules">
        {t("account.password.rules")}
      </p>
      <div className="field">
        <label htmlFor="password-current">{forced ? t("account.password.temporary") : t("account.password.current")}</label>
        <input id="password-current" type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="password-next">{t("account.password.next")}</label>
        <input id="password-next" type="password" autoComplete="new-password" aria-describedby="password-rules" value={next} onChange={(event) => setNext(event.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="password-again">{t("account.password.again")}</label>
        <input id="password-again" type="password" autoComplete="new-password" value={again} onChange={(event) => setAgain(event.target.value)} required />
      </div>
      {error ? <Alert kind="error">{error}</Alert> : null}
      {done ? <Alert kind="success">{t("account.password.changed")}</Alert> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("account.password.submit")}
        </button>
      </div>
    </form>
  );
}
