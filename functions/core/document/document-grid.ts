import { type DocumentPlace, documentCellName, documentTableName } from "../../../schemas/finding";
import { INVISIBLE, normalizeLabel } from "../labels";
import type { Cell, Grid, Range } from "../workbook/grid";
import type { DocumentBlock, DocumentCell, DocumentTable, ReadDocument } from "./model";

/**
 * A document's paragraphs and tables → one grid, as if the report had been pasted into one sheet: its
 * titles on top, each table below the short paragraphs that head it (`三、收到和处理政府信息公开申请情况`),
 * merged cells as merged ranges. The spreadsheet path then reads it unchanged (one sheet or three, tables
 * found by labels). Each grid row remembers which table and row of the document it came from, so a
 * finding names its place in the document's own terms.
 *
 * A table split over two pages is two Word tables, or one whose header row Word repeats (`w:tblHeader`,
 * stored once): a table that follows another of the same width, with nothing between, continues it, and
 * the header rows it repeats from it are dropped, as are header rows typed again inside a table.
 */

/** Paragraphs kept from the top of the document: the title and what stands near it. */
const TOP_PARAGRAPHS = 10;
/** Short paragraphs kept right above each table: its section heading, `第二十条第（一）项`. */
const HEADINGS_ABOVE = 3;
const SHORT = 60;
/** Header rows of a table, at most: the tables' headers are one to three rows. */
const MAX_HEADER_ROWS = 4;

/** Where a grid row came from: a table of the document (1-based) and its row in that table (0-based). */
interface RowOrigin {
  table: number;
  row: number;
}

export interface DocumentGrid {
  grid: Grid;
  /** The document's place of a grid cell, with its row's and column's labels as the document writes them. */
  placeOf(r: number, c: number): DocumentPlace | null;
  /** The table (1-based) a grid row belongs to. */
  tableAt(r: number): number | null;
  tableCount: number;
}

const isBlank = (text: string) => text.replace(INVISIBLE, "").trim() === "";
const NUMBER_LIKE = /^[-+]?\d[\d,.]*$/;
const isNumberLike = (text: string) => NUMBER_LIKE.test(normalizeLabel(text));

export function documentGrid(document: ReadDocument, name: string): DocumentGrid {
  const rows: (Cell | undefined)[][] = [];
  const merges: Range[] = [];
  const origins: (RowOrigin | undefined)[] = [];
  let r = 0;
  let colCount = 0;
  const line = (text: string) => {
    rows[r] = [{ type: "s", value: text.slice(0, 500), formula: false }];
    r++;
  };
  for (const title of document.titles.slice(0, 5)) line(title);
  const kept = keptParagraphs(document.blocks);
  let tableNumber = 0;
  let previous: DocumentTable | null = null;
  for (const [index, block] of document.blocks.entries()) {
    if (block.kind === "paragraph") {
      if (kept.has(index)) {
        line(block.text);
        previous = null;
      }
      continue;
    }
    const table = block.table;
    // A table of one row or one column is a box around text (a page's links, a framed note), not a
    // table a reader counts: its cells are lines.
    if (table.rowCount < 2 || table.colCount < 2) {
      for (const cell of table.cells)
        if (!isBlank(cell.text) && normalizeLabel(cell.text).length <= SHORT) line(cell.text);
      previous = null;
      continue;
    }
    tableNumber++;
    const drop = repeatedRows(table);
    const continues = previous !== null && previous.colCount === table.colCount;
    if (continues) {
      const band = headerBand(previous!);
      if (band > 0 && sameRows(previous!, 0, table, 0, band)) for (let i = 0; i < band; i++) drop.add(i);
    } else r++;
    const rowOf = new Map<number, number>();
    for (let row = 0; row < table.rowCount; row++) {
      if (drop.has(row)) continue;
      rowOf.set(row, r);
      origins[r] = { table: tableNumber, row };
      rows[r] = rows[r] ?? [];
      r++;
    }
    for (const cell of table.cells) {
      const top = rowOf.get(cell.r);
      if (top === undefined) continue;
      // The rows it spans that are kept (a repeated header dropped from between them shortens it).
      let bottom = top;
      for (let row = cell.r + 1; row < cell.r + cell.rowSpan; row++) bottom = rowOf.get(row) ?? bottom;
      const value = gridCell(cell);
      if (value) rows[top]![cell.c] = value;
      if (bottom > top || cell.colSpan > 1)
        merges.push({ r1: top, c1: cell.c, r2: bottom, c2: cell.c + cell.colSpan - 1 });
    }
    colCount = Math.max(colCount, table.colCount);
    previous = table;
  }
  const placeOf = (row: number, c: number): DocumentPlace | null => {
    const origin = origins[row];
    if (!origin) return null;
    return {
      table: origin.table,
      row: origin.row + 1,
      column: c + 1,
      rowLabel: rowLabel(grid, merges, row, c),
      columnLabel: columnLabel(grid, merges, origins, row, c),
    };
  };
  const placeName = (row: number, c: number): string => {
    const origin = origins[row];
    // A line of text above the tables (a title, a heading) is no table's cell.
    return origin
      ? `${documentTableName(origin.table)} ${documentCellName(origin.row + 1, c + 1)}`
      : "正文中";
  };
  const grid: Grid = { name, rowCount: r, colCount: Math.max(colCount, 1), rows, merges, placeName };
  return { grid, tableCount: tableNumber, tableAt: (row) => origins[row]?.table ?? null, placeOf };
}

