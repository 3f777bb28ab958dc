import type { Finding } from "../../../schemas/finding";
import type { FormatSpec, TableSpec } from "../../../schemas/formats";
import { labelsOf, matchScore, normalizeLabel, oneLabel, splitLevels } from "../labels";
import type { SheetView, TextCell } from "../workbook/sheet-view";
import { duplicateRow } from "./table-findings";
import { type Candidate, countCells, type Position, type SheetCandidates } from "./types";

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

/** The cell closest to the target: by rows first, then by columns; the first of equals. */
function nearest(cells: readonly TextCell[], target: { r: number; c: number }): TextCell | undefined {
  let best: TextCell | undefined;
  let bestRows = Infinity;
  let bestColumns = Infinity;
  for (const cell of cells) {
    const rows = Math.abs(cell.r - target.r);
    const columns = Math.abs(cell.c - target.c);
    if (rows < bestRows || (rows === bestRows && columns < bestColumns)) {
      best = cell;
      bestRows = rows;
      bestColumns = columns;
    }
  }
  return best;
}

export function locateRowLabels(
  view: SheetView,
  spec: TableSpec,
  format: FormatSpec,
): SheetCandidates | undefined {
  const plan = columnPlan(spec);
  // Every header cell of every column, found in one pass over the sheet's text.
  const byColumn = new Map<string, TextCell[]>(spec.columns.map((column) => [column.code, []]));
  for (const cell of view.headerCells) {
    for (const column of spec.columns) {
      if (matchScore(cell.text, labelsOf(column)) >= 2) byColumn.get(column.code)!.push(cell);
    }
  }
  const matching = (code: string) => byColumn.get(code) ?? [];
  let best: Candidate | undefined;
  const candidates: Candidate[] = [];
  for (const anchor of matching(plan.anchor)) {
    const band = (cell: TextCell) => cell.r >= anchor.r - HEADER_BAND && cell.r <= anchor.r;
    const columns = new Map<string, number>([[plan.anchor, anchor.c]]);
    const pick = (code: string, filter: (cell: TextCell) => boolean) => {
      const cell = nearest(
        matching(code).filter((candidate) => band(candidate) && filter(candidate)),
        anchor,
      );
      if (cell) columns.set(code, cell.c);
    };
    for (const code of plan.group) {
      pick(
        code,
        (cell) =>
          cell.r <= anchor.r &&
          view.lastRow(cell.r, cell.c) >= anchor.r &&
          cell.c !== anchor.c &&
          Math.abs(cell.c - anchor.c) <= GROUP_REACH,
      );
    }
    const leftmost = Math.min(...columns.values());
    for (const code of plan.before) pick(code, (cell) => cell.c < leftmost);
    for (const code of plan.after) {
      const rightmost = Math.max(...columns.values());
      const headers = matching(code).filter((cell) => band(cell) && cell.c > rightmost);
      const header = headers.sort(
        (a, b) => a.c - b.c || Math.abs(a.r - anchor.r) - Math.abs(b.r - anchor.r),
      )[0];
      if (header) columns.set(code, header.c);
    }
    const located = rowsBelow(view, spec, format, anchor.r, Math.min(...columns.values()), columns);
    candidates.push(located);
    if (!best || countCells(located.located) > countCells(best.located)) best = located;
  }
  return best && best.located.cells.size > 0 ? { best, all: candidates } : undefined;
}

function rowsBelow(
  view: SheetView,
  spec: TableSpec,
  format: FormatSpec,
  headerRow: number,
  firstDataColumn: number,
  columns: Map<string, number>,
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
  const cells = new Map<string, Map<string, Position>>();
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
    let candidates = spec.rows
      .map((row) => ({ row, score: matchScore(innermost.text, labelsOf(row)) }))
      .filter((candidate) => candidate.score > 0);
    const top = Math.max(0, ...candidates.map((candidate) => candidate.score));
    candidates = candidates.filter((candidate) => candidate.score === top);
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
      duplicates.push(duplicateRow(spec, format, view, row, { r, c: innermost.c }));
      continue;
    }
    const positions = new Map<string, Position>();
    for (const [code, c] of columns) positions.set(code, { r, c });
    cells.set(row.code, positions);
    if (row.code === lastRow) break;
  }
  return { located: { table: spec.code, sheet: view, cells }, duplicates };
}
