import { finding } from "../../../schemas/finding";
import { tablesOf } from "../../../schemas/formats";
import type { Rule } from "./rule";

/**
 * `table.blank`. Rule 6: a table whose every value cell is blank is an error — published blank templates
 * are a real failure; a department with nothing to report writes 0. A dash or 无 is written (it counts as 0,
 * as the spec says of every rule), so a table of dashes is filled in.
 */
export const tableBlank: Rule = (context) => {
  // Each table's first value cell: where the clerk starts filling it in.
  const present = new Map<string, { sheet: string; cell: string }>();
  const filled = new Set<string>();
  for (const cell of context.cells.values()) {
    if (!cell.present) continue;
    if (!present.has(cell.table)) present.set(cell.table, { sheet: cell.sheet, cell: cell.cell });
    if (!cell.blank || cell.invalid) filled.add(cell.table);
  }
  return tablesOf(context.format).flatMap((table) => {
    const first = present.get(table.code);
    if (first === undefined || filled.has(table.code)) return [];
    return [
      finding(
        "table.blank",
        { table: table.code, ...first },
        {
          zh: `「${table.title.zh}」表中所有数字单元格都是空白。请填写本年数据；没有发生的事项请填 0，不要留空。`,
          en: `Every number cell of "${table.title.en}" is blank. Fill in this year's figures; write 0 where nothing happened rather than leaving it blank.`,
        },
        "numbers",
        "",
      ),
    ];
  });
};
