import type { TableSpec } from "../../../schemas/formats";
import { scoresAgainst } from "../labels";
import type { SheetView, TextCell } from "../workbook/sheet-view";

/**
 * The header cells of a sheet that match each column of a table, by row, each row's in column order:
 * built in one pass, so that finding a table's columns around an anchor looks at a few cells near it,
 * never the whole sheet again (a sheet covered with `商业企业` must cost what its cells cost, not their
 * square).
 */
export class HeaderIndex {
  private readonly byCode = new Map<string, Map<number, TextCell[]>>();

  constructor(view: SheetView, spec: TableSpec, minimum = 2) {
    for (const column of spec.columns) this.byCode.set(column.code, new Map());
    for (const cell of view.headerCells) {
      const scores = scoresAgainst(cell.text, spec.columns);
      for (let i = 0; i < spec.columns.length; i++) {
        if (scores[i]! < minimum) continue;
        const rows = this.byCode.get(spec.columns[i]!.code)!;
        const row = rows.get(cell.r) ?? [];
        row.push(cell);
        rows.set(cell.r, row);
      }
    }
    for (const rows of this.byCode.values()) for (const row of rows.values()) row.sort((a, b) => a.c - b.c);
  }

  /** Every header cell of the column, in reading order. */
  all(code: string): TextCell[] {
    const rows = this.byCode.get(code);
    if (!rows) return [];
    return [...rows.keys()].sort((a, b) => a - b).flatMap((r) => rows.get(r)!);
  }

  /** The column's header cells on row r with from ≤ c ≤ to, in column order. */
  inRow(code: string, r: number, from: number, to: number): TextCell[] {
    const row = this.byCode.get(code)?.get(r);
    if (!row) return [];
    const out: TextCell[] = [];
    for (let i = firstAtLeast(row, from); i < row.length && row[i]!.c <= to; i++) out.push(row[i]!);
    return out;
  }

  /** The column's header cell on row r nearest left of `before` (greatest c < before). */
  leftOf(code: string, r: number, before: number): TextCell | undefined {
    const row = this.byCode.get(code)?.get(r);
    if (!row) return undefined;
    const i = firstAtLeast(row, before) - 1;
    return i >= 0 ? row[i] : undefined;
  }

  /** The column's header cell on row r nearest right of `after` (least c > after). */
  rightOf(code: string, r: number, after: number): TextCell | undefined {
    const row = this.byCode.get(code)?.get(r);
    if (!row) return undefined;
    return row[firstAtLeast(row, after + 1)];
  }
}

/** The index of the first cell with c ≥ value (binary search over a row sorted by column). */
function firstAtLeast(row: readonly TextCell[], value: number): number {
  let lo = 0;
  let hi = row.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (row[mid]!.c < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
