import type { CodeEntry } from "./entry";

/** What the workbook says of itself (rule 11). */
export const METADATA_CODES = {
  "metadata.year_mismatch": {
    severity: "warning",
    specRule: 11,
    what: {
      zh: "报告标题写的年份与上传的年份不同。",
      en: "The year in the report's title differs from the upload's year.",
    },
    why: {
      zh: "可能传错了年份或文件。",
      en: "The wrong year or the wrong file may have been uploaded.",
    },
  },
  "metadata.department_mismatch": {
    severity: "warning",
    specRule: 11,
    what: {
      zh: "报告标题中的单位与上传单位不同。",
      en: "The department in the report's title differs from the uploading department.",
    },
    why: {
      zh: "可能传了其他单位的报告。",
      en: "Another department's report may have been uploaded.",
    },
  },
} as const satisfies Record<string, CodeEntry>;
