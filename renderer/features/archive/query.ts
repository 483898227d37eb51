import type { SearchQuery } from "../../../shared/ipc/contract.js";
import type { DocType } from "../../../shared/invoice.js";

/** The filter form as typed (strings), and its translation into a contract SearchQuery (empty fields left out). */
export interface FilterForm {
  text: string;
  supplier: string;
  from: string;
  to: string;
  min: string;
  max: string;
  type: "" | DocType;
  warnings: "" | "with" | "without";
}

export const EMPTY_FILTERS: FilterForm = { text: "", supplier: "", from: "", to: "", min: "", max: "", type: "", warnings: "" };

export type Sort = NonNullable<SearchQuery["sort"]>;
export const DEFAULT_SORT: Sort = { by: "date", dir: "desc" };

export function toQuery(form: FilterForm, sort: Sort): SearchQuery {
  const query: SearchQuery = { sort };
  const text = form.text.trim();
  const supplier = form.supplier.trim();
  if (text) query.text = text;
  if (supplier) query.supplier = supplier;
  if (form.from) query.from = form.from;
  if (form.to) query.to = form.to;
  const min = form.min.trim().replace(/\s/g, "");
  const max = form.max.trim().replace(/\s/g, "");
  if (min) query.min = min;
  if (max) query.max = max;
  if (form.type) query.type = form.type;
  if (form.warnings) query.warnings = form.warnings === "with";
  return query;
}

export function fromQuery(query: SearchQuery): { form: FilterForm; sort: Sort } {
  return {
    form: {
      text: query.text ?? "",
      supplier: query.supplier ?? "",
      from: query.from ?? "",
      to: query.to ?? "",
      min: query.min ?? "",
      max: query.max ?? "",
      type: query.type ?? "",
      warnings: query.warnings === undefined ? "" : query.warnings ? "with" : "without",
    },
    sort: query.sort ?? DEFAULT_SORT,
  };
}

/** Amounts as a clerk types them: "1200", "1 200,50", "1200.5". */
export function isAmount(value: string): boolean {
  return value.trim() === "" || /^\d{1,12}([.,]\d{1,2})?$/.test(value.trim().replace(/\s/g, ""));
}
