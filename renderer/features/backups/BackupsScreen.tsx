import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call, onEvent } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { formatBytes, formatDate } from "../../api/format.js";
import { useChannel } from "../../api/hooks.js";
import { Alert } from "../../components/Alert.js";
import { SchedulePanel } from "./SchedulePanel.js";

/** Admin: the backup schedule and its status, an encrypted backup (age, passphrase) with progress, and the backups made so far. */
export function BackupsScreen() {
  const { t, i18n } = useTranslation();
  const history = useChannel("backups.list", {});
  const [folder, setFolder] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [again, setAgain] = useState("");
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  useEffect(() => onEvent("backup.progress", (event) => setProgress({ done: event.bytesDone, total: event.bytesTotal })), []);

  async function choose() {
    const result = await call("dialog.chooseFolder", {});
    if (result.ok) {
      if (result.value.path) setFolder(result.value.path);
    } else setMessage({ kind: "error", text: t("backups.noDialog") });
  }

  async function run(event: FormEvent) {
    event.preventDefault();
    if (passphrase !== again) {
      setMessage({ kind: "error", text: t("backups.mismatch") });
      return;
    }
    if (passphrase.length < 12) {
      setMessage({ kind: "error", text: t("backups.tooShort") });
      return;
    }
    setRunning(true);
    setMessage(null);
    setProgress(null);
    const result = await call("backups.run", { folder: folder.trim(), passphrase });
    setRunning(false);
    setPassphrase("");
    setAgain("");
    setMessage(
      result.ok
        ? { kind: "success", text: t("backups.done", { file: result.value.file, size: formatBytes(result.value.bytes, i18n.language) }) }
        : { kind: "error", text: errorSentence(t, result.error, { BAD_INPUT: "backups.badFolder" }) },
    );
    history.reload();
  }

  return (
    <div>
      <h1>{t("backups.title")}</h1>
      <SchedulePanel onRan={history.reload} />
      <form className="panel" onSubmit={(event) => void run(event)} aria-labelledby="backup-run-title">
        <h2 id="backup-run-title">{t("backups.runTitle")}</h2>
        <p className="hint">{t("backups.intro")}</p>
        <div className="field">
          <label htmlFor="backup-folder">{t("backups.folder")}</label>
          <div className="row">
            <input id="backup-folder" value={folder} onChange={(event) => setFolder(event.target.value)} required />
            <button type="button" onClick={() => void choose()}>
              {t("backups.chooseFolder")}
            </button>
          </div>
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="backup-passphrase">{t("backups.passphrase")}</label>
            <input id="backup-passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(event) => setPassphrase(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor="backup-again">{t("backups.again")}</label>
            <input id="backup-again" type="password" autoComplete="new-password" value={again} onChange={(event) => setAgain(event.target.value)} required />
          </div>
        </div>
        <button type="submit" className="primary" disabled={running}>
          {running ? t("backups.running") : t("backups.run")}
        </button>
        {running ? (
          <div className="field">
            <label htmlFor="backup-progress">{t("backups.progress")}</label>
            <progress id="backup-progress" max={progress?.total || 1} value={progress?.done ?? 0} />
          </div>
        ) : null}
      </form>
      {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
      <section className="panel" aria-labelledby="backup-history-title">
        <h2 id="backup-history-title">{t("backups.historyTitle")}</h2>
        {history.error ? <Alert kind="error">{errorSentence(t, history.error)}</Alert> : null}
        {history.data && history.data.backups.length === 0 ? <p>{t("backups.none")}</p> : null}
        {history.data && history.data.backups.length > 0 ? (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("backups.columns.time")}</th>
                <th scope="col">{t("backups.columns.user")}</th>
                <th scope="col">{t("backups.columns.result")}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.backups.map((backup, index) => (
                <tr key={index}>
                  <td>{formatDate(backup.time, i18n.language)}</td>
                  <td>{backup.userName ?? "—"}</td>
                  <td>{t(`results.${backup.result}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
