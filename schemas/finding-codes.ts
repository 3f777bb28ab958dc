/**
 * The catalogue of finding codes: every code the system can emit, with its severity, what it means and
 * why it matters (cdk-nag style: what is wrong, and why a reader of the report cares). A code never
 * changes once published. `Finding.rule` is checked against this list, the README's list of rules is
 * generated from it, and a test proves that every code here is emitted by some input and every code
 * emitted is here.
 */

type Severity = "error" | "warning";

export interface CodeEntry {
  severity: Severity;
  /** The number of the rule in spec/report-formats.md ("Rules"), where the code enforces one. */
  specRule?: number;
  what: { zh: string; en: string };
  why: { zh: string; en: string };
}

const UNREADABLE_WHY = {
  zh: "文件读不出来，就无法核对和发布任何数字。",
  en: "A file that cannot be read has no numbers to check or publish.",
};
const BOUND_WHY = {
  zh: "上传的文件不可信：超出上限的文件可能让系统耗尽内存或时间，因此在读取前拒绝。",
  en: "Uploads are untrusted: a file beyond the bounds could exhaust memory or time, so it is refused before it is read.",
};
const SHAPE_WHY = {
  zh: "国家格式的每一行、每一列都必须有且只有一次，否则数字无法按代码归位。",
  en: "Every row and column of the national format must be there exactly once, or numbers cannot be put under their codes.",
};
const VALUE_WHY = {
  zh: "一个读不准的数字会被当作 0 参与校验，发布出去就是错的统计。",
  en: "A number that cannot be read exactly would count as 0 in every rule and be published wrong.",
};
const CROSS_YEAR_WHY = {
  zh: "连续两年的报告应当衔接；不衔接常是填错或抄错，但也可能有正当原因，所以只提醒。",
  en: "Consecutive reports should connect; a gap is often a typo or a copied figure, but can have good reasons, hence a warning.",
};

