import type { Finding } from "../../../schemas/finding";
import type { FormatSpec, TableSpec } from "../../../schemas/formats";
import { type AmountUnit, headerUnit } from "../normalize-values";
import type { SheetView, TextCell } from "../workbook/sheet-view";
import { columnCopies, settleCopies } from "./column-copies";
import { HeaderIndex } from "./header-index";
import { bestMatch, valueColumn } from "./match";
import { duplicateRow, firstOf } from "./table-findings";
import type { At, Position, SheetCandidates } from "./types";

/**
 * A table of row blocks (section 二): every row holding column labels is a header row; each row label
 * is read under the nearest header row above it (within a dozen rows) that has the row's columns to the
 * right of the label. A header wrapped over two rows is one header.
 */

type HeaderColumn = { cell: TextCell; cEnd: number; unit: AmountUnit | undefined };

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
        cell,
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
  const labels = new Map<string, At>();
  const found = new Map<string, number>();
  const duplicates: Finding[] = [];
  // A header typed twice in a header row (`现行有效件数 | 现行有效件数`): worked out for the rows read.
  let index: HeaderIndex | undefined;
  const copiesByRow = new Map<number, Map<string, TextCell[]>>();
  const copiesOf = (h: number) => {
    let copies = copiesByRow.get(h);
    if (!copies) {
      index ??= new HeaderIndex(view, spec);
      const header = new Map([...headers.get(h)!].map(([code, column]) => [code, column.cell]));
      copies = columnCopies(view, index, header, h > 0 ? [h - 1, h] : [h]);
      copiesByRow.set(h, copies);
    }
    return copies;
  };
  for (const cell of view.textCells) {
    if (headers.has(cell.r)) continue;
    const match = bestMatch(cell.text, spec.rows, 1);
    if (!match) continue;
    const row = match.spec;
    const wanted = row.columns ?? spec.columns.map((column) => column.code);
    let headerRow: number | undefined;
    for (let h = cell.r - 1; h >= cell.r - MAX_ROWS_BELOW_HEADER && h >= 0 && headerRow === undefined; h--) {
      const header = headers.get(h);
      if (header && wanted.some((code) => (header.get(code)?.cell.c ?? -1) > cell.c)) headerRow = h;
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
    copiesOf(headerRow);
    const columns = new Map<string, Position>();
    for (const code of wanted) {
      const column = header.get(code);
      if (!column) continue;
      const c = valueColumn(view, cell.r, column.cell.c, column.cEnd);
      const extra = {
        header: { r: column.cell.r, c: column.cell.c },
        ...(column.unit ? { unit: column.unit } : {}),
      };
      columns.set(
        code,
        c === null ? { r: cell.r, c: column.cell.c, none: true, ...extra } : { r: cell.r, c, ...extra },
      );
    }
    cells.set(row.code, columns);
    labels.set(row.code, { r: cell.r, c: cell.c });
  }
  if (cells.size === 0) return undefined;
  // Each header row's copies said once, before the rows' findings (a few of those are kept).
  const copied = [...copiesByRow.values()].flatMap((copies) => settleCopies(spec, view, cells, copies));
  const best = {
    located: { table: spec.code, sheet: view, cells, labels },
    duplicates: [...copied, ...duplicates],
  };
  return { best, all: [best] };
}
