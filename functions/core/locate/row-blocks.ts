import type { Finding } from "../../../schemas/finding";
import type { FormatSpec, TableSpec } from "../../../schemas/formats";
import { type AmountUnit, headerUnit } from "../normalize-values";
import type { SheetView } from "../workbook/sheet-view";
import { bestMatch, valueColumn } from "./match";
import { duplicateRow, firstOf } from "./table-findings";
import type { Position, SheetCandidates } from "./types";

/**
 * A table of row blocks (section 二): every row holding column labels is a header row; each row label
 * is read under the nearest header row above it (within a dozen rows) that has the row's columns to the
 * right of the label. A header wrapped over two rows is one header.
 */

type HeaderColumn = { c: number; cEnd: number; unit: AmountUnit | undefined };

/** How far below its header row a row label may stand (a block's rows, notes between). */
const MAX_ROWS_BELOW_HEADER = 12;

function headerRows(view: SheetView, spec: TableSpec): Map<number, Map<string, HeaderColumn>> {
  const headers = new Map<number, Map<string, HeaderColumn>>();
  for (const cell of view.headerCells) {
    const match = bestMatch(cell.text, spec.columns, 2);
    if (!match) continue;
    const row = headers.get(cell.r) ?? new Map();
    if (!row.has(match.spec.code))
      row.set(match.spec.code, {
        c: cell.c,
        cEnd: view.spanEnd(cell.r, cell.c),
        unit: headerUnit(cell.text),
      });
    headers.set(cell.r, row);
  }
  for (const h of [...headers.keys()].sort((a, b) => a - b)) {
    const above = headers.get(h - 1);
    const row = headers.get(h)!;
    for (const [code, column] of above ?? []) if (!row.has(code)) row.set(code, column);
  }
  return headers;
}

export function locateRowBlocks(
  view: SheetView,
  spec: TableSpec,
  format: FormatSpec,
): SheetCandidates | undefined {
  const headers = headerRows(view, spec);
  if (headers.size === 0) return undefined;
  const cells = new Map<string, Map<string, Position>>();
  const found = new Map<string, number>();
  const duplicates: Finding[] = [];
  for (const cell of view.textCells) {
    if (headers.has(cell.r)) continue;
    const match = bestMatch(cell.text, spec.rows, 1);
    if (!match) continue;
    const row = match.spec;
    const wanted = row.columns ?? spec.columns.map((column) => column.code);
    let headerRow: number | undefined;
    for (let h = cell.r - 1; h >= cell.r - MAX_ROWS_BELOW_HEADER && h >= 0 && headerRow === undefined; h--) {
      const header = headers.get(h);
      if (header && wanted.some((code) => (header.get(code)?.c ?? -1) > cell.c)) headerRow = h;
    }
    if (headerRow === undefined) continue;
    const previous = found.get(row.code);
    if (previous !== undefined && previous >= match.score) {
      if (previous === match.score) {
        const first = cells.get(row.code);
        duplicates.push(duplicateRow(spec, format, view, row, cell, first && firstOf(first)));
      }
      continue;
    }
    found.set(row.code, match.score);
    const header = headers.get(headerRow)!;
    const columns = new Map<string, Position>();
    for (const code of wanted) {
      const column = header.get(code);
      if (!column) continue;
      const c = valueColumn(view, cell.r, column.c, column.cEnd);
      const unit = column.unit ? { unit: column.unit } : {};
      columns.set(
        code,
        c === null ? { r: cell.r, c: column.c, none: true, ...unit } : { r: cell.r, c, ...unit },
      );
    }
    cells.set(row.code, columns);
  }
  if (cells.size === 0) return undefined;
  const best = { located: { table: spec.code, sheet: view, cells }, duplicates };
  return { best, all: [best] };
}
