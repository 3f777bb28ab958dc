import { type Finding, finding } from "../../../schemas/finding";
import type { FormatSpec, TableSpec } from "../../../schemas/formats";
import { cellName } from "../findings";
import type { Range } from "../workbook/grid";
import { address } from "../workbook/grid";
import type { LocatedTable, Position } from "./types";

/**
 * A merged cell over the value cells of two columns (or rows) of the format (`D6:E6` holding 45 for both
 * 自然人 and 商业企业): a reader copies its number into each, or reads it for one and 0 for the other, and
 * either way publishes a number nobody wrote. The merge is an error at its cell; the cells it covers are
 * not read, so no rule or diagnosis counts on them.
 */

/** Cells a merge finding names, at most (a hostile merge can cover the whole table). */
const MAX_NAMED = 3;

/** Marks the covered positions unread and returns one finding per merge. */
export function mergedValues(located: LocatedTable, spec: TableSpec, format: FormatSpec): Finding[] {
  const view = located.sheet;
  const covered = new Map<Range, { row: string; column: string; position: Position }[]>();
  for (const [row, columns] of located.cells) {
    for (const [column, position] of columns) {
      const merge = view.mergeAt(position.r, position.c);
      if (!merge) continue;
      const cells = covered.get(merge) ?? [];
      cells.push({ row, column, position });
      covered.set(merge, cells);
    }
  }
  const findings: Finding[] = [];
  for (const [merge, cells] of covered) {
    if (cells.length < 2) continue;
    cells.sort((a, b) => a.position.r - b.position.r || a.position.c - b.position.c);
    for (const cell of cells) cell.position.unread = true;
    const range = view.rangeName(merge);
    const names = cells.slice(0, MAX_NAMED).map((cell) => cellName(format, spec.code, cell.row, cell.column));
    const more = cells.length > MAX_NAMED ? { zh: " 等", en: " and more" } : { zh: "", en: "" };
    const oneRow = cells.every((cell) => cell.row === cells[0]!.row);
    const oneColumn = cells.every((cell) => cell.column === cells[0]!.column);
    findings.push(
      finding(
        "value.merged_cells",
        {
          table: spec.code,
          row: oneRow ? cells[0]!.row : null,
          column: oneColumn ? cells[0]!.column : null,
          sheet: view.name,
          cell: address(merge.r1, merge.c1),
        },
        {
          zh: `${range} 是一个合并单元格，跨了 ${cells.length} 个数字单元格（${names.map((name) => name.zh).join("、")}${more.zh}），无法知道每个单元格的数字，这些单元格都没有读取。请取消合并（选中 → 取消合并单元格），在每个单元格分别填写数字。`,
          en: `${range} is one merged cell over ${cells.length} number cells (${names.map((name) => name.en).join("; ")}${more.en}), so none of their numbers can be told and none was read. Unmerge it and enter each number in its own cell.`,
        },
        null,
        range,
      ),
    );
  }
  return findings;
}
