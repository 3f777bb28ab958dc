import { finding } from "../../../schemas/finding";
import { normalizeLabel } from "../labels";
import type { Rule } from "./rule";

/**
 * `metadata.department_mismatch` (a warning), rule 11: the department a workbook's own title names
 * differs from the uploading department's registered name (one containing the other is the same).
 */
export const metadataDepartmentMismatch: Rule = ({ stated, departmentName }) => {
  if (!stated.department || !departmentName) return [];
  const a = normalizeLabel(stated.department);
  const b = normalizeLabel(departmentName);
  if (a.includes(b) || b.includes(a)) return [];
  return [
    finding(
      "metadata.department_mismatch",
      { table: null, sheet: stated.sheet, cell: stated.cell },
      {
        zh: `报告标题中的单位是“${stated.department}”，但上传单位是“${departmentName}”。请确认没有传错其他单位的报告。`,
        en: `The report's title names "${stated.department}" but it was uploaded by "${departmentName}". Make sure it is not another department's report.`,
      },
      departmentName,
      stated.department,
    ),
  ];
};
