import { type FormatId, formatById, rowColumns, TABLE_CODES, type TableCode } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";

/** One cell of a format: the codes of `spec/report-formats.md`. */
export interface CellCode {
  table: TableCode;
  row: string;
  column: string;
}

const cellsByFormat = new Map<FormatId, readonly CellCode[]>();

/** Every cell of a format in the format's own order (tables, then rows, then the row's columns). */
export function formatCells(format: FormatId): readonly CellCode[] {
  const known = cellsByFormat.get(format);
  if (known) return known;
  const spec = formatById(format);
  const cells: CellCode[] = [];
  for (const table of TABLE_CODES) {
    const tableSpec = spec.tables[table];
    for (const row of tableSpec.rows) {
      for (const column of rowColumns(tableSpec, row.code)) cells.push({ table, row: row.code, column });
    }
  }
  cellsByFormat.set(format, cells);
  return cells;
}

/** `table.row.column`; row codes may hold dots (`withheld.state_secret`), table and column codes never do. */
export function cellKey(cell: CellCode): string {
  return `${cell.table}.${cell.row}.${cell.column}`;
}

/** The value of a cell, throwing when the tables lack it: tables reaching the feed are complete. */
export function cellValue(tables: ReportTables, cell: CellCode): number {
  const value = tables[cell.table][cell.row]?.[cell.column];
  if (value === undefined) throw new Error(`feed: tables lack ${cellKey(cell)}`);
  return value;
}

/** Tables rebuilt cell by cell in the format's order, so the same numbers always serialize the same. */
export function tablesInFormatOrder(format: FormatId, value: (cell: CellCode) => number): ReportTables {
  const tables: ReportTables = { proactive: {}, applications: {}, appeals: {} };
  for (const cell of formatCells(format)) {
    const row = tables[cell.table][cell.row] ?? {};
    tables[cell.table][cell.row] = row;
    row[cell.column] = value(cell);
  }
  return tables;
}

/** One cell of a report by its code (`table.row.column`): what the per-cell records hold. */
export interface ReportCell {
  cell: string;
  value: number;
}

/** Every cell of a report in the format's order; a cell the tables lack counts 0. */
export function reportCells(format: FormatId, tables: ReportTables): ReportCell[] {
  return formatCells(format).map((cell) => ({
    cell: cellKey(cell),
    value: tables[cell.table]?.[cell.row]?.[cell.column] ?? 0,
  }));
}
