import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { FIELD_NAMES, SENSITIVE_FIELDS, type FieldName } from "../../../shared/invoice.js";
import { call } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { formatAmount, formatDate } from "../../api/format.js";
import { Alert } from "../../components/Alert.js";
import type { DocumentData } from "./types.js";

const AMOUNTS: readonly FieldName[] = ["totalNet", "totalTax", "totalGross"];
const DATES: readonly FieldName[] = ["issueDate", "dueDate"];

function kindOf(name: FieldName): "date" | "amount" | "currency" | "other" {
  if (DATES.includes(name)) return "date";
  if (AMOUNTS.includes(name)) return "amount";
  return name === "currency" ? "currency" : "other";
}

/**
 * Extracted fields. Sensitive ones show their masked form (or, after a manager's reveal, the clear value,
 * marked as such). Non-sensitive fields can be corrected; the checks then run again.
 */
export function FieldsPanel({
  document,
  revealed,
  canCorrect,
  onCorrected,
}: {
  document: DocumentData;
  revealed: Partial<Record<FieldName, string | null>> | null;
  canCorrect: boolean;
  onCorrected: (fields: DocumentData["fields"], warnings: DocumentData["warnings"]) => void;
}) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<FieldName | null>(null);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<FieldName | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    const result = await call("documents.correct", { id: document.id, field: editing, value: value.trim() });
    if (!result.ok) {
      setError(result.error.code === "BAD_INPUT" ? t(`document.fields.invalid.${kindOf(editing)}`, { field: t(`fields.${editing}`) }) : errorSentence(t, result.error));
      return;
    }
    setError(null);
    setSaved(editing);
    setEditing(null);
    onCorrected(result.value.fields, result.value.warnings);
  }

  function display(name: FieldName): string {
    const raw = document.fields[name];
    if (raw === null) return t("document.fields.none");
    if (AMOUNTS.includes(name)) return formatAmount(raw, document.fields.currency, i18n.language);
    if (DATES.includes(name)) return formatDate(raw, i18n.language);
    return raw;
  }

  return (
    <section className="panel" aria-labelledby="fields-title" data-testid="fields">
      <h2 id="fields-title">{t("document.fields.title")}</h2>
      <dl className="fields">
        {FIELD_NAMES.map((name) => {
          const sensitive = SENSITIVE_FIELDS.includes(name);
          const clear = revealed?.[name];
          const fieldWarnings = document.warnings.filter((warning) => warning.field === name);
          return (
            <div key={name} data-testid={`field-${name}`}>
              <dt id={`field-label-${name}`}>
                {t(`fields.${name}`)} {sensitive ? <span className="badge">{t("document.fields.protected")}</span> : null}
              </dt>
              <dd aria-labelledby={`field-label-${name}`}>
                {editing === name ? (
                  <form className="row" onSubmit={(event) => void save(event)}>
                    <label htmlFor={`correct-${name}`} className="visually-hidden">
                      {t("document.fields.newValue", { field: t(`fields.${name}`) })}
                    </label>
                    <input
                      id={`correct-${name}`}
                      type={DATES.includes(name) ? "date" : "text"}
                      inputMode={AMOUNTS.includes(name) ? "decimal" : undefined}
                      value={value}
                      onChange={(event) => setValue(event.target.value)}
                      autoFocus
                    />
                    <button type="submit" className="primary">
                      {t("document.fields.save")}
                    </button>
                    <button type="button" onClick={() => setEditing(null)}>
                      {t("document.fields.cancel")}
                    </button>
                  </form>
                ) : (
                  <>
                    {sensitive && clear ? (
                      <span className="revealed" data-testid={`revealed-${name}`}>
                        {clear}
                      </span>
                    ) : (
                      <span className={sensitive ? "masked" : undefined} data-testid={`value-${name}`}>
                        {display(name)}
                      </span>
                    )}{" "}
                    {fieldWarnings.map((warning, index) => (
                      <span key={index} className="badge warn">
                        {t(`warnings.${warning.code}`)}
                      </span>
                    ))}
                    {saved === name ? <span className="badge ok">{t("document.fields.corrected")}</span> : null}
                    {canCorrect && !sensitive ? (
                      <>
                        {" "}
                        <button
                          type="button"
                          aria-label={t("document.fields.correct", { field: t(`fields.${name}`) })}
                          onClick={() => {
                            setEditing(name);
                            setValue(document.fields[name] ?? "");
                            setError(null);
                          }}
                        >
                          {t("document.fields.edit")}
                        </button>
                      </>
                    ) : null}
                  </>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      {error ? <Alert kind="error">{error}</Alert> : null}
    </section>
  );
}
