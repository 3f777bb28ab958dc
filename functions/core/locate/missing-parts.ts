import { type Finding, finding } from "../../../schemas/finding";
import type { FormatSpec, TableSpec } from "../../../schemas/formats";
import { cellName, rowName } from "../findings";
import { normalizeLabel } from "../labels";
import { address } from "../workbook/grid";
import type { SheetView } from "../workbook/sheet-view";
import type { At, LocatedTable, Position } from "./types";

/**
 * A row or column of the format not found in a table that was: one finding for each, placed where the
 * clerk should look — the header (or label) cell where it was expected, between the neighbours that were
 * found, saying what that cell holds (`J4 为「合计」，应为「总计」`). A header typed otherwise than the
 * format writes it is not taken as a new synonym: the format's labels are the contract.
 */

/** Where a missing header or label was looked for. */
type Slot =
  /** The cell where it was expected, and what it holds (null: blank). */
  | { kind: "cell"; at: At; text: string | null }
  /** No cell between its neighbours: it belongs right beside this one. */
  | { kind: "beside"; at: At; side: "after" | "before"; text: string };

/** Header rows above a found neighbour's where a missing header may stand (a two-level header). */
const HEADER_BAND = 3;

export function missingParts(located: LocatedTable, spec: TableSpec, format: FormatSpec): Finding[] {
  return [...missingRows(located, spec, format), ...missingColumns(located, spec, format)];
}

function missingRows(located: LocatedTable, spec: TableSpec, format: FormatSpec): Finding[] {
  const view = located.sheet;
  const findings: Finding[] = [];
  const order = spec.rows.map((row) => row.code);
  for (const row of spec.rows) {
    if (located.cells.has(row.code)) continue;
    const name = rowName(format, spec.code, row.code);
    const slot = located.labels ? rowSlot(view, order, located.labels, row.code, row.label) : undefined;
    const place = slot ? address(slot.at.r, slot.at.c) : null;
    const where = slotText(view, slot, row.label);
    findings.push(
      finding(
        "table.row_missing",
        { table: spec.code, row: row.code, sheet: view.name, cell: place },
        {
          zh: `「${spec.title.zh}」缺少「${name.zh}」这一行${where.zh}。请按国家规定格式${slot?.kind === "cell" && slot.text ? "改正该行的名称" : "补上该行（没有数据填 0）"}。`,
          en: `"${spec.title.en}" lacks the row "${row.label}" (${name.en})${where.en}. ${slot?.kind === "cell" && slot.text ? "Correct the row's label" : "Add it (write 0 where there is nothing to report)"} as in the national format.`,
        },
        row.label,
        slot?.kind === "cell" ? slot.text : null,
      ),
    );
  }
  return findings;
}

