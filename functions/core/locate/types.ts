import type { Finding } from "../../../schemas/finding";
import type { TableCode } from "../../../schemas/formats";
import type { AmountUnit } from "../normalize-values";
import type { SheetView } from "../workbook/sheet-view";

/** A cell of a sheet, 0-based. */
export interface At {
  r: number;
  c: number;
}

/** Where one value cell of a table stands. */
export interface Position extends At {
  /** The row has no cell of its own under this column (a neighbour's merge covers it): blank. */
  none?: boolean;
  /** The unit the column's header names, for amounts (`采购总金额（元）`). */
  unit?: AmountUnit;
  /** The header cell the column was found by (where a missing neighbour's header is looked for). */
  header?: At;
  /**
   * A finding of the locator already says why the cell cannot be read (its column header stands twice,
   * so which copy holds the number cannot be told): not read, and no rule or diagnosis counts on it.
   */
  unread?: boolean;
}

export interface LocatedTable {
  table: TableCode;
  sheet: SheetView;
  /** row code → column code → the value cell */
  cells: Map<string, Map<string, Position>>;
  /** row code → the cell its label was read from (where a missing neighbour's label is looked for). */
  labels?: Map<string, At>;
}

export interface Location {
  tables: Partial<Record<TableCode, LocatedTable>>;
  findings: Finding[];
}

/** A table found on one sheet, with the findings about its rows and columns (a row twice, say). */
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

/** The first number cell a located table reads (topmost, then leftmost): where a finding about it points. */
export function firstCell(located: LocatedTable): { r: number; c: number } {
  let first = { r: Number.POSITIVE_INFINITY, c: Number.POSITIVE_INFINITY };
  for (const row of located.cells.values())
    for (const position of row.values())
      if (position.r < first.r || (position.r === first.r && position.c < first.c))
        first = { r: position.r, c: position.c };
  return first;
}
