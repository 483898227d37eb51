import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { SearchQuery } from "../../../shared/ipc/contract.js";
import { call } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { useChannel } from "../../api/hooks.js";
import { Alert } from "../../components/Alert.js";

/** Saved views: a named search (filters + sort) kept per user in the vault. */
export function SavedViews({ current, onApply }: { current: SearchQuery; onApply: (query: SearchQuery) => void }) {
  const { t } = useTranslation();
  const views = useChannel("views.list", {});
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    const result = await call("views.save", { name: name.trim(), query: current });
    if (result.ok) {
      setName("");
      setError(null);
      views.reload();
    } else setError(errorSentence(t, result.error));
  }

  async function remove(id: string) {
    const result = await call("views.delete", { id });
    if (result.ok) views.reload();
    else setError(errorSentence(t, result.error));
  }

  return (
    <section className="panel" aria-labelledby="views-title" data-testid="saved-views">
      <h2 id="views-title">{t("archive.views.title")}</h2>
      {views.data && views.data.views.length === 0 ? <p className="hint">{t("archive.views.empty")}</p> : null}
      <ul className="saved-views">
        {views.data?.views.map((view) => (
          <li key={view.id}>
            <button type="button" className="link" onClick={() => onApply(view.query)}>
              {view.name}
            </button>
            <button type="button" onClick={() => void remove(view.id)} aria-label={t("archive.views.delete", { name: view.name })}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void save(event)}>
        <div className="field">
          <label htmlFor="view-name">{t("archive.views.name")}</label>
          <input id="view-name" value={name} onChange={(event) => setName(event.target.value)} maxLength={64} />
        </div>
        <button type="submit" disabled={!name.trim()}>
          {t("archive.views.save")}
        </button>
      </form>
      {views.error ? <Alert kind="error">{errorSentence(t, views.error)}</Alert> : null}
      {error ? <Alert kind="error">{error}</Alert> : null}
    </section>
  );
}
