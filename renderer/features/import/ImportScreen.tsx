import { useEffect, useRef, useState, type DragEvent, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call, onEvent, type ChannelResponse, type EventPayload, type IpcError } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { droppedPaths } from "../../api/files.js";
import { formatBytes, formatDate } from "../../api/format.js";
import { newJobId, useChannel } from "../../api/hooks.js";
import { hrefOf } from "../../app/router.js";
import { Alert } from "../../components/Alert.js";

type ImportResult = ChannelResponse<"documents.import">["results"][number];
type Progress = EventPayload<"import.progress">;

interface FileState {
  file: string;
  stage: Progress["stage"];
  page: number | null;
  pages: number | null;
  result: ImportResult | null;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Import: paths typed or chosen, or files dropped; progress per document and per page; cancel; quarantine. */
export function ImportScreen() {
  const { t, i18n } = useTranslation();
  const [pathsText, setPathsText] = useState("");
  const [dragging, setDragging] = useState(false);
  const [job, setJob] = useState<string | null>(null);
  const [files, setFiles] = useState<Map<string, FileState>>(new Map());
  const [total, setTotal] = useState(0);
  const [outcome, setOutcome] = useState<{ results: ImportResult[]; cancelled: boolean } | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [dropNote, setDropNote] = useState<string | null>(null);
  const quarantine = useChannel("documents.quarantine", {});
  const jobRef = useRef<string | null>(null);
  const cancelRequested = useRef(false);
  /** Results as the "done" events bring them (the call's answer may never come when a job is cancelled). */
  const doneResults = useRef<ImportResult[]>([]);

  useEffect(
    () =>
      onEvent("import.progress", (event) => {
        if (event.jobId !== jobRef.current) return;
        if (event.total) setTotal(event.total);
        if (event.type === "done" && event.result) doneResults.current.push(event.result);
        setFiles((previous) => {
          const next = new Map(previous);
          const state: FileState = next.get(event.file) ?? { file: event.file, stage: null, page: null, pages: null, result: null };
          if (event.type === "document") next.set(event.file, { ...state, stage: event.stage });
          // A page event says one more page was recognised (pages are recognised in parallel, in any order).
          else if (event.type === "page") next.set(event.file, { ...state, stage: "ocr", page: (state.page ?? 0) + 1, pages: event.pages });
          else next.set(event.file, { ...state, result: event.result, stage: "store" });
          return next;
        });
      }),
    [],
  );

  const paths = pathsText
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);

  async function start(event?: FormEvent) {
    event?.preventDefault();
    if (paths.length === 0 || job) return;
    const jobId = newJobId();
    jobRef.current = jobId;
    cancelRequested.current = false;
    doneResults.current = [];
    setJob(jobId);
    setError(null);
    setOutcome(null);
    setTotal(paths.length);
    // Progress events name files by their last part (main never sends full paths to the renderer).
    setFiles(new Map(paths.map((path) => [baseName(path), { file: path, stage: null, page: null, pages: null, result: null }])));
    const result = await call("documents.import", { jobId, paths });
    jobRef.current = null;
    setJob(null);
    if (result.ok) {
      setOutcome(result.value);
      setPathsText("");
    } else if (cancelRequested.current && result.error.code === "BAD_INPUT") {
      // Cancelled while a document was being read: what was finished stays imported.
      setOutcome({ results: [...doneResults.current], cancelled: true });
    } else setError(result.error);
    quarantine.reload();
  }

  async function cancel() {
    if (!job) return;
    cancelRequested.current = true;
    await call("documents.importCancel", { jobId: job });
  }

  async function choose() {
    const result = await call("dialog.openFiles", {});
    if (result.ok) {
      if (result.value.paths.length > 0) setPathsText((previous) => [...previous.split("\n").filter((line) => line.trim()), ...result.value.paths].join("\n"));
    } else setError(result.error);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = droppedPaths(event.dataTransfer);
    if (dropped.length === 0) {
      setDropNote(t("import.dropNoPath"));
      return;
    }
    setDropNote(null);
    setPathsText((previous) => [...previous.split("\n").filter((line) => line.trim()), ...dropped].join("\n"));
  }

  const done = [...files.values()].filter((state) => state.result !== null).length;
  const results = outcome?.results ?? [];

