import type { Diagnosis } from "../../../schemas/diagnosis";
import type { Finding, Place } from "../../../schemas/finding";
import type { FormatSpec, TableCode } from "../../../schemas/formats";
import type { NormalizedReport, ReportTables } from "../../../schemas/report";
import type { ValueCell, ValueCells } from "../read-values";
import type { StatedTitle } from "../stated-title";

/** What every rule reads: the report as read, with where each number stands. */
export interface RuleContext {
  format: FormatSpec;
  /** The report year (from the upload, else the workbook's title), when known. */
  year: number | null;
  /** The format the year calls for, when the year is known. */
  expectedFormat: FormatSpec | undefined;
  /** Whether the format was told from its marker header (rather than assumed). */
  formatDetected: boolean;
  /** The header cell the format was told from (`本年制发件数`), when it was. */
  marker?: { sheet: string; cell: string } | null;
  tables: ReportTables;
  cells: ValueCells;
  /** Last year's published report of the same department, for the cross-year warnings. */
  previous?: NormalizedReport;
  /** What the workbook's own title says, and the cell it says it in. */
  stated: StatedTitle;
  /** The registered name of the uploading department, when known. */
  departmentName?: string;
  /**
   * Which cells are most likely wrong (null: no hard rule fails). The arithmetic rules' messages agree
   * with it; absent when a rule is run without one.
   */
  diagnosis?: Diagnosis | null;
}

/** A rule: a small pure function from the report to its findings, all of one catalogued code. */
export type Rule = (context: RuleContext) => Finding[];

export function valueCell(
  context: RuleContext,
  table: TableCode,
  row: string,
  column: string,
): ValueCell | undefined {
  return context.cells.get(table, row, column);
}

/** The cells are all found and readable, so a rule over them means something. */
export function usable(cells: readonly (ValueCell | undefined)[]): cells is ValueCell[] {
  return cells.every((cell) => cell?.present && !cell.invalid);
}

export function placeOf(cell: ValueCell): Place {
  return { table: cell.table, row: cell.row, column: cell.column, sheet: cell.sheet, cell: cell.cell };
}
