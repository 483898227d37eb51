import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call, type ChannelResponse } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { Alert } from "../../components/Alert.js";

type Report = ChannelResponse<"security.report">;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The report's flags are English sentences from main; each kind has a translated sentence. */
function flagKey(flag: string): string {
  if (flag.startsWith("burst of failed logins")) return "failedLogins";
  if (flag.startsWith("account locked")) return "lockouts";
  if (flag.startsWith("burst of exports")) return "exports";
  if (flag.startsWith("burst of reveals")) return "reveals";
  if (flag.includes("at night")) return "night";
  return "other";
}

/** Auditors and admins: per-user activity over a period, with the unusual patterns flagged. */
export function SecurityScreen() {
  const { t } = useTranslation();
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 30 * 86_400_000)));
  const [to, setTo] = useState(() => isoDay(new Date()));
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(event?: FormEvent) {
    event?.preventDefault();
    const result = await call("security.report", { from, to });
    if (result.ok) {
      setReport(result.value);
      setError(null);
    } else setError(errorSentence(t, result.error));
  }

  const columns = ["events", "failedLogins", "lockouts", "denied", "reveals", "exports", "erasures", "nightEvents"] as const;
  return (
    <div>
      <h1>{t("security.title")}</h1>
      <form className="panel row" onSubmit={(event) => void load(event)} aria-label={t("security.period")}>
        <div className="field">
          <label htmlFor="report-from">{t("security.from")}</label>
          <input id="report-from" type="date" value={from} onChange={(event) => setFrom(event.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="report-to">{t("security.to")}</label>
          <input id="report-to" type="date" value={to} onChange={(event) => setTo(event.target.value)} required />
        </div>
        <div className="field">
          <button type="submit" className="primary">
            {t("security.run")}
          </button>
        </div>
      </form>
      {error ? <Alert kind="error">{error}</Alert> : null}
      {report ? (
        <section className="panel" aria-labelledby="report-title" data-testid="security-report">
          <h2 id="report-title">{t("security.reportTitle")}</h2>
          {report.users.length === 0 ? <p>{t("security.empty")}</p> : null}
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("security.columns.user")}</th>
                {columns.map((column) => (
                  <th key={column} scope="col" className="num">
                    {t(`security.columns.${column}`)}
                  </th>
                ))}
                <th scope="col">{t("security.columns.flags")}</th>
              </tr>
            </thead>
            <tbody>
              {report.users.map((user) => (
                <tr key={user.user}>
                  <th scope="row">{user.user}</th>
                  {columns.map((column) => (
                    <td key={column} className="num">
                      {user[column]}
                    </td>
                  ))}
                  <td>
                    {user.flags.map((flag) => (
                      <span key={flag} className="badge danger">
                        {t(`security.flags.${flagKey(flag)}`, {
                          failed: user.peaks.failedLogins,
                          exports: user.peaks.exports,
                          reveals: user.peaks.reveals,
                          lockouts: user.lockouts,
                          night: user.nightEvents,
                        })}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