export const FINDING_CODES = {
  // ── the file as a whole (the container guard and the reader) ───────────────────────────────────
  "workbook.empty": {
    severity: "error",
    what: { zh: "文件是空的。", en: "The file is empty." },
    why: UNREADABLE_WHY,
  },
  "workbook.too_large": {
    severity: "error",
    what: { zh: "文件大于上传上限。", en: "The file is larger than the upload limit." },
    why: BOUND_WHY,
  },
  "workbook.not_a_workbook": {
    severity: "error",
    what: {
      zh: "文件不是 Excel 工作簿（是文本、网页、PDF、Word、图片等）。",
      en: "The file is not an Excel workbook (it is text, a web page, a PDF, a Word file, a picture…).",
    },
    why: UNREADABLE_WHY,
  },
  "workbook.not_spreadsheet_zip": {
    severity: "error",
    what: {
      zh: "文件是压缩包，但不是 .xlsx 工作簿（如 .docx、.ods、.xlsb 或普通压缩包）。",
      en: "The file is a zip, but not an .xlsx workbook (a .docx, .ods, .xlsb or a plain archive).",
    },
    why: UNREADABLE_WHY,
  },
  "workbook.zip_corrupt": {
    severity: "error",
    what: { zh: "文件已损坏或不完整。", en: "The file is damaged or incomplete." },
    why: UNREADABLE_WHY,
  },
  "workbook.zip_bomb": {
    severity: "error",
    what: {
      zh: "文件解压后远大于上限（压缩炸弹或塞满数据的工作簿）。",
      en: "The file unpacks to far more than the limit (a zip bomb, or a workbook stuffed with data).",
    },
    why: BOUND_WHY,
  },
  "workbook.unsupported_zip": {
    severity: "error",
    what: {
      zh: "文件使用了 Excel 不会生成的压缩格式（ZIP64、分卷、加密压缩）。",
      en: "The file uses a zip format Excel never writes (ZIP64, split, encrypted entries).",
    },
    why: UNREADABLE_WHY,
  },
  "workbook.too_many_entries": {
    severity: "error",
    what: { zh: "工作簿内部的部件过多。", en: "The workbook holds too many internal parts." },
    why: BOUND_WHY,
  },
  "workbook.too_many_sheets": {
    severity: "error",
    what: { zh: "工作表数量超过上限。", en: "The workbook has more sheets than the limit." },
    why: BOUND_WHY,
  },
  "workbook.too_many_merges": {
    severity: "error",
    what: { zh: "一个工作表的合并单元格超过上限。", en: "A sheet has more merged ranges than the limit." },
    why: BOUND_WHY,
  },
  "workbook.hyperlink_range": {
    severity: "error",
    what: {
      zh: "超链接覆盖的区域过大。",
      en: "Hyperlinks cover far too large a range of cells.",
    },
    why: BOUND_WHY,
  },
  "workbook.too_many_array_formulas": {
    severity: "error",
    what: { zh: "一个工作表的数组公式过多。", en: "A sheet has too many array formulas." },
    why: BOUND_WHY,
  },
  "workbook.too_many_comments": {
    severity: "error",
    what: { zh: "批注过多。", en: "There are too many comments." },
    why: BOUND_WHY,
  },
  "workbook.chart_range": {
    severity: "error",
    what: { zh: "图表的数据点编号异常。", en: "A chart caches points at absurd indexes." },
    why: BOUND_WHY,
  },
  "workbook.no_sheets": {
    severity: "error",
    what: { zh: "工作簿中没有工作表。", en: "The workbook has no sheets." },
    why: UNREADABLE_WHY,
  },
  "workbook.encrypted": {
    severity: "error",
    what: { zh: "文件设置了打开密码。", en: "The file is protected by a password to open." },
    why: UNREADABLE_WHY,
  },
  "workbook.xls_corrupt": {
    severity: "error",
    what: { zh: ".xls 文件结构损坏或异常。", en: "The .xls file's structure is damaged or crafted." },
    why: UNREADABLE_WHY,
  },
  "workbook.too_many_cells": {
    severity: "error",
    what: { zh: "工作簿的单元格数超过上限。", en: "The workbook has more cells than the limit." },
    why: BOUND_WHY,
  },
  "workbook.unreadable": {
    severity: "error",
    what: {
      zh: "文件通过了检查，但仍无法读取。",
      en: "The file passed the checks but still cannot be read.",
    },
    why: UNREADABLE_WHY,
  },

  // ── where the upload was put ─────────────────────────────────────────────────────────────────
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

  // ── the tables: found, complete, filled ──────────────────────────────────────────────────────
  "table.missing": {
    severity: "error",
    specRule: 5,
    what: { zh: "找不到一张统计表。", en: "A statistical table was not found." },
    why: SHAPE_WHY,
  },
  "table.duplicate": {
    severity: "error",
    specRule: 5,
    what: {
      zh: "同一张表出现了不止一份，无法判断哪一份是本年的。",
      en: "A table appears more than once, and which copy is this year's cannot be told.",
    },
    why: {
      zh: "猜错一份就会发布去年的或草稿的数字。",
      en: "Guessing wrong would publish last year's or a draft's numbers.",
    },
  },
  "table.row_missing": {
    severity: "error",
    specRule: 5,
    what: { zh: "表中缺少国家格式的一行。", en: "A row of the national format is missing." },
    why: SHAPE_WHY,
  },
  "table.column_missing": {
    severity: "error",
    specRule: 5,
    what: { zh: "表中缺少国家格式的一列。", en: "A column of the national format is missing." },
    why: SHAPE_WHY,
  },
  "table.row_duplicate": {
    severity: "error",
    specRule: 5,
    what: { zh: "同一行出现了不止一次。", en: "A row appears more than once." },
    why: SHAPE_WHY,
  },
  "table.blank": {
    severity: "error",
    specRule: 6,
    what: { zh: "整张表的数字单元格都是空白。", en: "Every number cell of a table is blank." },
    why: {
      zh: "发布空白模板是真实发生过的错误；没有发生的事项应填 0。",
      en: "Published blank templates are a real failure; a department with nothing to report writes 0.",
    },
  },
  "format.year_mismatch": {
    severity: "error",
    specRule: 7,
    what: {
      zh: "表格的格式与报告年度不符（2019 年版用于 2019–2020 年，2021 年版用于 2021 年起）。",
      en: "The tables' format does not fit the report year (2019 format for 2019–2020, 2021 format from 2021).",
    },
    why: {
      zh: "两版格式的行列含义不同，用错格式的数字无法按本年的代码发布。",
      en: "The formats' rows and columns mean different things; numbers in the wrong format cannot be published under this year's codes.",
    },
  },
  // ── values of their kind ─────────────────────────────────────────────────────────────────────
  "value.not_a_number": {
    severity: "error",
    specRule: 5,
    what: {
      zh: "数字单元格里不是数字（如“约20”“十四”）。",
      en: "A number cell holds no number (`约20`, `十四`).",
    },
    why: VALUE_WHY,
  },
  "value.not_whole": {
    severity: "error",
    specRule: 5,
    what: { zh: "件数不是整数。", en: "A count is not a whole number." },
    why: VALUE_WHY,
  },
  "value.negative": {
    severity: "error",
    specRule: 5,
    what: { zh: "件数或金额为负数。", en: "A count or amount is negative." },
    why: VALUE_WHY,
  },
  "value.too_precise": {
    severity: "error",
    specRule: 5,
    what: {
      zh: "金额超过 6 位小数（以万元计，精确到分）。",
      en: "An amount has more than 6 decimals (万元, to the 分).",
    },
    why: VALUE_WHY,
  },
  "value.too_large": {
    severity: "error",
    specRule: 5,
    what: { zh: "数字大得不合常理。", en: "A number is implausibly large." },
    why: {
      zh: "十亿件申请只可能是打字错误或恶意文件，而且超出精确运算的范围。",
      en: "A billion requests can only be a typo or a hostile file, and is beyond exact arithmetic.",
    },
  },
  "value.formula_error": {
    severity: "error",
    specRule: 5,
    what: {
      zh: "公式计算出错（#REF!、#DIV/0! 等）。",
      en: "A formula evaluates to an error (#REF!, #DIV/0!…).",
    },
    why: VALUE_WHY,
  },
  "value.formula_uncached": {
    severity: "error",
    specRule: 5,
    what: {
      zh: "公式没有保存计算结果。",
      en: "A formula was saved without its computed value.",
    },
    why: VALUE_WHY,
  },
  "value.unit_from_header": {
    severity: "warning",
    what: {
      zh: "金额按表头写明的单位（元、亿元）换算成了万元。",
      en: "An amount was converted to 万元 by the unit its column header names (元, 亿元).",
    },
    why: {
      zh: "若单元格实际填的是万元，换算会差一万倍；请确认。",
      en: "If the clerk typed 万元 under a 元 header, the conversion is 10,000× off; check it.",
    },
  },

  // ── the arithmetic of the format ─────────────────────────────────────────────────────────────
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

  // ── against last year's published report ─────────────────────────────────────────────────────
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

  // ── what the workbook says of itself ─────────────────────────────────────────────────────────
  "metadata.year_mismatch": {
    severity: "warning",
    specRule: 11,
    what: {
      zh: "工作簿标题写的年份与上传的年份不同。",
      en: "The year in the workbook's title differs from the upload's year.",
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
      zh: "工作簿标题中的单位与上传单位不同。",
      en: "The department in the workbook's title differs from the uploading department.",
    },
    why: {
      zh: "可能传了其他单位的报告。",
      en: "Another department's report may have been uploaded.",
    },
  },

  // ── the command line ─────────────────────────────────────────────────────────────────────────
  "cli.usage": {
    severity: "error",
    what: { zh: "命令的参数不对。", en: "The command's arguments are wrong." },
    why: { zh: "没有正确的参数就无法执行。", en: "Without the right arguments nothing can be done." },
  },
  "cli.file_not_found": {
    severity: "error",
    what: { zh: "找不到或读不了给出的文件。", en: "The file given cannot be found or read." },
    why: { zh: "没有文件就无从校验。", en: "Without the file there is nothing to check." },
  },
  "cli.not_a_file": {
    severity: "error",
    what: { zh: "给出的路径不是文件（如文件夹）。", en: "The path given is not a file (a folder, say)." },
    why: { zh: "只能校验一个工作簿文件。", en: "Only a workbook file can be checked." },
  },
} as const satisfies Record<string, CodeEntry>;

export type FindingCode = keyof typeof FINDING_CODES;

/** Every code, in catalogue order. */
export const ALL_FINDING_CODES = Object.keys(FINDING_CODES) as [FindingCode, ...FindingCode[]];

export function codeEntry(code: FindingCode): CodeEntry {
  return FINDING_CODES[code];
}
