import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldName } from "../../../shared/invoice.js";
import { errorSentence } from "../../api/errors.js";
import { formatDate } from "../../api/format.js";
import { useChannel } from "../../api/hooks.js";
import { hrefOf } from "../../app/router.js";
import { useUser } from "../../app/session.js";
import { Alert } from "../../components/Alert.js";
import { ExportPanel } from "./ExportPanel.js";
import { FieldsPanel } from "./FieldsPanel.js";
import { GdprPanel } from "./GdprPanel.js";
import { PageViewer } from "./PageViewer.js";
import { RevealPanel } from "./RevealPanel.js";
import type { DocumentData, RevealData } from "./types.js";

/** One document: its masked pages, its fields and checks, and what the reader may do with it. */
export function DocumentScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const loaded = useChannel("documents.get", { id }, id);
  const [document, setDocument] = useState<DocumentData | null>(null);
  const [revealed, setRevealed] = useState<RevealData | null>(null);
  const [erasedAt, setErasedAt] = useState<string | null>(null);

  useEffect(() => {
    setDocument(loaded.data);
    setRevealed(null);
  }, [loaded.data]);

  if (erasedAt) {
    return (
      <div>
        <h1>{t("document.title")}</h1>
        <Alert kind="success" testId="document-erased">
          {t("document.gdpr.erased", { date: formatDate(erasedAt, i18n.language) })}
        </Alert>
        <p>
          <a href={hrefOf({ screen: "archive" })}>{t("document.back")}</a>
        </p>
      </div>
    );
  }
  if (loaded.error) {
    return (
      <div>
        <h1>{t("document.title")}</h1>
        <Alert kind="error" testId="document-error">
          {errorSentence(t, loaded.error, { BAD_INPUT: "document.notFound" })}
        </Alert>
      </div>
    );
  }
  if (!document) return <p role="status">{t("document.loading")}</p>;

  const generalWarnings = document.warnings.filter((warning) => warning.field === "totals" || warning.field === "document");
  const revealedFields = revealed ? (Object.fromEntries(Object.entries(revealed.fields)) as Partial<Record<FieldName, string | null>>) : null;

  return (
    <div>
      <p>
        <a href={hrefOf({ screen: "archive" })}>{t("document.back")}</a>
      </p>
      <h1 data-testid="document-title">
        {document.supplier ?? t("document.unknownSupplier")} — {document.fields.invoiceNumber ?? document.fileName}
      </h1>
      <p className="hint">
        {t("document.meta", {
          type: t(`docTypes.${document.docType}`),
          file: document.fileName,
          date: formatDate(document.importedAt, i18n.language),
          source: t(`sources.${document.source}`),
        })}
        {document.ocrConfidence !== null ? ` ${t("document.ocrConfidence", { value: Math.round(document.ocrConfidence) })}` : null}
      </p>
      {document.duplicateOf ? (
        <Alert kind="warning" testId="duplicate-warning">
          {t("document.duplicate")} <a href={hrefOf({ screen: "document", id: document.duplicateOf })}>{t("document.openOriginal")}</a>
        </Alert>
      ) : null}
      <div className="document">
        <PageViewer document={document} />
        <div>
          <section className="panel" aria-labelledby="checks-title" data-testid="checks">
            <h2 id="checks-title">{t("document.checks.title")}</h2>
            {document.warnings.length === 0 ? (
              <p className="badge ok">{t("document.checks.allGood")}</p>
            ) : (
              <ul>
                {document.warnings.map((warning, index) => (
                  <li key={index}>
                    <span className="badge warn">{t(`warnings.${warning.code}`)}</span>{" "}
                    {warning.field === "totals" || warning.field === "document" ? t(`document.checks.${warning.field}`) : t(`fields.${warning.field}`)}
                  </li>
                ))}
              </ul>
            )}
            {generalWarnings.length === 0 && document.warnings.length > 0 ? <p className="hint">{t("document.checks.fieldHint")}</p> : null}
          </section>
          <FieldsPanel
            document={document}
            revealed={revealedFields}
            canCorrect={user.role === "clerk" || user.role === "manager"}
            onCorrected={(fields, warnings) => setDocument({ ...document, fields, warnings })}
          />
          <section className="panel" aria-labelledby="sensitive-title" data-testid="sensitive">
            <h2 id="sensitive-title">{t("document.sensitive.title")}</h2>
            {document.sensitive.length === 0 ? <p>{t("document.sensitive.none")}</p> : null}
            {document.sensitive.length > 0 ? (
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t("document.sensitive.type")}</th>
                    <th scope="col">{t("document.sensitive.value")}</th>
                    <th scope="col">{t("document.sensitive.action")}</th>
                  </tr>
                </thead>
                <tbody>
                  {document.sensitive.map((item, index) => {
                    const clear = revealed?.sensitive.find((other) => other.type === item.type && other.field === item.field && other.page === item.page && other.masked === item.masked) ?? revealed?.sensitive[index];
                    const candidate: unknown = clear && "value" in clear ? clear.value : null;
                    const value = typeof candidate === "string" ? candidate : null;
                    return (
                      <tr key={index} data-testid="sensitive-row">
                        <td>{t(`sensitiveTypes.${item.type}`, { defaultValue: t("sensitiveTypes.other") })}</td>
                        <td>{value ? <span className="revealed">{value}</span> : <span className="masked">{item.masked}</span>}</td>
                        <td>{t(`sensitiveActions.${item.action === "redact" || item.action === "keep" ? item.action : "encrypt"}`)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            ) : null}
          </section>
          {document.canReveal ? <RevealPanel id={document.id} revealed={revealed !== null} onRevealed={setRevealed} /> : null}
          {user.role === "clerk" || user.role === "manager" ? <ExportPanel document={document} /> : null}
          {user.role === "manager" ? <GdprPanel id={document.id} onErased={setErasedAt} /> : null}
        </div>
      </div>
    </div>
  );
}
