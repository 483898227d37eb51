import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { Alert } from "../../components/Alert.js";
import type { RevealData } from "./types.js";

/** Managers: show the clear sensitive values of this document, for this screen only; the reason is audited. */
export function RevealPanel({ id, revealed, onRevealed }: { id: string; revealed: boolean; onRevealed: (data: RevealData | null) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function reveal(event: FormEvent) {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setError(t("document.reveal.reasonTooShort"));
      return;
    }
    setBusy(true);
    const result = await call("documents.reveal", { id, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) {
      setError(errorSentence(t, result.error));
      return;
    }
    setError(null);
    onRevealed(result.value);
  }

  return (
    <section className="panel" aria-labelledby="reveal-title" data-testid="reveal">
      <h2 id="reveal-title">{t("document.reveal.title")}</h2>
      {revealed ? (
        <>
          <Alert kind="warning" testId="reveal-done">
            {t("document.reveal.done")}
          </Alert>
          <button
            type="button"
            onClick={() => {
              setReason("");
              onRevealed(null);
            }}
          >
            {t("document.reveal.hide")}
          </button>
        </>
      ) : (
        <form onSubmit={(event) => void reveal(event)}>
          <p className="hint">{t("document.reveal.intro")}</p>
          <div className="field">
            <label htmlFor="reveal-reason">{t("document.reveal.reason")}</label>
            <textarea id="reveal-reason" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} required />
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {t("document.reveal.submit")}
          </button>
        </form>
      )}
      {error ? <Alert kind="error">{error}</Alert> : null}
    </section>
  );
}
