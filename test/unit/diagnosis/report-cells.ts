import { ValueCells } from "../../../functions/core/read-values";
import { address } from "../../../functions/core/workbook/grid";
import { type FormatSpec, rowColumns, tablesOf } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";

/**
 * The cells of a report as the reader would give them, straight from its numbers: each table on its
 * sheet, row by row and column by column from B2 (the diagnosis is tested over thousands of typos; a
 * workbook for each would test the writer, not the diagnosis).
 */
export function reportCells(format: FormatSpec, tables: ReportTables): ValueCells {
  const cells = new ValueCells();
  for (const spec of tablesOf(format)) {
    spec.rows.forEach((row, r) => {
      for (const column of rowColumns(spec, row.code)) {
        const c = spec.columns.findIndex((candidate) => candidate.code === column);
        cells.set({
          table: spec.code,
          row: row.code,
          column,
          value: tables[spec.code][row.code]?.[column] ?? 0,
          sheet: spec.sheetName,
          cell: address(r + 1, c + 1),
          blank: false,
          invalid: false,
          present: true,
        });
      }
    });
  }
  return cells;
}

/** Where the reader would put a cell: its A1 address in `reportCells`. */
export function cellAddress(
  format: FormatSpec,
  table: keyof ReportTables,
  row: string,
  column: string,
): string {
  const spec = format.tables[table];
  const r = spec.rows.findIndex((candidate) => candidate.code === row);
  const c = spec.columns.findIndex((candidate) => candidate.code === column);
  return address(r + 1, c + 1);
}

/** The typos of a number the sweep makes: two adjacent different digits swapped, or one digit dropped. */
export function typosOf(value: number): number[] {
  const text = String(Math.abs(value));
  const sign = value < 0 ? -1 : 1;
  const out = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    out.add(sign * Number(text.slice(0, i) + text.slice(i + 1) || "0"));
    if (i + 1 < text.length && text[i] !== text[i + 1]) {
      out.add(sign * Number(text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2)));
    }
  }
  out.delete(value);
  return [...out];
}
