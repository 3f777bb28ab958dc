import type { Headline } from "../../../schemas/feed";
import { type FormatId, formatById } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";
import { cellValue } from "./cells";

/** The headline numbers of one report: the cells its format description names for each. */
export function headline(format: FormatId, tables: ReportTables): Headline {
  const sources = formatById(format).headline;
  const value = (field: keyof Headline) =>
    sources[field].cells.reduce((total, cell) => total + cellValue(tables, cell), 0);
  return {
    applicationsReceived: value("applicationsReceived"),
    resultsTotal: value("resultsTotal"),
    disclosed: value("disclosed"),
    partiallyDisclosed: value("partiallyDisclosed"),
    reconsiderations: value("reconsiderations"),
    lawsuits: value("lawsuits"),
  };
}
