import { describe, expect, it } from "vitest";
import { SearchQuerySchema } from "../../shared/ipc/contract.js";
import { DEFAULT_SORT, EMPTY_FILTERS, fromQuery, isAmount, toQuery } from "../../renderer/features/archive/query.js";

describe("archive filters -> contract search query", () => {
  it("leaves empty filters out and passes the contract's strict schema", () => {
    const query = toQuery(EMPTY_FILTERS, DEFAULT_SORT);
    expect(query).toEqual({ sort: DEFAULT_SORT });
    expect(SearchQuerySchema.safeParse(query).success).toBe(true);
  });

  it("keeps what a clerk types: amounts with spaces and commas, dates, warnings as a boolean", () => {
    const query = toQuery({ text: " roulement ", supplier: "Quincaillerie", from: "2024-01-01", to: "2024-12-31", min: "1 200,50", max: "5500", type: "invoice", warnings: "without" }, { by: "amount", dir: "asc" });
    expect(query).toEqual({ text: "roulement", supplier: "Quincaillerie", from: "2024-01-01", to: "2024-12-31", min: "1200,50", max: "5500", type: "invoice", warnings: false, sort: { by: "amount", dir: "asc" } });
    expect(SearchQuerySchema.safeParse(query).success).toBe(true);
  });

  it("a saved query comes back as the same form", () => {
    const form = { ...EMPTY_FILTERS, supplier: "Dupont", min: "10", warnings: "with" as const };
    const sort = { by: "supplier" as const, dir: "asc" as const };
    expect(fromQuery(toQuery(form, sort))).toEqual({ form, sort });
  });

  it("tells amounts from other text", () => {
    for (const good of ["", "120", "120,5", "1 200.50"]) expect(isAmount(good), good).toBe(true);
    for (const bad of ["12O", "1.2.3", "-5", "120,505", "cent"]) expect(isAmount(bad), bad).toBe(false);
  });
});
