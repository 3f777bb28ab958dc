import type { CodeEntry } from "./entry";

/** The arithmetic of the format: its relations (rules 1–4, 8, 9). */
export const ARITHMETIC_CODES = {
  "applications.row_total": {
    severity: "error",
    specRule: 1,
    what: {
      zh: "依申请公开表某一行的「总计」不等于六类申请人之和。",
      en: "A row's 总计 in table 三 is not the sum of its six applicant columns.",
    },
    why: {
      zh: "总计是门户展示和汇总的数字；与分项不符就说明其中至少有一个数是错的。",
      en: "The total is what portals show and sum; when it disagrees with its parts, at least one number is wrong.",
    },
  },
  "applications.results_total": {
    severity: "error",
    specRule: 2,
    what: {
      zh: "某一列的「（七）总计」不等于各项办理结果之和。",
      en: "A column's (七)总计 is not the sum of the result rows.",
    },
    why: {
      zh: "每一件办结的申请都应恰好计入一种办理结果。",
      en: "Every request handled counts under exactly one result.",
    },
  },
  "applications.balance": {
    severity: "error",
    specRule: 3,
    what: {
      zh: "某一列不平衡：本年新收 + 上年结转 ≠（七）总计 + 结转下年度。",
      en: "A column does not balance: received + carried over ≠ results total + carried forward.",
    },
    why: {
      zh: "这是国家格式自带的勾稽关系：每一件申请要么办结，要么结转。",
      en: "It is the format's own check: every request is either handled or carried forward.",
    },
  },
  "appeals.row_total": {
    severity: "error",
    specRule: 4,
    what: {
      zh: "复议或诉讼某一行的「总计」不等于四种结果之和。",
      en: "An appeals row's total is not the sum of its four outcomes.",
    },
    why: {
      zh: "每一件复议、诉讼都应恰好有一种结果（含尚未审结）。",
      en: "Every appeal has exactly one outcome, pending included.",
    },
  },
  "proactive.items_negative": {
    severity: "error",
    specRule: 8,
    what: {
      zh: "上一年项目数量加本年增/减小于 0。",
      en: "Last year's items plus this year's change is below 0.",
    },
    why: {
      zh: "项目数不可能为负，其中一个数字填错了。",
      en: "A number of items cannot be negative: one of the two figures is wrong.",
    },
  },
  "proactive.published_exceeds_total": {
    severity: "warning",
    specRule: 9,
    what: {
      zh: "本年新公开数量大于对外公开总数量。",
      en: "Published this year exceeds the total published.",
    },
    why: {
      zh: "总数量应包含本年新公开的；不符通常是填错了列。",
      en: "The total should include this year's; a gap is usually a figure in the wrong column.",
    },
  },
} as const satisfies Record<string, CodeEntry>;
