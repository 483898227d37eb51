import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { formatBytes } from "../../api/format.js";
import { Alert } from "../../components/Alert.js";
import type { DocumentData } from "./types.js";

/** Redacted PDF export: rebuilt from the masked pages and checked before it is written. */
export function ExportPanel({ document }: { document: DocumentData }) {
  const { t, i18n } = useTranslation();
  const [path, setPath] = useState("");
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const suggested = `${(document.fields.invoiceNumber ?? document.fileName.replace(/\.[^.]+$/, "")).replace(/[^A-Za-z0-9._-]+/g, "_")}-${t("document.export.fileSuffix")}.pdf`;

  async function choose() {
    const result = await call("dialog.saveFile", { suggestedName: suggested });
    if (result.ok) {
      if (result.value.path) setPath(result.value.path);
    } else setMessage({ kind: "error", text: t("document.export.noDialog") });
  }

  async function run(event: FormEvent) {
    event.preventDefault();
    if (!path.trim()) return;
    setBusy(true);
    setMessage(null);
    const result = await call("documents.export", { id: document.id, outPath: path.trim() });
    setBusy(false);
    setMessage(
      result.ok
        ? { kind: "success", text: t("document.export.done", { count: result.value.pages, size: formatBytes(result.value.bytes, i18n.language) }) }
        : { kind: "error", text: errorSentence(t, result.error, { BAD_INPUT: "document.export.badPath" }) },
    );
  }

  return (
    <section className="panel" aria-labelledby="export-title" data-testid="export">
      <h2 id="export-title">{t("document.export.title")}</h2>
      <p className="hint">{t("document.export.intro")}</p>
      <form onSubmit={(event) => void run(event)}>
        <div className="field">
          <label htmlFor="export-path">{t("document.export.path")}</label>
          <div className="row">
            <input id="export-path" value={path} onChange={(event) => setPath(event.target.value)} placeholder={suggested} />
            <button type="button" onClick={() => void choose()}>
              {t("document.export.choose")}
            </button>
          </div>
        </div>
        <button type="submit" className="primary" disabled={busy || !path.trim()}>
          {busy ? t("document.export.busy") : t("document.export.submit")}
        </button>
      </form>
      {message ? (
        <Alert kind={message.kind} testId="export-result">
          {message.text}
        </Alert>
      ) : null}
    </section>
  );
}
