import { type CellCode, cellKey, type FormatSpec, formatCells, TABLE_CODES } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";

export { type CellCode, cellKey, formatCells } from "../../../schemas/formats";

/** The value of a cell, throwing when the tables lack it: tables reaching the feed are complete. */
export function cellValue(tables: ReportTables, cell: CellCode): number {
  const value = tables[cell.table]?.[cell.row]?.[cell.column];
  if (value === undefined) throw new Error(`feed: tables lack ${cellKey(cell)}`);
  return value;
}

/** Tables rebuilt cell by cell in the format's order, so the same numbers always serialize the same. */
export function tablesInFormatOrder(format: FormatSpec, value: (cell: CellCode) => number): ReportTables {
  const tables = Object.fromEntries(TABLE_CODES.map((code) => [code, {}])) as ReportTables;
  for (const cell of formatCells(format)) {
    const row = tables[cell.table][cell.row] ?? {};
    tables[cell.table][cell.row] = row;
    row[cell.column] = value(cell);
  }
  return tables;
}
