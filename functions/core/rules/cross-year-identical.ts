import { finding, NOWHERE } from "../../../schemas/finding";
import { tablesOf } from "../../../schemas/formats";
import type { TableValues } from "../../../schemas/report";
import type { Rule } from "./rule";

/**
 * `cross_year.identical` (a warning), rule 10: every number of every table equals last year's published
 * report of the same format — last year's sheet uploaded by mistake is a known failure.
 */
export const crossYearIdentical: Rule = (context) => {
  const previous = context.previous;
  if (!previous || context.year === null || previous.year !== context.year - 1) return [];
  if (previous.format !== context.format.id) return [];
  const same = (a: TableValues, b: TableValues | undefined) =>
    Object.entries(a).every(([row, columns]) =>
      Object.entries(columns).every(([column, value]) => b?.[row]?.[column] === value),
    );
  const identical = tablesOf(context.format).every((table) =>
    same(context.tables[table.code], previous.tables[table.code]),
  );
  if (!identical) return [];
  return [
    finding("cross_year.identical", NOWHERE, {
      zh: `三张统计表的每个数字都与 ${previous.year} 年已发布的报告完全相同。是否误传了去年的表格？请确认后再上传本年数据。`,
      en: `Every number of the three tables equals ${previous.year}'s published report. Was last year's sheet uploaded by mistake? Check and upload this year's figures.`,
    }),
  ];
};