function missingColumns(located: LocatedTable, spec: TableSpec, format: FormatSpec): Finding[] {
  const view = located.sheet;
  const allColumns = spec.columns.map((column) => column.code);
  // One finding per column and place: the rows of a table under one header share it.
  const groups = new Map<string, { code: string; rows: string[]; slot: Slot | undefined }>();
  for (const row of spec.rows) {
    const columns = located.cells.get(row.code);
    if (!columns) continue;
    const wanted = row.columns ?? allColumns;
    for (const code of wanted) {
      if (columns.has(code)) continue;
      const label = spec.columns.find((column) => column.code === code)?.label ?? code;
      const slot = columnSlot(view, wanted, columns, code, label);
      const key = `${code}@${slot ? `${slot.kind}:${slot.at.r}:${slot.at.c}` : ""}`;
      const group = groups.get(key) ?? { code, rows: [], slot };
      group.rows.push(row.code);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map(({ code, rows, slot }) => {
    const label = spec.columns.find((column) => column.code === code)?.label ?? code;
    const only = rows.length === 1 ? rows[0]! : null;
    const name = only === null ? null : cellName(format, spec.code, only, code);
    const where = slotText(view, slot, label);
    const fix = slot?.kind === "cell" && slot.text ? "改正该列表头" : "补上该列表头";
    return finding(
      "table.column_missing",
      {
        table: spec.code,
        row: only,
        column: code,
        sheet: view.name,
        cell: slot ? address(slot.at.r, slot.at.c) : null,
      },
      {
        zh: `「${spec.title.zh}」找不到列「${label}」${name ? `（${name.zh}）` : ""}${where.zh}。请按国家规定格式${fix}。`,
        en: `"${spec.title.en}" has no column "${label}"${name ? ` (${name.en})` : ""}${where.en}. ${slot?.kind === "cell" && slot.text ? "Correct that column header" : "Add that column header"} as in the national format.`,
      },
      label,
      slot?.kind === "cell" ? slot.text : null,
    );
  });
}

/** What a finding says of its slot: `：J4 为「合计」，应为「总计」`. */
function slotText(view: SheetView, slot: Slot | undefined, label: string): { zh: string; en: string } {
  if (!slot) return { zh: "", en: "" };
  const a1 = view.placeName(slot.at.r, slot.at.c);
  if (slot.kind === "beside") {
    return slot.side === "after"
      ? {
          zh: `：应紧接在 ${a1}（「${slot.text}」）之后`,
          en: `: it belongs right after ${a1} ("${slot.text}")`,
        }
      : {
          zh: `：应紧接在 ${a1}（「${slot.text}」）之前`,
          en: `: it belongs right before ${a1} ("${slot.text}")`,
        };
  }
  if (slot.text === null)
    return { zh: `：${a1} 是空白，应为「${label}」`, en: `: ${a1} is blank, where "${label}" is expected` };
  return {
    zh: `：${a1} 为「${slot.text}」，应为「${label}」`,
    en: `: ${a1} holds "${slot.text}", where "${label}" is expected`,
  };
}

/**
 * Where a missing column's header was expected: right of the header of the column before it in the
 * format, or left of the one after it; when they stand side by side, the one gap among the found headers
 * (the sub-headers in another order), else beside the neighbour.
 */
function columnSlot(
  view: SheetView,
  wanted: readonly string[],
  columns: ReadonlyMap<string, Position>,
  code: string,
  label: string,
): Slot | undefined {
  const i = wanted.indexOf(code);
  const headerOf = (j: number) => columns.get(wanted[j]!)?.header;
  let previous: At | undefined;
  for (let j = i - 1; j >= 0 && !previous; j--) previous = headerOf(j);
  let next: At | undefined;
  for (let j = i + 1; j < wanted.length && !next; j++) next = headerOf(j);
  if (!previous && !next) return undefined;
  const c = previous ? view.spanEnd(previous.r, previous.c) + 1 : next!.c - 1;
  const r = (previous ?? next)!.r;
  const fits = c >= 0 && (!next || c < next.c);
  // A cell already holding the label is not where it went missing (it was read as another table's).
  const usable = (slot: Slot | undefined) =>
    slot !== undefined && !(slot.text && normalizeLabel(slot.text) === normalizeLabel(label));
  const cell = fits ? headerAt(view, r, c) : undefined;
  if (usable(cell)) return cell;
  const gap = onlyGap(view, columns, r);
  if (usable(gap)) return gap;
  return previous
    ? { kind: "beside", at: previous, side: "after", text: labelAt(view, previous) }
    : { kind: "beside", at: next!, side: "before", text: labelAt(view, next!) };
}

/** The one column among the found headers (left to right) that none of them covers, if one only. */
function onlyGap(view: SheetView, columns: ReadonlyMap<string, Position>, r: number): Slot | undefined {
  const headers = [...columns.values()]
    .map((position) => position.header)
    .filter((header): header is At => header !== undefined)
    .sort((a, b) => a.c - b.c);
  const gaps: number[] = [];
  for (let k = 1; k < headers.length; k++) {
    for (let c = view.spanEnd(headers[k - 1]!.r, headers[k - 1]!.c) + 1; c < headers[k]!.c; c++) gaps.push(c);
  }
  if (gaps.length !== 1) return undefined;
  return headerAt(view, r, gaps[0]!);
}

/**
 * The header cell of column c at row r: its merge's top-left when merged over it alone (总计 over two
 * header rows), else the first text of its own above (a two-level header unmerged), else the blank cell.
 * Undefined where a merge reaches in from the left: no header of its own stands there.
 */
function headerAt(view: SheetView, r: number, c: number): Slot | undefined {
  const merge = view.mergeAt(r, c);
  if (merge) {
    if (merge.c1 !== c) return undefined;
    return { kind: "cell", at: { r: merge.r1, c: merge.c1 }, text: shown(view, merge.r1, merge.c1) };
  }
  for (let up = r; up >= Math.max(0, r - HEADER_BAND); up--) {
    const above = view.mergeAt(up, c);
    if (above && above.c1 !== c) continue;
    const at = above ? { r: above.r1, c: above.c1 } : { r: up, c };
    const text = shown(view, at.r, at.c);
    if (text) return { kind: "cell", at, text };
  }
  return { kind: "cell", at: { r, c }, text: null };
}

/**
 * Where a missing row's label was expected: the row under the row before it in the format (under its
 * label's merge), in its label's column, when that row comes before the next found row.
 */
function rowSlot(
  view: SheetView,
  order: readonly string[],
  labels: ReadonlyMap<string, At>,
  code: string,
  label: string,
): Slot | undefined {
  const i = order.indexOf(code);
  let previous: At | undefined;
  for (let j = i - 1; j >= 0 && !previous; j--) previous = labels.get(order[j]!);
  let next: At | undefined;
  for (let j = i + 1; j < order.length && !next; j++) next = labels.get(order[j]!);
  if (!previous && !next) return undefined;
  const r = previous ? view.lastRow(previous.r, previous.c) + 1 : next!.r - 1;
  const c = (previous ?? next)!.c;
  if (r >= 0 && (!next || r < next.r)) {
    const merge = view.mergeAt(r, c);
    // A heading merged down over several rows (（三）不予公开) is no row's own label.
    if (!merge || merge.r1 === r) {
      const at = merge ? { r: merge.r1, c: merge.c1 } : { r, c };
      const own = shown(view, at.r, at.c);
      const found = own === null ? labelLeftOf(view, r, c) : { at, text: own };
      if (!found) return { kind: "cell", at, text: null };
      if (normalizeLabel(found.text) !== normalizeLabel(label)) return { kind: "cell", ...found };
    }
  }
  return previous
    ? { kind: "beside", at: previous, side: "after", text: labelAt(view, previous) }
    : { kind: "beside", at: next!, side: "before", text: labelAt(view, next!) };
}

/** The label text of row r left of column c, where the row's label stands further left. */
function labelLeftOf(view: SheetView, r: number, c: number): { at: At; text: string } | null {
  for (let left = c - 1; left >= 0; left--) {
    const merge = view.mergeAt(r, left);
    if (merge && merge.r1 !== r) continue;
    const at = merge ? { r: merge.r1, c: merge.c1 } : { r, c: left };
    const text = shown(view, at.r, at.c);
    if (text) return { at, text };
  }
  return null;
}

/** A cell's text as the clerk typed it (clipped: it goes into a message), or null when blank. */
function shown(view: SheetView, r: number, c: number): string | null {
  const cell = view.cell(r, c);
  if (!cell) return null;
  const text = String(cell.value).trim();
  if (!text) return null;
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A found header's or label's text, for `beside` (its merge's top-left when merged). */
function labelAt(view: SheetView, at: At): string {
  const merge = view.mergeAt(at.r, at.c);
  return (merge ? shown(view, merge.r1, merge.c1) : shown(view, at.r, at.c)) ?? "";
}
