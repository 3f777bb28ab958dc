import { TABLE_CODES } from "../../../schemas/formats";
import { finding } from "../findings";
import type { Rule } from "./rule";

/**
 * Rule 6, `table.blank`: a table whose every value cell is blank is an error — published blank templates
 * are a real failure; a department with nothing to report writes 0.
 */
export const tableNotBlank: Rule = (context) =>
  TABLE_CODES.flatMap((table) => {
    const cells = [...context.cells.values()].filter((cell) => cell.table === table && cell.present);
    if (cells.length === 0 || cells.some((cell) => !cell.blank || cell.invalid)) return [];
    const title = context.format.tables[table].title;
    return [
      finding(
        "table.blank",
        "error",
        { table, sheet: cells[0]!.sheet, cell: null },
        {
          zh: `「${title.zh}」表中所有数字单元格都是空白。请填写本年数据；没有发生的事项请填 0，不要留空。`,
          en: `Every number cell of "${title.en}" is blank. Fill in this year's figures; write 0 where nothing happened rather than leaving it blank.`,
        },
        "numbers",
        "",
      ),
    ];
  });
