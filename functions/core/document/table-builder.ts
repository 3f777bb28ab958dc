import type { DocumentCell, DocumentTable } from "./model";

/**
 * Places a table's cells on its grid as they come, row by row: a cell takes the next free slot of its
 * row, skipping slots that a cell above covers by its row span (HTML's `rowspan`), or extends the cell
 * above it (Word's `vMerge="continue"`) or before it (Word's legacy `hMerge`). Spans are clamped as
 * browsers clamp them, and to the columns a sheet may have.
 */

/** HTML's own caps on `colspan` and `rowspan`. */
const MAX_COLSPAN = 1000;
const MAX_ROWSPAN = 65_534;

export interface CellContent {
  text: string;
  footnote?: string;
  misplacedMark?: boolean;
}

export class TableBuilder {
  private readonly cells: DocumentCell[] = [];
  private r = -1;
  private c = 0;
  private colCount = 0;
  /** Cells of rows above that span down into later rows (HTML), still reaching the current row. */
  private spanning: DocumentCell[] = [];
  /** The last cell placed starting at each column: what Word's `vMerge="continue"` extends. */
  private readonly byColumn = new Map<number, DocumentCell>();
  private lastInRow: DocumentCell | undefined;

  /** @param maxColumns slots right of this are dropped, as the workbook reader drops them. */
  constructor(private readonly maxColumns: number) {}

  /** A new row; Word's `gridBefore` leaves its first slots empty. */
  startRow(skipColumns = 0): void {
    this.r++;
    this.c = Math.max(0, Math.min(skipColumns, this.maxColumns));
    this.lastInRow = undefined;
    this.spanning = this.spanning.filter((cell) => cell.r + cell.rowSpan > this.r);
  }

  /** A cell in the next free slot of the row. `rowSpan` 0 reaches the end of the table (HTML). */
  addCell(content: CellContent, colSpan = 1, rowSpan = 1): void {
    if (this.r < 0) this.startRow();
    this.skipCovered();
    const span = clampSpan(colSpan, MAX_COLSPAN);
    const down = rowSpan === 0 ? MAX_ROWSPAN : clampSpan(rowSpan, MAX_ROWSPAN);
    const c = this.c;
    this.c += span;
    if (c >= this.maxColumns) return;
    const cell: DocumentCell = {
      r: this.r,
      c,
      rowSpan: down,
      colSpan: Math.min(span, this.maxColumns - c),
      text: content.text,
      ...(content.footnote ? { footnote: content.footnote } : {}),
      ...(content.misplacedMark ? { misplacedMark: true } : {}),
    };
    this.cells.push(cell);
    this.colCount = Math.max(this.colCount, c + cell.colSpan);
    this.byColumn.set(c, cell);
    this.lastInRow = cell;
    if (down > 1) this.spanning.push(cell);
  }

  /** Word's `vMerge="continue"`: the cell above, starting at this slot, reaches down one more row. */
  mergeUp(colSpan = 1): void {
    if (this.r < 0) this.startRow();
    const above = this.byColumn.get(this.c);
    if (above && above.r + above.rowSpan === this.r) {
      above.rowSpan++;
      this.c += clampSpan(colSpan, MAX_COLSPAN);
      return;
    }
    // A continuation with nothing to continue (a crafted or damaged table) is an empty cell of its own.
    this.addCell({ text: "" }, colSpan);
  }

  /** Word's legacy `hMerge="continue"`: the cell before reaches over this slot too. */
  mergeLeft(colSpan = 1): void {
    const before = this.lastInRow;
    if (!before || before.r !== this.r || before.c + before.colSpan !== this.c) {
      this.addCell({ text: "" }, colSpan);
      return;
    }
    const span = clampSpan(colSpan, MAX_COLSPAN);
    before.colSpan = Math.min(before.colSpan + span, this.maxColumns - before.c);
    this.c += span;
    this.colCount = Math.max(this.colCount, before.c + before.colSpan);
  }

  finish(): DocumentTable {
    const rowCount = this.r + 1;
    // Spans past the last row end there, as a browser draws them.
    for (const cell of this.cells) cell.rowSpan = Math.max(1, Math.min(cell.rowSpan, rowCount - cell.r));
    return { rowCount, colCount: this.colCount, cells: this.cells };
  }

  private skipCovered(): void {
    let moved = true;
    while (moved) {
      moved = false;
      for (const cell of this.spanning) {
        if (cell.r < this.r && cell.c <= this.c && this.c < cell.c + cell.colSpan) {
          this.c = cell.c + cell.colSpan;
          moved = true;
        }
      }
    }
  }
}

function clampSpan(span: number, max: number): number {
  return Number.isFinite(span) && span >= 1 ? Math.min(Math.floor(span), max) : 1;
}
