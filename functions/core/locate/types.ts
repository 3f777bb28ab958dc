import type { Finding } from "../../../schemas/finding";
import type { TableCode } from "../../../schemas/formats";
import type { AmountUnit } from "../normalize-values";
import type { SheetView } from "../workbook/sheet-view";

/** Where one value cell of a table stands. */
export interface Position {
  r: number;
  c: number;
  /** The row has no cell of its own under this column (a neighbour's merge covers it): blank. */
  none?: boolean;
  /** The unit the column's header names, for amounts (`采购总金额（元）`). */
  unit?: AmountUnit;
}

export interface LocatedTable {
  table: TableCode;
  sheet: SheetView;
  /** row code → column code → the value cell */
  cells: Map<string, Map<string, Position>>;
}

export interface Location {
  tables: Partial<Record<TableCode, LocatedTable>>;
  findings: Finding[];
}

/** A table found on one sheet, with the findings about its rows (a row twice, say). */
export interface Candidate {
  located: LocatedTable;
  duplicates: Finding[];
}

/** The tables of one kind found on one sheet: the fullest, and every copy (to tell a second copy). */
export interface SheetCandidates {
  best: Candidate;
  all: readonly Candidate[];
}

export function countCells(located: LocatedTable): number {
  let n = 0;
  for (const columns of located.cells.values()) n += columns.size;
  return n;
}