  return (
    <div>
      <h1>{t("import.title")}</h1>
      <form className="panel" onSubmit={(event) => void start(event)} aria-labelledby="import-form-title">
        <h2 id="import-form-title">{t("import.formTitle")}</h2>
        <div
          className={dragging ? "dropzone active" : "dropzone"}
          data-testid="dropzone"
          role="region"
          aria-label={t("import.dropzone")}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>{t("import.dropHere")}</p>
          <button type="button" onClick={() => void choose()} disabled={job !== null}>
            {t("import.choose")}
          </button>
        </div>
        {dropNote ? <Alert kind="warning">{dropNote}</Alert> : null}
        <div className="field">
          <label htmlFor="import-paths">{t("import.paths")}</label>
          <textarea id="import-paths" value={pathsText} onChange={(event) => setPathsText(event.target.value)} aria-describedby="import-paths-hint" rows={4} />
          <span id="import-paths-hint" className="hint">
            {t("import.pathsHint")}
          </span>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={paths.length === 0 || job !== null}>
            {t("import.start", { count: paths.length })}
          </button>
          <button type="button" className="danger" onClick={() => void cancel()} disabled={job === null}>
            {t("import.cancel")}
          </button>
        </div>
      </form>

      {files.size > 0 ? (
        <section className="panel" aria-labelledby="import-progress-title" data-testid="import-progress">
          <h2 id="import-progress-title">{t("import.progressTitle")}</h2>
          <label htmlFor="import-overall">{t("import.overall", { done, total: total || files.size })}</label>
          <progress id="import-overall" max={total || files.size} value={done} />
          <ul className="progress-list">
            {[...files.entries()].map(([key, state]) => (
              <li key={key} data-testid="import-file">
                <strong>{baseName(state.file)}</strong>{" "}
                {state.result ? (
                  <ResultLine result={state.result} />
                ) : (
                  <span role="status">
                    {job === null && outcome?.cancelled ? t("import.notImported") : state.stage ? t(`import.stage.${state.stage}`) : t("import.waiting")}
                    {state.page !== null && state.pages ? ` — ${t("import.page", { page: state.page, pages: state.pages })}` : null}
                  </span>
                )}
                {job !== null && !state.result && state.page !== null && state.pages ? (
                  <progress max={state.pages} value={state.page} aria-label={t("import.pageProgress", { file: baseName(state.file) })} />
                ) : null}
              </li>
            ))}
          </ul>
          {job === null && outcome ? (
            <Alert kind={outcome.cancelled ? "warning" : "success"} testId="import-summary">
              {outcome.cancelled
                ? t("import.cancelled", { count: results.filter((result) => result.status === "imported").length })
                : t("import.finished", {
                    imported: results.filter((result) => result.status === "imported").length,
                    duplicates: results.filter((result) => result.status === "duplicate").length,
                    quarantined: results.filter((result) => result.status === "quarantined").length,
                  })}
            </Alert>
          ) : null}
        </section>
      ) : null}
      {error ? <Alert kind="error" testId="import-error">{errorSentence(t, error)}</Alert> : null}

      <section className="panel" aria-labelledby="quarantine-title" data-testid="quarantine">
        <h2 id="quarantine-title">{t("import.quarantine.title")}</h2>
        <p className="hint">{t("import.quarantine.intro")}</p>
        {quarantine.error ? <Alert kind="error">{errorSentence(t, quarantine.error)}</Alert> : null}
        {quarantine.data && quarantine.data.items.length === 0 ? <p>{t("import.quarantine.empty")}</p> : null}
        {quarantine.data && quarantine.data.items.length > 0 ? (
          <table className="data">
            <caption className="visually-hidden">{t("import.quarantine.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("import.quarantine.file")}</th>
                <th scope="col">{t("import.quarantine.size")}</th>
                <th scope="col">{t("import.quarantine.reason")}</th>
                <th scope="col">{t("import.quarantine.date")}</th>
              </tr>
            </thead>
            <tbody>
              {quarantine.data.items.map((item) => (
                <tr key={item.id}>
                  <td>{item.fileName}</td>
                  <td className="num">{formatBytes(item.byteSize, i18n.language)}</td>
                  <td>
                    <QuarantineReason reason={item.reason} />
                  </td>
                  <td>{formatDate(item.createdAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}

/** Quarantine reasons from main are short English sentences; each kind has a translated sentence. */
export function reasonKey(reason: string): string {
  const lower = reason.toLowerCase();
  if (lower.includes("empty")) return "empty";
  if (lower.includes("larger than")) return "tooLarge";
  if (lower.includes("not a pdf")) return "unsupported";
  if (lower.includes("not an invoice")) return "notInvoice";
  if (lower.includes("longer than")) return "timeout";
  if (lower.includes("ocr failed")) return "ocr";
  if (lower.includes("parser") || lower.includes("damaged") || lower.includes("corrupt")) return "damaged";
  if (lower.includes("encrypted") || lower.includes("password")) return "encrypted";
  return "other";
}

function QuarantineReason({ reason }: { reason: string }) {
  const { t } = useTranslation();
  const key = reasonKey(reason);
  return (
    <>
      {t(`import.reasons.${key}`)}
      {key === "other" ? (
        <span className="hint" lang="en">
          {" "}
          ({reason})
        </span>
      ) : null}
    </>
  );
}

function ResultLine({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  if (result.status === "imported" && result.id) {
    return (
      <span>
        <span className="badge ok">{t("import.status.imported")}</span> {result.supplier ?? t("document.unknownSupplier")}{" "}
        {result.warnings > 0 ? <span className="badge warn">{t("import.warnings", { count: result.warnings })}</span> : null}{" "}
        <a href={hrefOf({ screen: "document", id: result.id })}>{t("import.open")}</a>
      </span>
    );
  }
  if (result.status === "duplicate") {
    return (
      <span>
        <span className="badge warn">{t("import.status.duplicate")}</span>{" "}
        {result.duplicateOf ? <a href={hrefOf({ screen: "document", id: result.duplicateOf })}>{t("import.openOriginal")}</a> : null}
      </span>
    );
  }
  return (
    <span>
      <span className="badge danger">{t("import.status.quarantined")}</span> <QuarantineReason reason={result.reason ?? ""} />
    </span>
  );
}
