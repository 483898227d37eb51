import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { formatDate } from "../../api/format.js";
import { useChannel } from "../../api/hooks.js";
import { Alert } from "../../components/Alert.js";
import { POLICY_ACTIONS, type ChannelResponse } from "../../../shared/ipc/contract.js";

type SensitiveEntry = ChannelResponse<"policy.sensitive">["entries"][number];
type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** Admin: what happens to each type of sensitive value at the next imports (encrypted, removed or kept). */
function SensitivePolicyTable() {
  const { t, i18n } = useTranslation();
  const policy = useChannel("policy.sensitive", {});
  const [choices, setChoices] = useState<Record<string, PolicyAction>>({});
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [saving, setSaving] = useState<string | null>(null);

  useEffect(() => {
    if (!policy.data) return;
    setChoices(Object.fromEntries(policy.data.entries.map((entry) => [entry.type, entry.action])));
  }, [policy.data]);

  async function save(entry: SensitiveEntry) {
    const action = choices[entry.type] ?? entry.action;
    setSaving(entry.type);
    const result = await call("policy.setSensitive", { type: entry.type, action });
    setSaving(null);
    const label = t(`sensitiveTypes.${entry.type}`, { defaultValue: entry.type });
    if (result.ok) {
      setMessage({
        kind: "success",
        text: result.value.changed
          ? t("policy.sensitiveSaved", { type: label, action: t(`sensitiveActions.${result.value.entry.action}`) })
          : t("policy.sensitiveUnchanged", { type: label }),
      });
    } else setMessage({ kind: "error", text: errorSentence(t, result.error) });
    policy.reload();
  }

  return (
    <section className="panel" aria-labelledby="sensitive-policy-title" data-testid="sensitive-policy">
      <h2 id="sensitive-policy-title">{t("policy.sensitiveTitle")}</h2>
      <p className="hint">{t("policy.sensitiveIntro")}</p>
      {policy.error ? <Alert kind="error">{errorSentence(t, policy.error)}</Alert> : null}
      {message ? (
        <Alert kind={message.kind} testId="sensitive-policy-message">
          {message.text}
        </Alert>
      ) : null}
      {policy.data ? (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("policy.columns.type")}</th>
              <th scope="col">{t("policy.columns.action")}</th>
              <th scope="col">{t("policy.columns.default")}</th>
              <th scope="col">{t("policy.columns.changed")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("policy.columns.save")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {policy.data.entries.map((entry) => {
              const label = t(`sensitiveTypes.${entry.type}`, { defaultValue: entry.type });
              const selectId = `sensitive-action-${entry.type}`;
              const chosen = choices[entry.type] ?? entry.action;
              return (
                <tr key={entry.type} data-testid={`sensitive-${entry.type}`} data-action={entry.action}>
                  <th scope="row">
                    <label htmlFor={selectId}>{label}</label>
                  </th>
                  <td>
                    <select
                      id={selectId}
                      aria-label={t("policy.actionFor", { type: label })}
                      value={chosen}
                      onChange={(event) => {
                        const value = POLICY_ACTIONS.find((action) => action === event.target.value);
                        if (value) setChoices((previous) => ({ ...previous, [entry.type]: value }));
                      }}
                    >
                      {POLICY_ACTIONS.map((action) => (
                        <option key={action} value={action}>
                          {t(`policy.actions.${action}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{t(`sensitiveActions.${entry.defaultAction}`)}</td>
                  <td>{entry.changedAt ? t("policy.changedBy", { name: entry.changedBy ?? "—", date: formatDate(entry.changedAt, i18n.language) }) : t("policy.notChanged")}</td>
                  <td>
                    <button
                      type="button"
                      disabled={saving !== null || chosen === entry.action}
                      aria-label={t("policy.saveFor", { type: label })}
                      onClick={() => void save(entry)}
                    >
                      {t("policy.save")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** Admin: two-factor requirement, the lockout policy and the sensitive-data policy. */
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
      <SensitivePolicyTable />
    </div>
  );
}
