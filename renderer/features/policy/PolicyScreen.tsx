import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { useChannel } from "../../api/hooks.js";
import { Alert } from "../../components/Alert.js";

/** Admin: two-factor requirement and the lockout policy. */
export function PolicyScreen() {
  const { t } = useTranslation();
  const policy = useChannel("policy.get", {});
  const [mfaRequired, setMfaRequired] = useState(false);
  const [delayAfter, setDelayAfter] = useState("");
  const [ceiling, setCeiling] = useState("");
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  useEffect(() => {
    if (!policy.data) return;
    setMfaRequired(policy.data.mfaRequired);
    setDelayAfter(String(policy.data.lockout.delayAfter));
    setCeiling(String(policy.data.lockout.ceiling));
  }, [policy.data]);

  async function saveMfa(event: FormEvent) {
    event.preventDefault();
    const result = await call("policy.setMfaRequired", { required: mfaRequired });
    setMessage(result.ok ? { kind: "success", text: t("policy.saved") } : { kind: "error", text: errorSentence(t, result.error) });
    policy.reload();
  }

  async function saveLockout(event: FormEvent) {
    event.preventDefault();
    const after = Number.parseInt(delayAfter, 10);
    const max = Number.parseInt(ceiling, 10);
    if (!Number.isInteger(after) || !Number.isInteger(max)) {
      setMessage({ kind: "error", text: t("policy.badNumber") });
      return;
    }
    const result = await call("policy.setLockout", { delayAfter: after, ceiling: max });
    setMessage(result.ok ? { kind: "success", text: t("policy.saved") } : { kind: "error", text: errorSentence(t, result.error) });
    policy.reload();
  }

  return (
    <div>
      <h1>{t("policy.title")}</h1>
      {policy.error ? <Alert kind="error">{errorSentence(t, policy.error)}</Alert> : null}
      {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
      <form className="panel" onSubmit={(event) => void saveMfa(event)} aria-labelledby="mfa-policy-title">
        <h2 id="mfa-policy-title">{t("policy.mfaTitle")}</h2>
        <div className="row">
          <input id="mfa-required" type="checkbox" checked={mfaRequired} onChange={(event) => setMfaRequired(event.target.checked)} aria-describedby="mfa-required-hint" />
          <label htmlFor="mfa-required">{t("policy.mfaRequired")}</label>
        </div>
        <p id="mfa-required-hint" className="hint">
          {t("policy.mfaHint")}
        </p>
        <button type="submit" className="primary">
          {t("policy.save")}
        </button>
      </form>
      <form className="panel" onSubmit={(event) => void saveLockout(event)} aria-labelledby="lockout-title">
        <h2 id="lockout-title">{t("policy.lockoutTitle")}</h2>
        {policy.data ? <p className="hint">{t("policy.lockoutDelays", { base: policy.data.lockout.baseDelaySeconds, max: policy.data.lockout.maxDelaySeconds })}</p> : null}
        <div className="row">
          <div className="field">
            <label htmlFor="lockout-after">{t("policy.delayAfter")}</label>
            <input id="lockout-after" type="number" min={1} max={100} value={delayAfter} onChange={(event) => setDelayAfter(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="lockout-ceiling">{t("policy.ceiling")}</label>
            <input id="lockout-ceiling" type="number" min={5} max={1000} value={ceiling} onChange={(event) => setCeiling(event.target.value)} />
          </div>
        </div>
        <button type="submit" className="primary">
          {t("policy.save")}
        </button>
      </form>
      <section className="panel" aria-labelledby="sensitive-policy-title">
        <h2 id="sensitive-policy-title">{t("policy.sensitiveTitle")}</h2>
        <p>{t("policy.sensitiveDefaults")}</p>
      </section>
    </div>
  );
}
