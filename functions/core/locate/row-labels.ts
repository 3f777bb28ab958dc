import type { Finding } from "../../../schemas/finding";
import type { FormatSpec, TableSpec } from "../../../schemas/formats";
import { matchScore, normalizeLabel, oneLabel, scoresAgainst, splitLevels } from "../labels";
import type { SheetView, TextCell } from "../workbook/sheet-view";
import { columnCopies, settleCopies } from "./column-copies";
import { HeaderIndex } from "./header-index";
import { duplicateRow, firstOf } from "./table-findings";
import { type At, type Candidate, countCells, type Position, type SheetCandidates } from "./types";

/**
 * A table of row labels under one column header (section 三). Found by its anchor column's header
 * (`商业企业`); the rest of the anchor's column group on the anchor's row or merged down over it, in any
 * order, the closest first; the columns before the group to its left, the columns after it to its right
 * (the nearest: a table beside this one has its own 总计). Then each row below by its label, read from the
 * label columns left of the numbers, headings (`（三）不予公开`) telling short labels apart, until the last
 * row or a label of what follows.
 */

/** How far above the anchor the other column headers may stand (a two-level header, a wrapped one). */
const HEADER_BAND = 3;
/** How far from the anchor its group's columns may stand. */
const GROUP_REACH = 8;
/** How many rows below the header a table of row labels may run. */
const MAX_ROWS = 80;

interface ColumnPlan {
  anchor: string;
  group: readonly string[];
  before: readonly string[];
  after: readonly string[];
}

function columnPlan(spec: TableSpec): ColumnPlan {
  if (spec.layout.kind !== "row_labels") throw new Error(`format error: ${spec.code} is not row_labels`);
  const anchor = spec.layout.anchor;
  const group = spec.columnGroups?.find((candidate) => candidate.columns.includes(anchor))?.columns ?? [
    anchor,
  ];
  const order = spec.columns.map((column) => column.code);
  const first = Math.min(...group.map((code) => order.indexOf(code)));
  const last = Math.max(...group.map((code) => order.indexOf(code)));
  return {
    anchor,
    group: group.filter((code) => code !== anchor),
    before: order.slice(0, first).filter((code) => !group.includes(code)),
    after: order.slice(last + 1).filter((code) => !group.includes(code)),
  };
}

/** How many distinct anchors are read in full: more than a few is a hostile sheet (or many copies). */
const MAX_ANCHORS = 32;

export function locateRowLabels(
  view: SheetView,
  spec: TableSpec,
  format: FormatSpec,
): SheetCandidates | undefined {
  const plan = columnPlan(spec);
  const index = new HeaderIndex(view, spec);
  const plans = new Map<string, { anchor: TextCell; columns: Map<string, TextCell> }>();
  for (const anchor of index.all(plan.anchor)) {
    const columns = columnsAround(view, index, plan, anchor);
    const key = `${anchor.r}:${[...columns].map(([code, cell]) => `${code}=${cell.c}`).join(",")}`;
    if (!plans.has(key)) plans.set(key, { anchor, columns });
  }
  // The anchors with the most columns around them first; a table's own anchor has all of them.
  const chosen = [...plans.values()]
    .map((candidate, order) => ({ ...candidate, order }))
    .sort((a, b) => b.columns.size - a.columns.size || a.order - b.order)
    .slice(0, MAX_ANCHORS)
    .sort((a, b) => a.order - b.order);
  let best: Candidate | undefined;
  const candidates: Candidate[] = [];
  for (const { anchor, columns } of chosen) {
    const copies = columnCopies(view, index, columns, bandOf(anchor));
    const located = rowsBelow(view, spec, format, anchor.r, columns, copies);
    // Said before the rows' findings: a few of them are kept.
    located.duplicates.unshift(...settleCopies(spec, view, located.located.cells, copies));
    candidates.push(located);
    if (!best || countCells(located.located) > countCells(best.located)) best = located;
  }
  return best && best.located.cells.size > 0 ? { best, all: candidates } : undefined;
}

/** The rows a table's column headers may stand on: the anchor's and the few above it. */
function bandOf(anchor: TextCell): number[] {
  return Array.from({ length: HEADER_BAND + 1 }, (_, i) => anchor.r - i).filter((r) => r >= 0);
}

/**
 * The columns of the table whose anchor header is `anchor`: its group's on the anchor's row or merged down
 * over it, the closest first; then the columns before the group, each the nearest header left of what was
 * found; then the columns after it, each the nearest header right of what was found.
 */
