import { TABLE_CODES } from "../../../schemas/formats";
import { finding } from "../findings";
import type { Rule } from "./rule";

/**
 * Rule 6, `table.blank`: a table whose every value cell is blank is an error — published blank templates
 * are a real failure; a department with nothing to report writes 0.
 */
export const tableNotBlank: Rule = (context) => {
  const present = new Map<string, string>();
  const filled = new Set<string>();
  for (const cell of context.cells.values()) {
    if (!cell.present) continue;
    present.set(cell.table, cell.sheet);
    if (!cell.blank || cell.invalid) filled.add(cell.table);
  }
  return TABLE_CODES.flatMap((table) => {
    const sheet = present.get(table);
    if (sheet === undefined || filled.has(table)) return [];
    const title = context.format.tables[table].title;
    return [
      finding(
        "table.blank",
        "error",
        { table, sheet, cell: null },
        {
          zh: `「${title.zh}」表中所有数字单元格都是空白。请填写本年数据；没有发生的事项请填 0，不要留空。`,
          en: `Every number cell of "${title.en}" is blank. Fill in this year's figures; write 0 where nothing happened rather than leaving it blank.`,
        },
        "numbers",
        "",
      ),
    ];
  });
};
