import type { Rates, SummaryDoc } from "../../../schemas/feed";
import { FEED_VERSION } from "../../../schemas/feed-constants";
import { type FormatId, type FormatSpec, formatById } from "../../../schemas/formats";
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
  for (const cell of formatCells(formatById(format))) cells[cellKey(cell)] = "0";
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
  for (const cell of formatCells(formatById(totals.format))) {
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
    tables: tablesInFormatOrder(formatById(totals.format), (cell) => Number(decimalFromMicro(micro(cell)))),
    rates: rates(formatById(totals.format), micro),
  };
}

/** The summary's shares, as the format description says which cells make them. */
function rates(format: FormatSpec, micro: (cell: CellCode) => bigint): Rates {
  const sum = (cells: readonly CellCode[]) => cells.reduce((total, cell) => total + micro(cell), 0n);
  const { requests, appeals } = format.rates;
  const requestCells = (rows: readonly string[]) =>
    rows.map((row) => ({ table: requests.table, row, column: requests.column }));
  const whole = sum(requestCells([requests.whole]));
  const share = (rows: readonly string[]) => rate(sum(requestCells(rows)), whole);
  const outcomes = (rows: readonly string[]) => {
    const of = (column: string) => sum(rows.map((row) => ({ table: appeals.table, row, column })));
    const all = of(appeals.whole);
    return {
      upheld: rate(of(appeals.outcomes.upheld), all),
      corrected: rate(of(appeals.outcomes.corrected), all),
      other: rate(of(appeals.outcomes.other), all),
      pending: rate(of(appeals.outcomes.pending), all),
    };
  };
  return {
    requests: {
      disclosed: share(requests.shares.disclosed),
      partially_disclosed: share(requests.shares.partially_disclosed),
      withheld: share(requests.shares.withheld),
      unavailable: share(requests.shares.unavailable),
      not_processed: share(requests.shares.not_processed),
      other: share(requests.shares.other),
    },
    reconsideration: outcomes(appeals.groups.reconsideration),
    litigation: outcomes(appeals.groups.litigation),
  };
}

/**
 * Totals as stored in a sums shard: the cells' exact decimals joined by commas in the format's cell order
 * (about 1 KB instead of the 10 KB a map keyed by cell code takes), read back only against the same
 * format's cell list. A format description's cells are its contract; if one ever changed, stored sums
 * would no longer line up, and `unpackTotals` refuses them loudly instead of misreading them.
 */
export interface PackedTotals {
  format: FormatId;
  /** How many departments' reports are summed. */
  departments: number;
  /** How many of them were published with warnings. */
  withWarnings: number;
  /** The cells' decimals in `formatCells` order, comma-separated. */
  cells: string;
}

/** Totals packed for storage. */
export function packTotals(totals: YearTotals, withWarnings: number): PackedTotals {
  const cells = formatCells(formatById(totals.format)).map((cell) => totals.cells[cellKey(cell)] ?? "0");
  return { format: totals.format, departments: totals.departments, withWarnings, cells: cells.join(",") };
}

/** Packed totals read back as totals of `year`; throws when they do not fit the format's cells. */
export function unpackTotals(year: number, packed: PackedTotals): YearTotals {
  const codes = formatCells(formatById(packed.format));
  const values = packed.cells.split(",");
  if (values.length !== codes.length) {
    throw new Error(
      `feed: stored sums of ${year} hold ${values.length} cells, format ${packed.format} has ${codes.length}`,
    );
  }
  const cells: Record<string, string> = {};
  codes.forEach((cell, i) => {
    cells[cellKey(cell)] = values[i]!;
  });
  return { year, format: packed.format, departments: packed.departments, cells };
}

/** The sum of several totals of one year and format (the shards of a year's or a region's sums). */
export function addTotals(year: number, format: FormatId, parts: readonly YearTotals[]): YearTotals {
  const cells: Record<string, string> = {};
  let departments = 0;
  for (const cell of formatCells(formatById(format))) {
    const key = cellKey(cell);
    let micro = 0n;
    for (const part of parts) micro += microFromDecimal(part.cells[key] ?? "0");
    cells[key] = decimalFromMicro(micro);
  }
  for (const part of parts) {
    if (part.format !== format)
      throw new Error(`feed: sums of ${year} mix formats ${format} and ${part.format}`);
    departments += part.departments;
  }
  return { year, format, departments, cells };
}