function columnsAround(
  view: SheetView,
  index: HeaderIndex,
  plan: ColumnPlan,
  anchor: TextCell,
): Map<string, TextCell> {
  const columns = new Map<string, TextCell>([[plan.anchor, anchor]]);
  const bandRows = bandOf(anchor);
  const foundColumns = () => [...columns.values()].map((cell) => cell.c);
  for (const code of plan.group) {
    // The nearest row first, then the nearest column; the first of equals.
    for (const r of bandRows) {
      let best: TextCell | undefined;
      for (const cell of index.inRow(code, r, anchor.c - GROUP_REACH, anchor.c + GROUP_REACH)) {
        if (cell.c === anchor.c || view.lastRow(cell.r, cell.c) < anchor.r) continue;
        if (!best || Math.abs(cell.c - anchor.c) < Math.abs(best.c - anchor.c)) best = cell;
      }
      if (best) {
        columns.set(code, best);
        break;
      }
    }
  }
  for (const code of plan.before) {
    const leftmost = Math.min(...foundColumns());
    const found = bandRows.map((r) => index.leftOf(code, r, leftmost)).find((cell) => cell !== undefined);
    if (found) columns.set(code, found);
  }
  for (const code of plan.after) {
    const rightmost = Math.max(...foundColumns());
    let best: TextCell | undefined;
    for (const r of bandRows) {
      const cell = index.rightOf(code, r, rightmost);
      if (cell && (!best || cell.c < best.c)) best = cell;
    }
    if (best) columns.set(code, best);
  }
  return columns;
}

/** The rows under the header, read from the label columns left of the first number column and its copies. */
function rowsBelow(
  view: SheetView,
  spec: TableSpec,
  format: FormatSpec,
  headerRow: number,
  columns: ReadonlyMap<string, TextCell>,
  copies: ReadonlyMap<string, readonly TextCell[]>,
): Candidate {
  if (spec.layout.kind !== "row_labels") throw new Error(`format error: ${spec.code} is not row_labels`);
  const { lastRow } = spec.layout;
  const endsBefore = spec.layout.endsBefore.map(normalizeLabel);
  const headings = new Map<string, number>();
  for (const row of spec.rows) {
    for (const [level, parent] of (row.parents ?? []).entries()) headings.set(parent, level);
  }
  const headingLevel = (text: string) => {
    for (const [heading, level] of headings) {
      if (matchScore(text, oneLabel(heading)) >= 2) return { heading, level };
    }
    return undefined;
  };
  const firstDataColumn = Math.min(
    ...[...columns.values(), ...[...copies.values()].flat()].map((cell) => cell.c),
  );
  const cells = new Map<string, Map<string, Position>>();
  const labels = new Map<string, At>();
  const duplicates: Finding[] = [];
  let context: string[] = [];
  const last = Math.min(view.grid.rowCount - 1, headerRow + MAX_ROWS);
  for (let r = headerRow + 1; r <= last; r++) {
    const parts: { text: string; c: number }[] = [];
    let previous = "";
    for (let c = 0; c < firstDataColumn; c++) {
      const text = view.text(r, c);
      if (!text || text === previous) continue;
      previous = text;
      for (const level of splitLevels(text)) parts.push({ text: level, c });
    }
    if (parts.length === 0) continue;
    const joined = parts.map((part) => part.text).join("");
    if (endsBefore.some((label) => joined.includes(label))) break;
    const innermost = parts[parts.length - 1]!;
    for (const part of parts.slice(0, -1)) {
      const heading = headingLevel(part.text);
      if (heading) context = [...context.slice(0, heading.level), heading.heading];
    }
    const rowScores = scoresAgainst(innermost.text, spec.rows);
    // The rows scoring best (above 0), found without an object per row of the format (a hot loop).
    let top = 0;
    for (const score of rowScores) if (score > top) top = score;
    let candidates: { row: (typeof spec.rows)[number]; score: number }[] = [];
    if (top > 0) {
      for (const [i, row] of spec.rows.entries())
        if (rowScores[i] === top) candidates.push({ row, score: top });
    }
    if (candidates.length > 1) {
      const inContext = candidates.filter((candidate) => {
        const parent = candidate.row.parents?.at(-1);
        return parent !== undefined && context.includes(parent);
      });
      if (inContext.length > 0) candidates = inContext;
    }
    const heading = headingLevel(innermost.text);
    if (candidates.length !== 1 || (heading && top < 3)) {
      if (heading) context = [...context.slice(0, heading.level), heading.heading];
      continue;
    }
    const row = candidates[0]!.row;
    context = [...(row.parents ?? [])];
    if (cells.has(row.code)) {
      duplicates.push(
        duplicateRow(spec, format, view, row, { r, c: innermost.c }, firstOf(cells.get(row.code)!)),
      );
      continue;
    }
    const positions = new Map<string, Position>();
    for (const [code, header] of columns)
      positions.set(code, { r, c: header.c, header: { r: header.r, c: header.c } });
    cells.set(row.code, positions);
    labels.set(row.code, { r, c: innermost.c });
    if (row.code === lastRow) break;
  }
  return { located: { table: spec.code, sheet: view, cells, labels }, duplicates };
}
