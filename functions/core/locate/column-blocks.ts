import type { Finding } from "../../../schemas/finding";
import type { FormatSpec, RowSpec, TableSpec } from "../../../schemas/formats";
import { labelsOf, matchScore, normalizeLabel, stripEnumerators } from "../labels";
import type { SheetView, TextCell } from "../workbook/sheet-view";
import { besideEachOther, columnCopies, settleCopies } from "./column-copies";
import { HeaderIndex } from "./header-index";
import { bestMatch } from "./match";
import { duplicateRow, firstOf } from "./table-findings";
import { type At, type Candidate, countCells, type Position, type SheetCandidates } from "./types";

/**
 * A table whose rows are blocks of the same columns (section 四). Found by the header of its first column
 * (`结果维持`). Header cells of that column on several columns of one header band are blocks side by side
 * (the national layout: one line of 15 numbers, each block under its row's heading); on one column only,
 * the table is stacked (one header row, a row per row label to its left). Header bands further apart are
 * further copies of the table.
 */

/** Header cells this many rows apart or fewer are one table's header. */
const HEADER_GAP = 3;
/** Blocks of a table stacked one under another (行政复议 above 行政诉讼) stand this close. */
const STACK_GAP = 12;

export function locateColumnBlocks(
  view: SheetView,
  spec: TableSpec,
  format: FormatSpec,
): SheetCandidates | undefined {
  const first = spec.columns[0]!;
  const anchors = view.headerCells.filter((cell) => matchScore(cell.text, labelsOf(first)) >= 2);
  if (anchors.length === 0) return undefined;
  const clusters: TextCell[][] = [];
  for (const anchor of [...anchors].sort((a, b) => a.r - b.r)) {
    const last = clusters.at(-1);
    if (last && anchor.r - last.at(-1)!.r <= HEADER_GAP) last.push(anchor);
    else clusters.push([anchor]);
  }
  const index = new HeaderIndex(view, spec);
  const parts = clusters.map((cluster) =>
    new Set(cluster.map((cell) => cell.c)).size >= 2 || headingAbove(view, spec, cluster[0]!)
      ? sideBySide(view, spec, index, cluster)
      : stacked(view, spec, format, index, cluster[0]!),
  );
  const tables = joinStackedBlocks(parts);
  const best = tables.reduce((a, b) => (countCells(b.located) > countCells(a.located) ? b : a));
  return { best, all: tables };
}

/** A row label (or a group's) stands right above the block's first column header: one block of a table. */
function headingAbove(view: SheetView, spec: TableSpec, anchor: TextCell): boolean {
  const labels = [...spec.rows, ...(spec.rowGroups ?? [])];
  for (let r = anchor.r - 1; r >= Math.max(0, anchor.r - HEADER_GAP); r--) {
    const text = view.text(r, anchor.c);
    if (text && bestMatch(text, labels, 1)) return true;
  }
  return false;
}

/**
 * Blocks found one under another that hold different rows are one table laid out in blocks (行政复议
 * above 行政诉讼); blocks holding the same rows are copies, kept apart so that copies are told.
 */
function joinStackedBlocks(parts: readonly Candidate[]): Candidate[] {
  const span = (candidate: Candidate) => {
    const rows = [...candidate.located.cells.values()].flatMap((columns) =>
      [...columns.values()].map((p) => p.r),
    );
    return { first: Math.min(...rows), last: Math.max(...rows) };
  };
  const joined: Candidate[] = [];
  for (const part of parts) {
    const previous = joined.at(-1);
    const disjoint =
      previous !== undefined &&
      part.located.cells.size > 0 &&
      [...part.located.cells.keys()].every((row) => !previous.located.cells.has(row));
    if (previous && disjoint && span(part).first - span(previous).last <= STACK_GAP) {
      const cells = new Map([...previous.located.cells, ...part.located.cells]);
      const labels = new Map([...(previous.located.labels ?? []), ...(part.located.labels ?? [])]);
      joined[joined.length - 1] = {
        located: { ...previous.located, cells, labels },
        duplicates: [...previous.duplicates, ...part.duplicates],
      };
    } else joined.push(part);
  }
  return joined;
}

