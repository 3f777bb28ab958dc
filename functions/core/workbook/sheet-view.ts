import { normalizeLabel } from "../labels";
import { address, type Cell, cellAt, type Grid, type Range } from "./grid";

/** A text cell, normalized for label matching. */
export interface TextCell {
  r: number;
  c: number;
  text: string;
}

/** Cells a merged range may cover before only its top-left cell is kept (a claimed full-sheet merge). */
const MAX_MERGED_AREA = 400_000;

/**
 * A sheet read for labels: every text cell normalized once, and every cell of a merged range answering
 * with its top-left cell's text, as a reader of the sheet sees it.
 */
export class SheetView {
  readonly name: string;
  readonly grid: Grid;
  readonly textCells: readonly TextCell[];
  private readonly owners = new Map<number, Range>();
  private readonly texts = new Map<number, string>();

  constructor(grid: Grid) {
    this.name = grid.name;
    this.grid = grid;
    const textCells: TextCell[] = [];
    grid.rows.forEach((row, r) => {
      row?.forEach((cell, c) => {
        if (cell?.type !== "s") return;
        const text = normalizeLabel(String(cell.value));
        if (!text) return;
        textCells.push({ r, c, text });
        this.texts.set(this.key(r, c), text);
      });
    });
    this.textCells = textCells;
    let area = 0;
    for (const merge of grid.merges) {
      const size = (merge.r2 - merge.r1 + 1) * (merge.c2 - merge.c1 + 1);
      if (size <= 1 || area + size > MAX_MERGED_AREA) continue;
      area += size;
      for (let r = merge.r1; r <= merge.r2; r++) {
        for (let c = merge.c1; c <= merge.c2; c++) this.owners.set(this.key(r, c), merge);
      }
    }
  }

  private joined?: TextCell[];

  /**
   * Header cells as they read when a label wrapped onto the next row of the sheet (`商业` over `企业`,
   * `本年新` over `制作数量`): each short text joined with the short text right below it, placed at the
   * lower row. Only header matching looks at these.
   */
  get headerCells(): readonly TextCell[] {
    if (!this.joined) {
      const joined: TextCell[] = [];
      for (const cell of this.textCells) {
        if (cell.text.length > 8) continue;
        const merge = this.mergeAt(cell.r, cell.c);
        if (merge && merge.r2 > cell.r) continue;
        const below = this.texts.get(this.key(cell.r + 1, cell.c));
        if (below && below.length <= 8 && !this.mergeAt(cell.r + 1, cell.c)) {
          joined.push({ r: cell.r + 1, c: cell.c, text: cell.text + below });
        }
      }
      this.joined = [...this.textCells, ...joined];
    }
    return this.joined;
  }

  private byRow?: Map<number, TextCell[]>;

  /** The header cells of one row, in column order (an index built once: no locator re-scans the sheet). */
  headerCellsInRow(r: number): readonly TextCell[] {
    if (!this.byRow) {
      this.byRow = new Map();
      for (const cell of this.headerCells) {
        const row = this.byRow.get(cell.r) ?? [];
        row.push(cell);
        this.byRow.set(cell.r, row);
      }
      for (const row of this.byRow.values()) row.sort((a, b) => a.c - b.c);
    }
    return this.byRow.get(r) ?? [];
  }

  /** The last row the cell at (r, c) covers (its merged range's, or r). */
  lastRow(r: number, c: number): number {
    return this.mergeAt(r, c)?.r2 ?? r;
  }

  private key(r: number, c: number): number {
    return r * 16_384 + c;
  }

  /** The merged range a cell lies in, if any. */
  mergeAt(r: number, c: number): Range | undefined {
    return this.owners.get(this.key(r, c));
  }

  /** Normalized text shown at (r, c): the cell's own, or its merged range's top-left. */
  text(r: number, c: number): string {
    const merge = this.mergeAt(r, c);
    if (merge) return this.texts.get(this.key(merge.r1, merge.c1)) ?? "";
    return this.texts.get(this.key(r, c)) ?? "";
  }

  cell(r: number, c: number): Cell | undefined {
    return cellAt(this.grid, r, c);
  }

  /** A cell as a message names it: `J4` on a sheet, its place in a document (`第 2 个表格 第 4 行第 10 列`). */
  placeName(r: number, c: number): string {
    return this.grid.placeName?.(r, c) ?? address(r, c);
  }

  /** A merged range as a message names it: `D6:E6` on a sheet, its first and last cells' places in a document. */
  rangeName(range: Range): string {
    return this.grid.placeName
      ? `${this.placeName(range.r1, range.c1)}–${this.placeName(range.r2, range.c2)}`
      : `${address(range.r1, range.c1)}:${address(range.r2, range.c2)}`;
  }

  /** The value cell at (r, c): inside a merge that spans columns of one row, its top-left. */
  valueCell(r: number, c: number): { cell: Cell | undefined; r: number; c: number } {
    const merge = this.mergeAt(r, c);
    if (merge && merge.r1 === r && (merge.r1 !== r || merge.c1 !== c)) {
      return { cell: this.cell(merge.r1, merge.c1), r: merge.r1, c: merge.c1 };
    }
    return { cell: this.cell(r, c), r, c };
  }

  /** The last column of the merged range starting at (r, c), or c. */
  spanEnd(r: number, c: number): number {
    const merge = this.mergeAt(r, c);
    return merge ? merge.c2 : c;
  }
}
