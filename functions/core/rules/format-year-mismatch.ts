import { finding } from "../../../schemas/finding";
import type { Rule } from "./rule";

/**
 * `format.year_mismatch`. Rule 7: the format must fit the year (2019 format for 2019–2020, 2021 format
 * from 2021) — told by each format's marker column header (`本年新制作数量` 2019, `本年制发件数` 2021).
 */
export const formatYearMismatch: Rule = (context) => {
  const { format, expectedFormat, year } = context;
  if (!context.formatDetected || year === null) return [];
  if (!expectedFormat) {
    // The year is wrong, not a cell: no format's sheet is right for it.
    return [
      finding(
        "format.year_mismatch",
        { table: format.marker.table, sheet: null, cell: null },
        {
          zh: `${year} 年没有适用的年度报告格式：本系统支持 2019 年及以后的报告。请检查上传的年份。`,
          en: `No annual-report format applies to ${year}: reports from 2019 on are supported. Check the year of the upload.`,
        },
        "2019+",
        year,
      ),
    ];
  }
  if (expectedFormat.id === format.id) return [];
  // At the header the format was told from (`本年新制作数量`): where the other format shows.
  const place = {
    table: format.marker.table,
    sheet: context.marker?.sheet ?? null,
    cell: context.marker?.cell ?? null,
  };
  return [
    finding(
      "format.year_mismatch",
      place,
      {
        zh: `${year} 年度报告应使用${expectedFormat.name.zh}，但表格是${format.name.zh}（依据“${format.marker.label}”等表头判断）。请改用 ${expectedFormat.id} 年版格式填写，或检查上传的年份是否正确。`,
        en: `A ${year} report must use the ${expectedFormat.name.en}, but the sheet is in the ${format.name.en} (told by headers such as "${format.marker.label}"). Use the ${expectedFormat.id} format, or check the year of the upload.`,
      },
      expectedFormat.id,
      format.id,
    ),
  ];
};
