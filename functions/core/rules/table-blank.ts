import { finding } from "../../../schemas/finding";
import { tablesOf } from "../../../schemas/formats";
import type { Rule } from "./rule";

/**
 * `table.blank`. Rule 6: a table whose every value cell is blank is an error — published blank templates
 * are a real failure; a department with nothing to report writes 0.
 */
export const tableBlank: Rule = (context) => {
  const present = new Map<string, string>();
  const filled = new Set<string>();
  for (const cell of context.cells.values()) {
    if (!cell.present) continue;
    present.set(cell.table, cell.sheet);
    if (!cell.blank || cell.invalid) filled.add(cell.table);
  }
  return tablesOf(context.format).flatMap((table) => {
    const sheet = present.get(table.code);
    if (sheet === undefined || filled.has(table.code)) return [];
    return [
      finding(
        "table.blank",
        { table: table.code, sheet, cell: null },
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
