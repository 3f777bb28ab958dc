import type { FormatSpec, TableCode } from "./types";

/** One cell of a format: the codes of `spec/report-formats.md`. */
export interface CellCode {
  table: TableCode;
  row: string;
  column: string;
}

const cellsByFormat = new WeakMap<FormatSpec, readonly CellCode[]>();

/** Every cell of a format in the format's own order (tables, then rows, then the row's columns). */
export function formatCells(format: FormatSpec): readonly CellCode[] {
  const known = cellsByFormat.get(format);
  if (known) return known;
  const cells: CellCode[] = [];
  for (const table of Object.values(format.tables)) {
    const all = table.columns.map((column) => column.code);
    for (const row of table.rows) {
      for (const column of row.columns ?? all) cells.push({ table: table.code, row: row.code, column });
    }
  }
  cellsByFormat.set(format, cells);
  return cells;
}

/** `table.row.column`; row codes may hold dots (`withheld.state_secret`), table and column codes never do. */
export function cellKey(cell: CellCode): string {
  return `${cell.table}.${cell.row}.${cell.column}`;
}
