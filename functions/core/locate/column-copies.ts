import { type Finding, finding } from "../../../schemas/finding";
import type { TableSpec } from "../../../schemas/formats";
import { address, columnName } from "../workbook/grid";
import type { SheetView, TextCell } from "../workbook/sheet-view";
import type { HeaderIndex } from "./header-index";
import type { Position } from "./types";

/**
 * A column header typed twice beside itself (`总计 | 总计`): a helper column kept before the real one, a
 * stale copy hidden. Reading the first copy publishes numbers the clerk may not even see, so copies whose
 * numbers differ are named and neither is read, as a row typed twice is refused. Copies with the same
 * numbers in every row are one column: WPS's unmerge-and-fill writes a merged header and the numbers
 * under it into every column the merge covered.
 */

/** Copies looked for on each side of a found header (a hostile sheet repeats one header thousands of times). */
const MAX_COPIES = 4;
/** Blank columns a copy may stand apart from the header it repeats (a spacer column). */
const MAX_GAP = 2;

/**
 * The other header cells of each found column that stand right beside it, on the header's rows: nothing
 * but blank columns between them (a table beside this one has its own 总计, past its own headers). A code
 * maps to its found cell and its copies, in column order.
 */
export function columnCopies(
  view: SheetView,
  index: HeaderIndex,
  found: ReadonlyMap<string, TextCell>,
  rows: readonly number[],
): Map<string, TextCell[]> {
  const copies = new Map<string, TextCell[]>();
  const apart = (a: TextCell, b: TextCell) => !besideEachOther(view, a, b, rows);
  for (const [code, header] of found) {
    const seen = new Map<number, TextCell>([[header.c, header]]);
    for (const side of ["left", "right"] as const) {
      let from = header;
      for (let n = 0; n < MAX_COPIES; n++) {
        let nearest: TextCell | undefined;
        for (const r of rows) {
          const cell = side === "left" ? index.leftOf(code, r, from.c) : index.rightOf(code, r, from.c);
          if (cell && (!nearest || Math.abs(cell.c - from.c) < Math.abs(nearest.c - from.c))) nearest = cell;
        }
        if (!nearest || apart(from, nearest)) break;
        seen.set(nearest.c, nearest);
        from = nearest;
      }
    }
    if (seen.size > 1)
      copies.set(
        code,
        [...seen.values()].sort((a, b) => a.c - b.c),
      );
  }
  return copies;
}

/**
 * Two header cells stand beside each other: at most a blank column or two between them on the header's
 * rows (a header of its own starting between them is another column; a merge reaching in from the left,
 * 申请人情况, is not).
 */
export function besideEachOther(view: SheetView, a: TextCell, b: TextCell, rows: readonly number[]): boolean {
  const [left, right] = a.c < b.c ? [a, b] : [b, a];
  const from = view.spanEnd(left.r, left.c) + 1;
  if (right.c - from > MAX_GAP) return false;
  for (let c = from; c < right.c; c++)
    if (rows.some((r) => view.text(r, c) !== "" && (view.mergeAt(r, c)?.c1 ?? c) === c)) return false;
  return true;
}

/**
 * Refuses the copies whose numbers differ from their column's in a row read: the column's positions are
 * marked unread, and each copy's header gets a finding. `copies` maps a code to its header cells, the one
 * the positions were found by among them.
 */
export function settleCopies(
  spec: TableSpec,
  view: SheetView,
  cells: ReadonlyMap<string, Map<string, Position>>,
  copies: ReadonlyMap<string, readonly TextCell[]>,
): Finding[] {
  const findings: Finding[] = [];
  for (const [code, headers] of copies) {
    const under: Position[] = [];
    for (const row of cells.values()) {
      const position = row.get(code);
      const header = position?.header;
      if (header && headers.some((cell) => cell.r === header.r && cell.c === header.c)) under.push(position!);
    }
    const differs = under.some((position) =>
      headers.some((copy) => !sameValue(view, position, copy.c - position.header!.c)),
    );
    if (!differs) continue;
    for (const position of under) position.unread = true;
    findings.push(...duplicateColumn(spec, view, code, headers));
  }
  return findings;
}

/** The cell `shift` columns from a position holds what the position's own cell holds. */
function sameValue(view: SheetView, position: Position, shift: number): boolean {
  if (position.none) return true;
  const a = view.cell(position.r, position.c);
  const b = view.cell(position.r, position.c + shift);
  return a?.type === b?.type && a?.value === b?.value;
}

/** One finding at each copy's header cell, each naming every copy and saying which of them are hidden. */
function duplicateColumn(
  spec: TableSpec,
  view: SheetView,
  code: string,
  cells: readonly TextCell[],
): Finding[] {
  const label = spec.columns.find((column) => column.code === code)?.label ?? code;
  const names = cells.map((cell) => view.placeName(cell.r, cell.c));
  const hidden = [...new Set(cells.map((cell) => cell.c).filter((c) => view.grid.hiddenColumns?.has(c)))];
  const letters = hidden.map(columnName);
  const hint =
    hidden.length === 0
      ? { zh: "", en: "" }
      : {
          zh: `；${letters.join("、")} 列是隐藏列：选中它左右两列，右键 →「取消隐藏」即可看到`,
          en: `; column ${letters.join(", ")} ${letters.length > 1 ? "are" : "is"} hidden: select the columns around it, right-click → Unhide`,
        };
  return cells.map((cell) =>
    finding(
      "table.column_duplicate",
      { table: spec.code, column: code, sheet: view.name, cell: address(cell.r, cell.c) },
      {
        zh: `「${spec.title.zh}」的「${label}」列出现了不止一次（${names.join("、")}${hint.zh}），无法判断应读哪一列，这一列的数字都没有读取。请删除多余的列，每列只保留一次。`,
        en: `"${spec.title.en}" has the column "${label}" more than once (${names.join(", ")}${hint.en}), so which to read cannot be told and none of its numbers were read. Delete the extra column so each column appears once.`,
      },
      null,
      label,
    ),
  );
}
