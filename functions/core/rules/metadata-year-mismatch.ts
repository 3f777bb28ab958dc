import { finding } from "../../../schemas/finding";
import type { Rule } from "./rule";

/**
 * `metadata.year_mismatch` (a warning), rule 11: the year a workbook's own title states
 * (`2019 年政府信息公开工作年度报告`) differs from the upload's.
 */
export const metadataYearMismatch: Rule = ({ stated, year }) => {
  if (stated.year === null || year === null || stated.year === year) return [];
  return [
    finding(
      "metadata.year_mismatch",
      { table: null, sheet: stated.sheet, cell: stated.cell },
      {
        zh: `报告标题写的是 ${stated.year} 年，但它是作为 ${year} 年的报告上传的。请确认是否传错了年份或文件。`,
        en: `The report's title says ${stated.year} but it was uploaded as the ${year} report. Check the year or the file.`,
      },
      year,
      stated.year,
    ),
  ];
};
