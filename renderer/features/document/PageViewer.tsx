import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorSentence } from "../../api/errors.js";
import { useChannel } from "../../api/hooks.js";
import { Alert } from "../../components/Alert.js";
import type { DocumentData } from "./types.js";

/**
 * The masked rendition of one page, with the boxes of the values hidden on it outlined (the pixels under
 * them are already burned in by main; the outline only shows where). Boxes are placed in percentages of the
 * page size, so they follow the image as it scales.
 */
export function PageViewer({ document }: { document: DocumentData }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const image = useChannel("documents.page", { id: document.id, page }, `${document.id}/${page}`);
  const size = document.pageSizes.find((entry) => entry.page === page);
  const boxes = document.sensitive.filter((item) => item.page === page && item.bbox !== null);
  return (
    <section className="panel" aria-labelledby="pages-title">
      <h2 id="pages-title">{t("document.pages.title")}</h2>
      {document.pages > 1 ? (
        <div className="pager" role="group" aria-label={t("document.pages.pager")}>
          <button type="button" onClick={() => setPage((value) => Math.max(1, value - 1))} disabled={page <= 1}>
            {t("document.pages.previous")}
          </button>
          <span aria-live="polite">{t("document.pages.position", { page, pages: document.pages })}</span>
          <button type="button" onClick={() => setPage((value) => Math.min(document.pages, value + 1))} disabled={page >= document.pages}>
            {t("document.pages.next")}
          </button>
        </div>
      ) : null}
      {image.error ? <Alert kind="error">{errorSentence(t, image.error)}</Alert> : null}
      {image.data ? (
        <div className="page-frame" data-testid="page-frame">
          <img src={image.data.dataUrl} alt={t("document.pages.alt", { page, pages: document.pages })} data-testid="page-image" />
          {size
            ? boxes.map((item, index) => {
                const [x0, y0, x1, y1] = item.bbox ?? [0, 0, 0, 0];
                return (
                  <span
                    key={index}
                    className="mask-box"
                    data-testid="mask-box"
                    role="img"
                    aria-label={t("document.pages.maskBox", { type: t(`sensitiveTypes.${item.type}`, { defaultValue: t("sensitiveTypes.other") }) })}
                    style={{
                      left: `${(x0 / size.width) * 100}%`,
                      top: `${(y0 / size.height) * 100}%`,
                      width: `${((x1 - x0) / size.width) * 100}%`,
                      height: `${((y1 - y0) / size.height) * 100}%`,
                    }}
                  />
                );
              })
            : null}
        </div>
      ) : image.loading ? (
        <p role="status">{t("document.pages.loading")}</p>
      ) : null}
    </section>
  );
}
