import type { Headline } from "../../../schemas/feed";
import type { ReportTables } from "../../../schemas/report";
import { cellValue } from "./cells";

/** The headline numbers of one report (`HEADLINE_FIELDS` says which cells). */
export function headline(tables: ReportTables): Headline {
  const total = (table: "applications" | "appeals", row: string) =>
    cellValue(tables, { table, row, column: "total" });
  return {
    applicationsReceived: total("applications", "received"),
    resultsTotal: total("applications", "results_total"),
    disclosed: total("applications", "disclosed"),
    partiallyDisclosed: total("applications", "partially_disclosed"),
    reconsiderations: total("appeals", "reconsideration"),
    lawsuits: total("appeals", "litigation_direct") + total("appeals", "litigation_after_reconsideration"),
  };
}
