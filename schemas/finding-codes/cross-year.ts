import { type CodeEntry, CROSS_YEAR_WHY } from "./entry";

/** Against last year's published report (rule 10). */
export const CROSS_YEAR_CODES = {
  "cross_year.carried_over": {
    severity: "warning",
    specRule: 10,
    what: {
      zh: "本年“上年结转”不等于上一年报告的“结转下年度继续办理”。",
      en: "This year's carried over differs from last year's carried forward.",
    },
    why: CROSS_YEAR_WHY,
  },
  "cross_year.items_last_year": {
    severity: "warning",
    specRule: 10,
    what: {
      zh: "本年“上一年项目数量”不等于上一年报告的项目数量加增/减。",
      en: "This year's items last year differ from last year's items plus change.",
    },
    why: CROSS_YEAR_WHY,
  },
  "cross_year.total_published": {
    severity: "warning",
    specRule: 10,
    what: {
      zh: "本年“对外公开总数量”不等于上一年的总数量加本年新公开数量。",
      en: "This year's total published differs from last year's total plus this year's published.",
    },
    why: CROSS_YEAR_WHY,
  },
  "cross_year.in_force": {
    severity: "warning",
    specRule: 10,
    what: {
      zh: "本年“现行有效件数”不等于上一年的现行有效件数加本年制发减本年废止。",
      en: "This year's in force differs from last year's in force plus issued minus repealed.",
    },
    why: {
      zh: "制发可能包含修订，废止可能包含到期失效，所以只提醒；差得多通常是填错了。",
      en: "Issued may include revisions and repealed may include expiry, hence a warning; a large gap is usually a typo.",
    },
  },
  "cross_year.identical": {
    severity: "warning",
    specRule: 10,
    what: {
      zh: "三张表的每个数字都与上一年的报告相同。",
      en: "Every number of the tables equals last year's report.",
    },
    why: {
      zh: "误传去年的表格是已知的常见错误。",
      en: "Uploading last year's sheet by mistake is a known failure.",
    },
  },
} as const satisfies Record<string, CodeEntry>;
