import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { AUDIT_ACTIONS } from "../../../shared/audit.js";
import { call, type ChannelRequest, type ChannelResponse } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { formatDate } from "../../api/format.js";
import { useChannel } from "../../api/hooks.js";
import { Alert } from "../../components/Alert.js";

type Verify = ChannelResponse<"audit.verify">;
type Filter = ChannelRequest<"audit.list">;
type Entry = ChannelResponse<"audit.list">["entries"][number];

/** Rows per page: the newest first, older pages on demand. */
const LIMIT = 500;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Auditors (and admins): the audit trail, filtered, and a check of its hash chain. */
export function AuditScreen() {
  const { t, i18n } = useTranslation();
  const [user, setUser] = useState("");
  const [action, setAction] = useState("");
  const [result, setResult] = useState<"" | "ok" | "denied" | "failed">("");
  // Newest first, LIMIT rows a page; "older events" asks for the page before the oldest row shown.
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 7 * 86_400_000)));
  const [to, setTo] = useState("");
  const [filter, setFilter] = useState<Filter>(() => ({ limit: LIMIT, order: "newest", from }));
  const entries = useChannel("audit.list", filter, JSON.stringify(filter));
  const [older, setOlder] = useState<{ key: string; rows: Entry[]; before: number | null }>({ key: "", rows: [], before: null });
  const [olderError, setOlderError] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilter({
      limit: LIMIT,
      order: "newest",
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(user.trim() ? { user: user.trim() } : {}),
      ...(action ? { action } : {}),
      ...(result ? { result } : {}),
    });
  }

  async function runVerify() {
    const answer = await call("audit.verify", {});
    if (answer.ok) {
      setVerify(answer.value);
      setVerifyError(null);
    } else setVerifyError(errorSentence(t, answer.error));
    entries.reload();
  }

  // Older pages belong to the filter (and first page) they were loaded for.
  const pageKey = entries.data ? `${JSON.stringify(filter)}#${entries.data.entries[0]?.seq ?? 0}` : "";
  const olderRows = older.key === pageKey ? older : { key: pageKey, rows: [], before: entries.data?.olderBefore ?? null };
  const rows = entries.data ? [...entries.data.entries, ...olderRows.rows] : [];

  async function loadOlder() {
    if (olderRows.before === null) return;
    setLoadingOlder(true);
    const answer = await call("audit.list", { ...filter, before: olderRows.before });
    setLoadingOlder(false);
    if (!answer.ok) {
      setOlderError(errorSentence(t, answer.error));
      return;
    }
    setOlderError(null);
    setOlder({ key: pageKey, rows: [...olderRows.rows, ...answer.value.entries], before: answer.value.olderBefore });
  }

  return (
    <div>
      <h1>{t("audit.title")}</h1>
      <section className="panel" aria-labelledby="verify-title" data-testid="audit-verify">
        <h2 id="verify-title">{t("audit.verifyTitle")}</h2>
        <p className="hint">{t("audit.verifyIntro")}</p>
        <button type="button" className="primary" onClick={() => void runVerify()}>
          {t("audit.verify")}
        </button>
        {verify ? (
          verify.ok ? (
            <Alert kind="success" testId="verify-result">
              {t("audit.chainOk", { count: verify.rows })}
            </Alert>
          ) : (
            <Alert kind="error" testId="verify-result">
              {t("audit.chainBroken", { seq: verify.firstBad?.seq ?? "?" })}
            </Alert>
          )
        ) : null}
        {verifyError ? <Alert kind="error">{verifyError}</Alert> : null}
      </section>
      <form className="panel row" onSubmit={apply} aria-label={t("audit.filters")} role="search">
        <div className="field">
          <label htmlFor="audit-from">{t("audit.from")}</label>
          <input id="audit-from" type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("audit.to")}</label>
          <input id="audit-to" type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="audit-user">{t("audit.columns.user")}</label>
          <input id="audit-user" value={user} onChange={(event) => setUser(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t("audit.columns.action")}</label>
          <select id="audit-action" value={action} onChange={(event) => setAction(event.target.value)}>
            <option value="">{t("audit.anyAction")}</option>
            {AUDIT_ACTIONS.map((item) => (
              <option key={item} value={item}>
                {t(`audit.actions.${item}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-result">{t("audit.columns.result")}</label>
          <select id="audit-result" value={result} onChange={(event) => setResult(event.target.value as typeof result)}>
            <option value="">{t("audit.anyResult")}</option>
            <option value="ok">{t("results.ok")}</option>
            <option value="denied">{t("results.denied")}</option>
            <option value="failed">{t("results.failed")}</option>
          </select>
        </div>
        <div className="field">
          <button type="submit" className="primary">
            {t("audit.apply")}
          </button>
        </div>
      </form>
      <section className="panel" aria-labelledby="audit-entries-title">
        <h2 id="audit-entries-title">{t("audit.entriesTitle", { count: rows.length })}</h2>
        {entries.error ? <Alert kind="error">{errorSentence(t, entries.error)}</Alert> : null}

        <table className="data" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col" className="num">{t("audit.columns.seq")}</th>
              <th scope="col">{t("audit.columns.time")}</th>
              <th scope="col">{t("audit.columns.user")}</th>
              <th scope="col">{t("audit.columns.action")}</th>
              <th scope="col">{t("audit.columns.object")}</th>
              <th scope="col">{t("audit.columns.result")}</th>
              <th scope="col">{t("audit.columns.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((entry) => (
              <tr key={entry.seq} data-testid="audit-row" data-action={entry.action}>
                <td className="num">{entry.seq}</td>
                <td>{formatDate(entry.time, i18n.language)}</td>
                <td>{entry.userName ?? "—"}</td>
                <td>{t(`audit.actions.${entry.action}`)}</td>
                <td>{entry.object ?? ""}</td>
                <td>
                  <span className={entry.result === "ok" ? "badge ok" : "badge danger"}>{t(`results.${entry.result}`)}</span>
                </td>
                <td>{entry.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {olderError ? <Alert kind="error">{olderError}</Alert> : null}
        {olderRows.before !== null ? (
          <button type="button" onClick={() => void loadOlder()} disabled={loadingOlder} data-testid="audit-older">
            {t(loadingOlder ? "audit.loadingOlder" : "audit.older", { count: LIMIT })}
          </button>
        ) : null}
      </section>
    </div>
  );
}
