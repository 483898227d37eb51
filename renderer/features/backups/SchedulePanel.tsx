import { useEffect, useState, type FormEvent } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { call, type ChannelResponse } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { formatBytes, formatDate } from "../../api/format.js";
import { useChannel } from "../../api/hooks.js";
import { Alert } from "../../components/Alert.js";

type Status = ChannelResponse<"backups.status">;
type Kind = "passphrase-env" | "recipients";

/** The status as a sentence in the current language (the main side's warning decides whether to warn). */
function statusWarning(t: TFunction, status: Status, language: string): string | null {
  if (status.warning === null) return null;
  if (!status.configured) return t("backups.schedule.notConfigured");
  if (status.lastGood && status.lastError) return t("backups.schedule.tooOldFailed", { date: formatDate(status.lastGood, language) });
  if (status.lastError) return t("backups.schedule.failed");
  if (!status.lastGood) return t("backups.schedule.never");
  return t("backups.schedule.tooOld", { date: formatDate(status.lastGood, language) });
}

/**
 * Admin: the backup schedule (folder on another disk, interval, how many to keep, age recipients or the name of
 * the environment variable holding the passphrase: no secret is stored), its status with a warning, and run-now.
 * The app makes a due backup by itself while an admin is logged in (checked at login and every 15 minutes).
 */
export function SchedulePanel({ onRan }: { onRan: () => void }) {
  const { t, i18n } = useTranslation();
  const current = useChannel("backups.schedule", {});
  const status = useChannel("backups.status", {});
  const [folder, setFolder] = useState("");
  const [intervalHours, setIntervalHours] = useState("24");
  const [keep, setKeep] = useState("7");
  const [kind, setKind] = useState<Kind>("passphrase-env");
  const [variable, setVariable] = useState("COFFRE_BACKUP_PASSPHRASE");
  const [recipients, setRecipients] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  useEffect(() => {
    const schedule = current.data?.schedule;
    if (!schedule) return;
    setFolder(schedule.folder);
    setIntervalHours(String(schedule.intervalHours));
    setKeep(String(schedule.keep));
    setKind(schedule.encryption.kind);
    if (schedule.encryption.kind === "passphrase-env") setVariable(schedule.encryption.variable);
    else setRecipients(schedule.encryption.recipients.join("\n"));
  }, [current.data]);

  async function save(event: FormEvent) {
    event.preventDefault();
    const hours = Number.parseFloat(intervalHours.replace(",", "."));
    const count = Number.parseInt(keep, 10);
    if (!Number.isFinite(hours) || hours <= 0 || !Number.isInteger(count) || count < 1) {
      setMessage({ kind: "error", text: t("backups.schedule.badNumbers") });
      return;
    }
    const list = recipients
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    const encryption = kind === "recipients" ? { kind, recipients: list } : { kind, variable: variable.trim() };
    setBusy(true);
    const result = await call("backups.setSchedule", { schedule: { folder: folder.trim(), intervalHours: hours, keep: count, encryption } });
    setBusy(false);
    setMessage(result.ok ? { kind: "success", text: t("backups.schedule.saved") } : { kind: "error", text: errorSentence(t, result.error, { BAD_INPUT: "backups.schedule.invalid" }) });
    current.reload();
    status.reload();
  }

  async function runNow() {
    setBusy(true);
    setMessage(null);
    const result = await call("backups.runScheduled", { force: true });
    setBusy(false);
    if (!result.ok) setMessage({ kind: "error", text: errorSentence(t, result.error, { BAD_INPUT: "backups.schedule.notConfigured" }) });
    else if (result.value.file && result.value.bytes !== null) {
      setMessage({ kind: "success", text: t("backups.schedule.ran", { file: result.value.file, size: formatBytes(result.value.bytes, i18n.language), pruned: result.value.pruned }) });
    } else setMessage({ kind: "error", text: t("backups.schedule.runFailed") });
    status.reload();
    onRan();
  }

  const warning = status.data ? statusWarning(t, status.data, i18n.language) : null;
  return (
    <section className="panel" aria-labelledby="backup-schedule-title" data-testid="backup-schedule">
      <h2 id="backup-schedule-title">{t("backups.schedule.title")}</h2>
      <p className="hint">{t("backups.schedule.intro")}</p>
      {status.error ? <Alert kind="error">{errorSentence(t, status.error)}</Alert> : null}
      {status.data ? (
        <p data-testid="backup-schedule-status">
          {status.data.lastGood ? t("backups.schedule.lastGood", { date: formatDate(status.data.lastGood, i18n.language), file: status.data.lastFile ?? "—" }) : t("backups.schedule.noneYet")}
          {status.data.configured && status.data.due ? ` ${t("backups.schedule.due")}` : null}
        </p>
      ) : null}
      {warning ? (
        <Alert kind="warning" testId="backup-schedule-warning">
          {warning}
        </Alert>
      ) : null}
      <form onSubmit={(event) => void save(event)}>
        <div className="field">
          <label htmlFor="schedule-folder">{t("backups.schedule.folder")}</label>
          <input id="schedule-folder" value={folder} onChange={(event) => setFolder(event.target.value)} required />
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="schedule-interval">{t("backups.schedule.interval")}</label>
            <input id="schedule-interval" type="number" min={1} step="any" value={intervalHours} onChange={(event) => setIntervalHours(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor="schedule-keep">{t("backups.schedule.keep")}</label>
            <input id="schedule-keep" type="number" min={1} max={1000} value={keep} onChange={(event) => setKeep(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor="schedule-kind">{t("backups.schedule.encryption")}</label>
            <select id="schedule-kind" value={kind} onChange={(event) => setKind(event.target.value === "recipients" ? "recipients" : "passphrase-env")}>
              <option value="passphrase-env">{t("backups.schedule.kinds.passphrase-env")}</option>
              <option value="recipients">{t("backups.schedule.kinds.recipients")}</option>
            </select>
          </div>
        </div>
        {kind === "passphrase-env" ? (
          <div className="field">
            <label htmlFor="schedule-variable">{t("backups.schedule.variable")}</label>
            <input id="schedule-variable" value={variable} onChange={(event) => setVariable(event.target.value)} aria-describedby="schedule-variable-hint" required />
            <p id="schedule-variable-hint" className="hint">
              {t("backups.schedule.variableHint")}
            </p>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="schedule-recipients">{t("backups.schedule.recipients")}</label>
            <textarea id="schedule-recipients" value={recipients} onChange={(event) => setRecipients(event.target.value)} required />
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t("backups.schedule.save")}
          </button>
          <button type="button" onClick={() => void runNow()} disabled={busy || !current.data?.schedule}>
            {busy ? t("backups.running") : t("backups.schedule.runNow")}
          </button>
        </div>
      </form>
      {message ? (
        <Alert kind={message.kind} testId="backup-schedule-message">
          {message.text}
        </Alert>
      ) : null}
    </section>
  );
}