/** The national layout: blocks of columns side by side, one row of numbers under them. */
function sideBySide(
  view: SheetView,
  spec: TableSpec,
  index: HeaderIndex,
  anchors: readonly TextCell[],
): Candidate {
  const firstCode = spec.columns[0]!.code;
  const starts = [...anchors]
    .sort((a, b) => a.c - b.c || a.r - b.r)
    .filter((cell, i, all) => i === 0 || all[i - 1]!.c !== cell.c)
    // A first column typed twice (`结果维持 | 结果维持`) starts no block of its own: it is a copy.
    .filter((cell, i, all) => i === 0 || !besideEachOther(view, all[i - 1]!, cell, [cell.r]));
  // A block reaches the next block's first column; the last as wide as the one before it (a Word table
  // pasted into Excel merges every cell over two columns), or twice its columns when it is alone.
  const widths = starts.slice(1).map((start, i) => start.c - starts[i]!.c);
  const lastWidth = Math.max(widths.at(-1) ?? 0, widths.length === 0 ? 2 * spec.columns.length : 0);
  const blocks = starts.map((start, i) => {
    const end = (starts[i + 1]?.c ?? start.c + lastWidth) - 1;
    const columns = new Map<string, TextCell>([[firstCode, start]]);
    let bottom = view.mergeAt(start.r, start.c)?.r2 ?? start.r;
    for (const cell of view.headerCellsInRow(start.r)) {
      if (cell.c <= start.c || cell.c > end) continue;
      const match = bestMatch(cell.text, spec.columns, 2);
      if (match && !columns.has(match.spec.code)) {
        columns.set(match.spec.code, cell);
        bottom = Math.max(bottom, view.mergeAt(cell.r, cell.c)?.r2 ?? cell.r);
      }
    }
    // Which row this block is: the heading above it (行政复议 / 未经复议直接起诉 / 复议后起诉).
    let row: RowSpec | undefined;
    for (let r = start.r - 1; r >= Math.max(0, start.r - HEADER_GAP) && !row; r--) {
      for (let c = start.c; c <= end && !row; c++) {
        const text = view.text(r, c);
        if (text) row = bestMatch(text, spec.rows, 1)?.spec;
      }
    }
    return { columns, copies: columnCopies(view, index, columns, [start.r]), bottom, row };
  });
  const used = new Set(blocks.map((block) => block.row?.code).filter(Boolean));
  const unassigned = spec.rows.filter((row) => !used.has(row.code));
  for (const block of blocks) if (!block.row) block.row = unassigned.shift();
  const headerBottom = Math.max(...blocks.map((block) => block.bottom));
  const allColumns = blocks.flatMap((block) => [...block.columns.values()].map((cell) => cell.c));
  // The numbers stand in the first row under the header that reads as a line of numbers; left blank,
  // the table is blank, and the line of text below it (`注：本年度未发生…`, the next section's heading) is
  // not taken for its numbers.
  let dataRow = headerBottom + 1;
  for (let r = headerBottom + 1; r <= headerBottom + HEADER_GAP; r++) {
    if (numbersLine(view, r, allColumns)) {
      dataRow = r;
      break;
    }
  }
  const cells = new Map<string, Map<string, Position>>();
  const duplicates: Finding[] = [];
  for (const block of blocks) {
    if (!block.row || cells.has(block.row.code)) continue;
    cells.set(block.row.code, positionsIn(dataRow, block.columns));
    duplicates.push(...settleCopies(spec, view, cells, block.copies));
  }
  return { located: { table: spec.code, sheet: view, cells }, duplicates };
}

/** Something written as a number would be: digits, a sign, a dash or 无. */
const NUMBER_START = /^[-+−－—–/\\无减增约]?\s*[\d０-９]|^[-−－—–/\\无]+$/;

/**
 * Whether row r under the headers is the table's line of numbers: a number (or what a clerk writes for
 * one) in any of its columns, or two cells filled. One line of text alone is a note or a heading.
 */
function numbersLine(view: SheetView, r: number, columns: readonly number[]): boolean {
  let filled = 0;
  for (const c of columns) {
    const cell = view.cell(r, c);
    if (cell === undefined) continue;
    if (cell.type === "n" || cell.type === "e" || NUMBER_START.test(view.text(r, c))) return true;
    // A merged note over the line counts once.
    const merge = view.mergeAt(r, c);
    if (!merge || (merge.r1 === r && merge.c1 === c)) filled++;
  }
  return filled >= 2;
}

/** A row's value cells under its block's headers. */
function positionsIn(r: number, columns: ReadonlyMap<string, TextCell>): Map<string, Position> {
  const positions = new Map<string, Position>();
  for (const [code, header] of columns)
    positions.set(code, { r, c: header.c, header: { r: header.r, c: header.c } });
  return positions;
}

/** Stacked: one header row of the columns, a row per row label to the left. */
function stacked(
  view: SheetView,
  spec: TableSpec,
  format: FormatSpec,
  index: HeaderIndex,
  anchor: TextCell,
): Candidate {
  const columns = new Map<string, TextCell>([[spec.columns[0]!.code, anchor]]);
  for (const cell of view.headerCellsInRow(anchor.r)) {
    if (cell.c <= anchor.c) continue;
    const match = bestMatch(cell.text, spec.columns, 2);
    if (match && !columns.has(match.spec.code)) columns.set(match.spec.code, cell);
  }
  const copies = columnCopies(view, index, columns, [anchor.r]);
  const cells = new Map<string, Map<string, Position>>();
  const labels = new Map<string, At>();
  const duplicates: Finding[] = [];
  for (let r = anchor.r + 1; r <= Math.min(view.grid.rowCount - 1, anchor.r + spec.rows.length + 5); r++) {
    let label = "";
    let labelColumn = 0;
    for (let c = 0; c < anchor.c; c++) {
      const text = view.text(r, c);
      if (text && !label.endsWith(text)) {
        label += text;
        labelColumn = c;
      }
    }
    if (!label) continue;
    const core = stripEnumerators(normalizeLabel(label));
    const row =
      bestMatch(core, spec.rows, 1)?.spec ??
      spec.rows.find((candidate) =>
        labelsOf(candidate).some((text) => core.replace(/[()]/g, "").endsWith(normalizeLabel(text))),
      );
    if (!row) continue;
    if (cells.has(row.code)) {
      duplicates.push(
        duplicateRow(spec, format, view, row, { r, c: labelColumn }, firstOf(cells.get(row.code)!)),
      );
      continue;
    }
    cells.set(row.code, positionsIn(r, columns));
    labels.set(row.code, { r, c: labelColumn });
  }
  duplicates.unshift(...settleCopies(spec, view, cells, copies));
  return { located: { table: spec.code, sheet: view, cells, labels }, duplicates };
}
