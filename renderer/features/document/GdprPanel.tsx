import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { formatDate } from "../../api/format.js";
import { useChannel } from "../../api/hooks.js";
import { Alert } from "../../components/Alert.js";

type Message = { kind: "success" | "error"; text: string } | null;

/** Managers: legal hold on/off with a reason, and GDPR erasure (reason, then a confirmation step; refused under hold). */
export function GdprPanel({ id, onErased }: { id: string; onErased: (erasedAt: string) => void }) {
  const { t, i18n } = useTranslation();
  const hold = useChannel("documents.holdStatus", { id }, id);
  const [holdReason, setHoldReason] = useState("");
  const [holdMessage, setHoldMessage] = useState<Message>(null);
  const [eraseReason, setEraseReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [eraseMessage, setEraseMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const held = hold.data?.legalHold ?? false;

  async function toggleHold(event: FormEvent) {
    event.preventDefault();
    if (holdReason.trim().length < 3) {
      setHoldMessage({ kind: "error", text: t("document.gdpr.reasonTooShort") });
      return;
    }
    setBusy(true);
    const result = await call("documents.setHold", { id, on: !held, reason: holdReason.trim() });
    setBusy(false);
    if (result.ok) {
      setHoldReason("");
      setHoldMessage({ kind: "success", text: t(result.value.legalHold ? "document.gdpr.holdSet" : "document.gdpr.holdLifted") });
    } else setHoldMessage({ kind: "error", text: errorSentence(t, result.error, { BAD_INPUT: "document.gdpr.badReason" }) });
    hold.reload();
  }

  function askErase(event: FormEvent) {
    event.preventDefault();
    if (eraseReason.trim().length < 3) {
      setEraseMessage({ kind: "error", text: t("document.gdpr.reasonTooShort") });
      return;
    }
    setEraseMessage(null);
    setConfirming(true);
  }

  async function erase() {
    setBusy(true);
    const result = await call("documents.erase", { id, reason: eraseReason.trim() });
    setBusy(false);
    setConfirming(false);
    if (result.ok) {
      onErased(result.value.erasedAt);
      return;
    }
    setEraseMessage({ kind: "error", text: errorSentence(t, result.error, { FORBIDDEN: "document.gdpr.eraseHeld", BAD_INPUT: "document.gdpr.badReason" }) });
    hold.reload();
  }

  return (
    <section className="panel" aria-labelledby="gdpr-title" data-testid="gdpr">
      <h2 id="gdpr-title">{t("document.gdpr.title")}</h2>
      {hold.error ? <Alert kind="error">{errorSentence(t, hold.error)}</Alert> : null}
      <form onSubmit={(event) => void toggleHold(event)} aria-labelledby="hold-title" data-testid="hold">
        <h3 id="hold-title">{t("document.gdpr.holdTitle")}</h3>
        <p data-testid="hold-status" data-held={held ? "yes" : "no"}>
          {hold.data ? (held ? t("document.gdpr.heldSince", { date: formatDate(hold.data.since, i18n.language) }) : t("document.gdpr.notHeld")) : t("document.loading")}
        </p>
        <div className="field">
          <label htmlFor="hold-reason">{t("document.gdpr.holdReason")}</label>
          <textarea id="hold-reason" value={holdReason} onChange={(event) => setHoldReason(event.target.value)} maxLength={500} required />
        </div>
        <button type="submit" disabled={busy || !hold.data}>
          {t(held ? "document.gdpr.lift" : "document.gdpr.hold")}
        </button>
        {holdMessage ? (
          <Alert kind={holdMessage.kind} testId="hold-message">
            {holdMessage.text}
          </Alert>
        ) : null}
      </form>
      <form onSubmit={askErase} aria-labelledby="erase-title" data-testid="erase">
        <h3 id="erase-title">{t("document.gdpr.eraseTitle")}</h3>
        <p className="hint">{t("document.gdpr.eraseIntro")}</p>
        {held ? <Alert kind="warning">{t("document.gdpr.eraseHeld")}</Alert> : null}
        <div className="field">
          <label htmlFor="erase-reason">{t("document.gdpr.eraseReason")}</label>
          <textarea
            id="erase-reason"
            value={eraseReason}
            onChange={(event) => {
              setEraseReason(event.target.value);
              setConfirming(false);
            }}
            maxLength={500}
            required
          />
        </div>
        {confirming ? (
          <div role="alertdialog" aria-labelledby="erase-confirm-text" className="alert warning" data-testid="erase-confirm">
            <p id="erase-confirm-text">{t("document.gdpr.confirmText")}</p>
            <div className="row">
              <button type="button" className="danger" onClick={() => void erase()} disabled={busy}>
                {t("document.gdpr.confirm")}
              </button>
              <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
                {t("document.gdpr.cancel")}
              </button>
            </div>
          </div>
        ) : (
          <button type="submit" disabled={busy}>
            {t("document.gdpr.erase")}
          </button>
        )}
        {eraseMessage ? (
          <Alert kind={eraseMessage.kind} testId="erase-message">
            {eraseMessage.text}
          </Alert>
        ) : null}
      </form>
    </section>
  );
}
