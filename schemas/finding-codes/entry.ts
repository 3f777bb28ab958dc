/** What every catalogue entry holds, and the reasons several codes share. */

type Severity = "error" | "warning";

/** One code: its severity, the spec rule it enforces, what it means and why it matters. */
export interface CodeEntry {
  severity: Severity;
  /** The number of the rule in spec/report-formats.md ("Rules"), where the code enforces one. */
  specRule?: number;
  what: { zh: string; en: string };
  why: { zh: string; en: string };
}

export const UNREADABLE_WHY = {
  zh: "文件读不出来，就无法核对和发布任何数字。",
  en: "A file that cannot be read has no numbers to check or publish.",
};
export const BOUND_WHY = {
  zh: "上传的文件不可信：超出上限的文件可能让系统耗尽内存或时间，因此在读取前拒绝。",
  en: "Uploads are untrusted: a file beyond the bounds could exhaust memory or time, so it is refused before it is read.",
};
export const SHAPE_WHY = {
  zh: "国家格式的每一行、每一列都必须有且只有一次，否则数字无法按代码归位。",
  en: "Every row and column of the national format must be there exactly once, or numbers cannot be put under their codes.",
};
export const VALUE_WHY = {
  zh: "一个读不准的数字会被当作 0 参与校验，发布出去就是错的统计。",
  en: "A number that cannot be read exactly would count as 0 in every rule and be published wrong.",
};
export const CROSS_YEAR_WHY = {
  zh: "连续两年的报告应当衔接；不衔接常是填错或抄错，但也可能有正当原因，所以只提醒。",
  en: "Consecutive reports should connect; a gap is often a typo or a copied figure, but can have good reasons, hence a warning.",
};
