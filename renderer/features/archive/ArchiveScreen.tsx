import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { DOC_TYPES } from "../../../shared/invoice.js";
import type { SearchQuery } from "../../../shared/ipc/contract.js";
import { call, type IpcError } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { Alert } from "../../components/Alert.js";
import { DocumentList, type ListItem } from "./DocumentList.js";
import { DEFAULT_SORT, EMPTY_FILTERS, fromQuery, isAmount, toQuery, type FilterForm, type Sort } from "./query.js";
import { SavedViews } from "./SavedViews.js";

const PAGE_SIZE = 100;

/** The archive: filters and full-text search on the left, the virtualised list on the right. */
export function ArchiveScreen() {
  const { t } = useTranslation();
  const [form, setForm] = useState<FilterForm>(EMPTY_FILTERS);
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [query, setQuery] = useState<SearchQuery>(() => toQuery(EMPTY_FILTERS, DEFAULT_SORT));
  const [items, setItems] = useState<ListItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const generation = useRef(0);
  const loadingRef = useRef(false);

  const fetchPage = useCallback(async (q: SearchQuery, after: string | null) => {
    const mine = generation.current;
    loadingRef.current = true;
    setLoading(true);
    const result = await call("documents.search", { query: q, limit: PAGE_SIZE, ...(after ? { cursor: after } : {}) });
    if (mine !== generation.current) return;
    loadingRef.current = false;
    setLoading(false);
    if (!result.ok) {
      setError(result.error);
      setCursor(null);
      return;
    }
    setError(null);
    setItems((previous) => (after ? [...previous, ...result.value.items] : result.value.items));
    setCursor(result.value.nextCursor);
  }, []);

  useEffect(() => {
    generation.current += 1;
    setItems([]);
    setCursor(null);
    void fetchPage(query, null);
  }, [query, fetchPage]);

  const loadMore = useCallback(() => {
    if (cursor && !loadingRef.current) void fetchPage(query, cursor);
  }, [cursor, query, fetchPage]);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!isAmount(form.min) || !isAmount(form.max)) {
      setFormError(t("archive.filters.badAmount"));
      return;
    }
    if (form.from && form.to && form.from > form.to) {
      setFormError(t("archive.filters.badDates"));
      return;
    }
    setFormError(null);
    setQuery(toQuery(form, sort));
  }

  function onSort(by: Sort["by"]) {
    const next: Sort = sort.by === by ? { by, dir: sort.dir === "asc" ? "desc" : "asc" } : { by, dir: by === "supplier" ? "asc" : "desc" };
    setSort(next);
    setQuery({ ...query, sort: next });
  }

  const set = <K extends keyof FilterForm>(key: K) => (value: FilterForm[K]) => setForm((previous) => ({ ...previous, [key]: value }));

  return (
    <div>
      <h1>{t("archive.title")}</h1>
      <div className="archive">
        <aside>
          <form className="panel filters" role="search" aria-label={t("archive.filters.title")} onSubmit={submit} data-testid="filters">
            <h2>{t("archive.filters.title")}</h2>
            <div className="field">
              <label htmlFor="filter-text">{t("archive.filters.text")}</label>
              <input id="filter-text" type="search" value={form.text} onChange={(event) => set("text")(event.target.value)} aria-describedby="filter-text-hint" />
              <span id="filter-text-hint" className="hint">
                {t("archive.filters.textHint")}
              </span>
            </div>
            <div className="field">
              <label htmlFor="filter-supplier">{t("archive.filters.supplier")}</label>
              <input id="filter-supplier" value={form.supplier} onChange={(event) => set("supplier")(event.target.value)} />
            </div>
            <fieldset className="row">
              <legend>{t("archive.filters.dates")}</legend>
              <div className="field">
                <label htmlFor="filter-from">{t("archive.filters.from")}</label>
                <input id="filter-from" type="date" value={form.from} onChange={(event) => set("from")(event.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="filter-to">{t("archive.filters.to")}</label>
                <input id="filter-to" type="date" value={form.to} onChange={(event) => set("to")(event.target.value)} />
              </div>
            </fieldset>
            <fieldset className="row">
              <legend>{t("archive.filters.amounts")}</legend>
              <div className="field">
                <label htmlFor="filter-min">{t("archive.filters.min")}</label>
                <input id="filter-min" inputMode="decimal" value={form.min} onChange={(event) => set("min")(event.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="filter-max">{t("archive.filters.max")}</label>
                <input id="filter-max" inputMode="decimal" value={form.max} onChange={(event) => set("max")(event.target.value)} />
              </div>
            </fieldset>
            <div className="field">
              <label htmlFor="filter-type">{t("archive.filters.type")}</label>
              <select id="filter-type" value={form.type} onChange={(event) => set("type")(event.target.value as FilterForm["type"])}>
                <option value="">{t("archive.filters.anyType")}</option>
                {DOC_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`docTypes.${type}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="filter-warnings">{t("archive.filters.warnings")}</label>
              <select id="filter-warnings" value={form.warnings} onChange={(event) => set("warnings")(event.target.value as FilterForm["warnings"])}>
                <option value="">{t("archive.filters.warningsAny")}</option>
                <option value="with">{t("archive.filters.warningsWith")}</option>
                <option value="without">{t("archive.filters.warningsWithout")}</option>
              </select>
            </div>
            {formError ? <Alert kind="error">{formError}</Alert> : null}
            <div className="actions">
              <button type="submit" className="primary" data-testid="search-submit">
                {t("archive.filters.search")}
              </button>
              <button
                type="button"
                onClick={() => {
                  setForm(EMPTY_FILTERS);
                  setFormError(null);
                  setQuery(toQuery(EMPTY_FILTERS, sort));
                }}
              >
                {t("archive.filters.reset")}
              </button>
            </div>
          </form>
          <SavedViews
            current={query}
            onApply={(view) => {
              const applied = { ...view };
              const restored = fromQuery(applied);
              setSort(restored.sort);
              setForm(restored.form);
              setQuery(applied);
            }}
          />
        </aside>
        <section aria-labelledby="results-title">
          <h2 id="results-title" className="row">
            {t("archive.results")}
            <span className="hint" role="status" aria-live="polite" data-testid="result-count">
              {loading && items.length === 0 ? t("archive.loading") : cursor ? t("archive.countMore", { count: items.length }) : t("archive.count", { count: items.length })}
            </span>
          </h2>
          {error ? <Alert kind="error">{errorSentence(t, error, { BAD_INPUT: "archive.filters.invalid" })}</Alert> : null}
          {!loading && !error && items.length === 0 ? <p data-testid="no-results">{t("archive.empty")}</p> : null}
          <DocumentList items={items} hasMore={cursor !== null} loadMore={loadMore} sort={sort} onSort={onSort} />
        </section>
      </div>
    </div>
  );
}
