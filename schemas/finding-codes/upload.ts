import type { CodeEntry } from "./entry";

/** Where the upload was put. */
export const UPLOAD_CODES = {
  "upload.unroutable": {
    severity: "error",
    what: {
      zh: "文件不在 uploads/单位编号/年份/ 下。",
      en: "The file is not under uploads/{department}/{year}/.",
    },
    why: {
      zh: "单位和年份取自上传位置；位置不对就不知道这是谁哪一年的报告。",
      en: "The department and year come from where the file is put; elsewhere, whose report for which year it is cannot be known.",
    },
  },
} as const satisfies Record<string, CodeEntry>;
