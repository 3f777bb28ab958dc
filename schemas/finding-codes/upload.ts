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
  "upload.customer_encrypted": {
    severity: "error",
    what: {
      zh: "文件在存储中用上传者自己的密钥加密（SSE-C），系统读不出来。",
      en: "The file is stored encrypted with the uploader's own key (SSE-C), which the system cannot read.",
    },
    why: {
      zh: "没有密钥就读不到任何数字；请不加密重新上传。",
      en: "Without the key no number can be read; upload it again without that encryption.",
    },
  },
} as const satisfies Record<string, CodeEntry>;
