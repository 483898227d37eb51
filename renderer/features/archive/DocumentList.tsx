import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ChannelResponse } from "../../api/bridge.js";
import { formatAmount, formatDate } from "../../api/format.js";
import { navigate } from "../../app/router.js";
import type { Sort } from "./query.js";

export type ListItem = ChannelResponse<"documents.search">["items"][number];

const ROW_HEIGHT = 56;
const COLUMNS: { key: string; sort: Sort["by"] | null; className?: string }[] = [
  { key: "supplier", sort: "supplier" },
  { key: "number", sort: null },
  { key: "date", sort: "date" },
  { key: "amount", sort: "amount", className: "num" },
  { key: "type", sort: null },
  { key: "checks", sort: null },
];

function Snippet({ snippet }: { snippet: NonNullable<ListItem["snippet"]> }) {
  return (
    <span className="snippet" data-testid="snippet">
      {snippet.map((piece, index) => (piece.hit ? <mark key={index}>{piece.text}</mark> : <span key={index}>{piece.text}</span>))}
    </span>
  );
}

/**
 * The archive list: an ARIA grid whose rows are virtualised (only the visible ones are in the DOM), so 100k
 * documents scroll as smoothly as 10. Arrow keys, Page Up/Down, Home/End move between rows; Enter opens one.
 * The next page is asked for as the end comes into view.
 */
export function DocumentList({
  items,
  hasMore,
  loadMore,
  sort,
  onSort,
}: {
  items: ListItem[];
  hasMore: boolean;
  loadMore: () => void;
  sort: Sort;
  onSort: (by: Sort["by"]) => void;
}) {
  const { t, i18n } = useTranslation();
  const viewport = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(0);
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => viewport.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const virtualRows = virtualizer.getVirtualItems();
  const lastVisible = virtualRows[virtualRows.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasMore && lastVisible >= items.length - 20) loadMore();
  }, [hasMore, lastVisible, items.length, loadMore]);

  useEffect(() => {
    if (focused >= items.length) setFocused(Math.max(0, items.length - 1));
  }, [items.length, focused]);

  function focusRow(index: number) {
    const target = Math.max(0, Math.min(items.length - 1, index));
    setFocused(target);
    virtualizer.scrollToIndex(target, { align: "auto" });
    requestAnimationFrame(() => viewport.current?.querySelector<HTMLElement>(`[data-index="${target}"]`)?.focus());
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, Math.floor((viewport.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: focused + 1, ArrowUp: focused - 1, PageDown: focused + page, PageUp: focused - page, Home: 0, End: items.length - 1 };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      focusRow(target);
    } else if (event.key === "Enter") {
      const item = items[focused];
      if (item) navigate({ screen: "document", id: item.id });
    }
  }

  return (
    <div role="grid" aria-label={t("archive.listLabel")} aria-rowcount={hasMore ? -1 : items.length + 1} aria-colcount={COLUMNS.length} data-testid="document-list">
      <div role="rowgroup">
        <div role="row" className="list-header" aria-rowindex={1}>
          {COLUMNS.map((column) => {
            const label = t(`archive.columns.${column.key}`);
            const active = column.sort !== null && sort.by === column.sort;
            return (
              <div key={column.key} role="columnheader" className={column.className} aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}>
                {column.sort ? (
                  <button type="button" onClick={() => column.sort && onSort(column.sort)} aria-label={t("archive.sortBy", { column: label })}>
                    {label} {active ? (sort.dir === "asc" ? "▲" : "▼") : ""}
                  </button>
                ) : (
                  label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={viewport} className="list-viewport" role="rowgroup" onKeyDown={onKeyDown}>
        <div className="list-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualRows.map((row) => {
            const item = items[row.index];
            if (!item) return null;
            return (
              <div
                key={item.id}
                role="row"
                aria-rowindex={row.index + 2}
                data-index={row.index}
                data-testid="document-row"
                tabIndex={row.index === focused ? 0 : -1}
                className="list-row"
                style={{ transform: `translateY(${row.start}px)` }}
                onClick={() => navigate({ screen: "document", id: item.id })}
                onFocus={() => setFocused(row.index)}
              >
                <div role="gridcell" className="cell">
                  {item.supplier ?? t("document.unknownSupplier")}
                  {item.snippet ? (
                    <>
                      <br />
                      <Snippet snippet={item.snippet} />
                    </>
                  ) : null}
                </div>
                <div role="gridcell" className="cell">
                  {item.invoiceNumber ?? "—"}
                </div>
                <div role="gridcell" className="cell">
                  {formatDate(item.issueDate, i18n.language)}
                </div>
                <div role="gridcell" className="cell num" data-testid="row-amount">
                  {formatAmount(item.totalGross, item.currency, i18n.language)}
                </div>
                <div role="gridcell" className="cell">
                  {t(`docTypes.${item.docType}`)}
                </div>
                <div role="gridcell" className="cell">
                  {item.duplicate ? <span className="badge danger">{t("archive.duplicate")}</span> : null}{" "}
                  {item.warnings > 0 ? <span className="badge warn">{t("archive.warnings", { count: item.warnings })}</span> : null}
                  {!item.duplicate && item.warnings === 0 ? <span className="badge ok">{t("archive.noWarnings")}</span> : null}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
