import type { Rates, SummaryDoc } from "../../../schemas/feed";
import { FEED_VERSION } from "../../../schemas/feed-constants";
import type { FormatId } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";
import { type CellCode, cellKey, cellValue, formatCells, tablesInFormatOrder } from "./cells";
import { decimalFromMicro, microFromDecimal, microFromNumber, rate } from "./decimal";

/**
 * The running totals of one year over every published report, kept as one small item (a few hundred
 * cells) so publishing a report updates the summary in O(1) reads and writes however many reports the
 * year holds: take the department's previous tables out, put the new ones in.
 */
export interface YearTotals {
  year: number;
  format: FormatId;
  /** How many departments' reports are summed. */
  departments: number;
  /** `table.row.column` → exact decimal string (`105`, `24252.611083`, `-4`). */
  cells: Record<string, string>;
}

/** Totals of a year with no report yet: every cell of the format at `0`. */
export function emptyTotals(year: number, format: FormatId): YearTotals {
  const cells: Record<string, string> = {};
  for (const cell of formatCells(format)) cells[cellKey(cell)] = "0";
  return { year, format, departments: 0, cells };
}

/**
 * The totals after one department's report changed: `removed` is its previously published tables (none
 * when it is new), `added` its new tables (none when its report is withdrawn). A replacement passes
 * both, so nothing is counted twice. Returns new totals; the input is left as it was.
 */
export function applyReport(
  totals: YearTotals,
  removed: ReportTables | undefined,
  added: ReportTables | undefined,
): YearTotals {
  const cells = { ...totals.cells };
  for (const cell of formatCells(totals.format)) {
    const key = cellKey(cell);
    let micro = microFromDecimal(cells[key] ?? "0");
    if (removed) micro -= microFromNumber(cellValue(removed, cell));
    if (added) micro += microFromNumber(cellValue(added, cell));
    cells[key] = decimalFromMicro(micro);
  }
  const departments = totals.departments + (added && !removed ? 1 : 0) - (removed && !added ? 1 : 0);
  if (departments < 0) throw new Error(`feed: year ${totals.year} would have ${departments} departments`);
  return { year: totals.year, format: totals.format, departments, cells };
}

/** `v1/summary/{year}.json` rendered from the totals. */
export function summaryDocument(totals: YearTotals, updatedAt: string): SummaryDoc {
  const micro = (cell: CellCode): bigint => microFromDecimal(totals.cells[cellKey(cell)] ?? "0");
  return {
    schemaVersion: FEED_VERSION,
    year: totals.year,
    format: totals.format,
    updatedAt,
    departments: totals.departments,
    // Sums of counts are whole numbers; sums of amounts keep at most 6 decimals, which a JSON number
    // carries exactly up to 15 significant digits (under 10^9 万元). `totals.cells` stays exact beyond.
    tables: tablesInFormatOrder(totals.format, (cell) => Number(decimalFromMicro(micro(cell)))),
    rates: rates(totals.format, micro),
  };
}

function rates(format: FormatId, micro: (cell: CellCode) => bigint): Rates {
  const cells = formatCells(format);
  /** The sum of one column over the rows a predicate picks. */
  const sum = (table: CellCode["table"], column: string, rows: (row: string) => boolean): bigint =>
    cells
      .filter((cell) => cell.table === table && cell.column === column && rows(cell.row))
      .reduce((total, cell) => total + micro(cell), 0n);
  const requestRows = (pick: (row: string) => boolean) => sum("applications", "total", pick);
  const group = (name: string) => (row: string) => row === name || row.startsWith(`${name}.`);

  const requests = requestRows((row) => row === "results_total");
  const appeals = (rows: readonly string[]) => {
    const of = (column: string) => sum("appeals", column, (row) => rows.includes(row));
    const whole = of("total");
    return {
      upheld: rate(of("upheld"), whole),
      corrected: rate(of("corrected"), whole),
      other: rate(of("other"), whole),
      pending: rate(of("pending"), whole),
    };
  };
  return {
    requests: {
      disclosed: rate(requestRows(group("disclosed")), requests),
      partially_disclosed: rate(requestRows(group("partially_disclosed")), requests),
      withheld: rate(requestRows(group("withheld")), requests),
      unavailable: rate(requestRows(group("unavailable")), requests),
      not_processed: rate(requestRows(group("not_processed")), requests),
      other: rate(requestRows(group("other")), requests),
    },
    reconsideration: appeals(["reconsideration"]),
    litigation: appeals(["litigation_direct", "litigation_after_reconsideration"]),
  };
}
