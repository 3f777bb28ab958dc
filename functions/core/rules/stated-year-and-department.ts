import type { Finding } from "../../../schemas/finding";
import { finding } from "../findings";
import { normalizeLabel } from "../labels";
import type { Rule } from "./rule";

/**
 * Rule 11 (warnings), `metadata.year_mismatch` and `metadata.department_mismatch`: the year or department
 * a workbook's own title states (`2019 年政府信息公开工作年度报告`) differs from the upload's.
 */
export const statedYearAndDepartment: Rule = (context) => {
  const findings: Finding[] = [];
  const { stated, year, departmentName } = context;
  if (stated.year !== null && year !== null && stated.year !== year) {
    findings.push(
      finding(
        "metadata.year_mismatch",
        "warning",
        { table: null, sheet: null, cell: null },
        {
          zh: `工作簿标题写的是 ${stated.year} 年，但上传在 ${year} 年的目录下。请确认是否传错了年份或文件。`,
          en: `The workbook's title says ${stated.year} but it was uploaded as the ${year} report. Check the year or the file.`,
        },
        year,
        stated.year,
      ),
    );
  }
  if (stated.department && departmentName) {
    const a = normalizeLabel(stated.department);
    const b = normalizeLabel(departmentName);
    if (!a.includes(b) && !b.includes(a)) {
      findings.push(
        finding(
          "metadata.department_mismatch",
          "warning",
          { table: null, sheet: null, cell: null },
          {
            zh: `工作簿标题中的单位是“${stated.department}”，但上传单位是“${departmentName}”。请确认没有传错其他单位的报告。`,
            en: `The workbook's title names "${stated.department}" but it was uploaded by "${departmentName}". Make sure it is not another department's report.`,
          },
          departmentName,
          stated.department,
        ),
      );
    }
  }
  return findings;
};
