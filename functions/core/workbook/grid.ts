/**
 * A workbook as the core sees it: every sheet a grid of cells with merged ranges, nothing of SheetJS.
 * Rows and columns are 0-based; `address()` gives the A1 form clerks see.
 */

export type CellType =
  /** text */
  | "s"
  /** number (a formula's cached value included) */
  | "n"
  | "b"
  /** an error value (`#REF!`) */
  | "e"
  /** a date */
  | "d";

export interface Cell {
  type: CellType;
  /** Text for `s` and `e` (the error's text), number for `n`, boolean for `b`, ISO text for `d`. */
  value: string | number | boolean;
  /** The cell holds a formula. */
  formula: boolean;
  /** A formula with no cached value (a sheet saved by a generator that never calculated it). */
  uncachedFormula?: boolean;
  /** Text formatted as superscript or subscript at the end of a rich-text cell (a footnote mark, `31¹`). */
  footnote?: string;
  /** A superscript or subscript run stands before other text: the digits cannot be told apart. */
  misplacedMark?: boolean;
}

export interface Range {
  /** top-left row and column, bottom-right row and column, inclusive */
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export interface Grid {
  name: string;
  /** The sheet is hidden (or very hidden) in the workbook. */
  hidden?: boolean;
  /** Rows hidden on the sheet. */
  hiddenRows?: ReadonlySet<number>;
  /** Columns hidden on the sheet. */
  hiddenColumns?: ReadonlySet<number>;
  rowCount: number;
  colCount: number;
  /** `rows[r][c]`; missing rows and cells are blank. */
  rows: ReadonlyArray<ReadonlyArray<Cell | undefined> | undefined>;
  merges: readonly Range[];
  /**
   * How a message names a cell of this grid for the person who made the file: absent for a sheet (its A1
   * address); a document's grid names its place in the document (`第 2 个表格 第 6 行第 10 列`).
   */
  placeName?: (r: number, c: number) => string;
}

export interface Workbook {
  sheets: readonly Grid[];
}

export function cellAt(grid: Grid, r: number, c: number): Cell | undefined {
  return grid.rows[r]?.[c];
}

export function columnName(c: number): string {
  let name = "";
  let n = c + 1;
  while (n > 0) {
    const rem = (n - 1) % 26;
    name = String.fromCharCode(65 + rem) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

/** A1 address of a 0-based row and column. */
export function address(r: number, c: number): string {
  return `${columnName(c)}${r + 1}`;
}