function gridCell(cell: DocumentCell): Cell | undefined {
  if (isBlank(cell.text) && !cell.footnote) return undefined;
  return {
    type: "s",
    value: cell.text,
    formula: false,
    ...(cell.footnote ? { footnote: cell.footnote } : {}),
    ...(cell.misplacedMark ? { misplacedMark: true } : {}),
  };
}

/** The first paragraphs (the title), and the short ones right above each table (its headings). */
function keptParagraphs(blocks: readonly DocumentBlock[]): Set<number> {
  const kept = new Set<number>();
  let paragraphs = 0;
  blocks.forEach((block, index) => {
    if (block.kind === "paragraph") {
      if (paragraphs++ < TOP_PARAGRAPHS && block.text.length <= 2 * SHORT) kept.add(index);
      return;
    }
    for (let i = index - 1, n = 0; i >= 0 && n < HEADINGS_ABOVE; i--, n++) {
      const above = blocks[i]!;
      if (above.kind !== "paragraph") break;
      if (normalizeLabel(above.text).length <= SHORT) kept.add(i);
    }
  });
  return kept;
}

/** How many leading rows of a table are its header: text and no number, at most a few. */
function headerBand(table: DocumentTable): number {
  const byRow = cellsByRow(table);
  let band = 0;
  while (band < Math.min(MAX_HEADER_ROWS, table.rowCount)) {
    const cells = byRow.get(band) ?? [];
    if (cells.length === 0 || cells.some((cell) => isNumberLike(cell.text))) break;
    // A header cell reaching below the band would be cut by dropping it.
    band++;
  }
  const reachesBelow = table.cells.some((cell) => cell.r < band && cell.r + cell.rowSpan > band);
  return reachesBelow ? 0 : band;
}

function cellsByRow(table: DocumentTable): Map<number, DocumentCell[]> {
  const byRow = new Map<number, DocumentCell[]>();
  for (const cell of table.cells) {
    const row = byRow.get(cell.r) ?? [];
    row.push(cell);
    byRow.set(cell.r, row);
  }
  return byRow;
}

function signature(cells: readonly DocumentCell[] | undefined): string {
  return (cells ?? [])
    .map((cell) => `${cell.c}:${cell.colSpan}:${cell.rowSpan}:${normalizeLabel(cell.text)}`)
    .sort()
    .join("|");
}

function sameRows(a: DocumentTable, fromA: number, b: DocumentTable, fromB: number, count: number): boolean {
  const rowsA = cellsByRow(a);
  const rowsB = cellsByRow(b);
  for (let i = 0; i < count; i++) {
    const sa = signature(rowsA.get(fromA + i));
    if (!sa || sa !== signature(rowsB.get(fromB + i))) return false;
  }
  return true;
}

/** Rows inside a table that repeat its header of two or more rows (typed again after a page break). */
function repeatedRows(table: DocumentTable): Set<number> {
  const drop = new Set<number>();
  const band = headerBand(table);
  if (band < 2) return drop;
  for (let row = band; row + band <= table.rowCount; row++) {
    const inside = table.cells.every(
      (cell) => cell.r < row || cell.r >= row + band || cell.r + cell.rowSpan <= row + band,
    );
    if (inside && sameRows(table, 0, table, row, band)) {
      for (let i = 0; i < band; i++) drop.add(row + i);
      row += band - 1;
    }
  }
  return drop;
}

/** The text shown at (r, c): its own cell's, or the merged range's that covers it. */
function shownText(grid: Grid, merges: readonly Range[], r: number, c: number): string {
  const own = grid.rows[r]?.[c];
  if (own) return String(own.value);
  for (const merge of merges) {
    if (merge.r1 <= r && r <= merge.r2 && merge.c1 <= c && c <= merge.c2) {
      return String(grid.rows[merge.r1]?.[merge.c1]?.value ?? "");
    }
  }
  return "";
}

const clean = (text: string) => text.replace(/\s+/g, " ").trim();

/** The row's label: the texts left of the cell that are no numbers, outermost first. */
function rowLabel(grid: Grid, merges: readonly Range[], r: number, c: number): string | null {
  const parts: string[] = [];
  for (let col = 0; col < c; col++) {
    const text = clean(shownText(grid, merges, r, col));
    if (text && !isNumberLike(text) && parts.at(-1) !== text) parts.push(text);
  }
  return parts.length > 0 ? parts.join(" ").slice(0, 120) : null;
}

/** The column's header: the texts above the cell in its table, up to the first number, outermost first. */
function columnLabel(
  grid: Grid,
  merges: readonly Range[],
  origins: readonly (RowOrigin | undefined)[],
  r: number,
  c: number,
): string | null {
  const parts: string[] = [];
  let row = r - 1;
  // Numbers above (the rows before this one) first, then the header's texts.
  while (row >= 0 && origins[row] && parts.length === 0) {
    const text = clean(shownText(grid, merges, row, c));
    if (text && !isNumberLike(text)) parts.push(text);
    row--;
  }
  while (row >= 0 && origins[row] && parts.length < 3) {
    const text = clean(shownText(grid, merges, row, c));
    if (!text || isNumberLike(text)) break;
    if (parts.at(-1) !== text) parts.push(text);
    row--;
  }
  return parts.length > 0 ? parts.reverse().join(" / ").slice(0, 120) : null;
}
