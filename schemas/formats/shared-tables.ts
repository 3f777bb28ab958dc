import type { ColumnSpec, RowSpec, TableSpec } from "./types";

/** Sections 三 and 四 are the same in both formats but for the (六) 其他处理 rows. */

/** Section 二's place and title, the same in both formats (its rows and columns differ). */
export const proactiveHeading = {
  code: "proactive",
  section: "二",
  title: { zh: "二、主动公开政府信息情况", en: "II. Information published proactively" },
  sheetName: "二、主动公开",
} as const;

const applicantColumns: readonly ColumnSpec[] = [
  { code: "natural_person", label: "自然人", en: "natural persons", kind: "count" },
  { code: "commercial", label: "商业企业", en: "commercial enterprises", kind: "count" },
  { code: "research", label: "科研机构", en: "research institutions", kind: "count" },
  { code: "nonprofit", label: "社会公益组织", en: "non-profit organisations", kind: "count" },
  { code: "legal_services", label: "法律服务机构", en: "legal service providers", kind: "count" },
  { code: "other_org", label: "其他", en: "other organisations", kind: "count" },
];

const RESULTS = "三、本年度办理结果";
const WITHHELD = "（三）不予公开";
const UNAVAILABLE = "（四）无法提供";
const NOT_PROCESSED = "（五）不予处理";
const OTHER = "（六）其他处理";

/** The headings of section 三's rows in English. */
const resultHeadings = [
  { label: RESULTS, en: "III. results of this year" },
  { label: WITHHELD, en: "(3) withheld" },
  { label: UNAVAILABLE, en: "(4) cannot be provided" },
  { label: NOT_PROCESSED, en: "(5) not processed" },
  { label: OTHER, en: "(6) other handling" },
];

const leadingRows: readonly RowSpec[] = [
  { code: "received", label: "一、本年新收政府信息公开申请数量", en: "I. new requests received this year" },
  {
    code: "carried_over",
    label: "二、上年结转政府信息公开申请数量",
    en: "II. requests carried over from last year",
  },
  { code: "disclosed", label: "（一）予以公开", en: "(1) disclosed", parents: [RESULTS] },
  {
    code: "partially_disclosed",
    label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    aliases: ["部分公开"],
    en: "(2) partially disclosed",
    parents: [RESULTS],
  },
  {
    code: "withheld.state_secret",
    label: "1.属于国家秘密",
    en: "(3)1 withheld: state secret",
    parents: [RESULTS, WITHHELD],
  },
  {
    code: "withheld.prohibited_by_law",
    label: "2.其他法律行政法规禁止公开",
    en: "(3)2 withheld: prohibited by other laws",
    parents: [RESULTS, WITHHELD],
  },
  {
    code: "withheld.security_stability",
    label: "3.危及“三安全一稳定”",
    aliases: ["危及三安全一稳定"],
    en: "(3)3 withheld: endangers security or stability",
    parents: [RESULTS, WITHHELD],
  },
  {
    code: "withheld.third_party_rights",
    label: "4.保护第三方合法权益",
    en: "(3)4 withheld: third-party rights",
    parents: [RESULTS, WITHHELD],
  },
  {
    code: "withheld.internal_affairs",
    label: "5.属于三类内部事务信息",
    en: "(3)5 withheld: internal affairs",
    parents: [RESULTS, WITHHELD],
  },
  {
    code: "withheld.process_information",
    label: "6.属于四类过程性信息",
    en: "(3)6 withheld: process information",
    parents: [RESULTS, WITHHELD],
  },
  {
    code: "withheld.enforcement_files",
    label: "7.属于行政执法案卷",
    en: "(3)7 withheld: enforcement files",
    parents: [RESULTS, WITHHELD],
  },
  {
    code: "withheld.query_matters",
    label: "8.属于行政查询事项",
    en: "(3)8 withheld: administrative query matters",
    parents: [RESULTS, WITHHELD],
  },
  {
    code: "unavailable.not_held",
    label: "1.本机关不掌握相关政府信息",
    en: "(4)1 unavailable: not held by this agency",
    parents: [RESULTS, UNAVAILABLE],
  },
  {
    code: "unavailable.needs_creation",
    label: "2.没有现成信息需要另行制作",
    en: "(4)2 unavailable: would need to be created",
    parents: [RESULTS, UNAVAILABLE],
  },
  {
    code: "unavailable.unclear_after_correction",
    label: "3.补正后申请内容仍不明确",
    en: "(4)3 unavailable: still unclear after correction",
    parents: [RESULTS, UNAVAILABLE],
  },
  {
    code: "not_processed.complaint",
    label: "1.信访举报投诉类申请",
    en: "(5)1 not processed: petitions and complaints",
    parents: [RESULTS, NOT_PROCESSED],
  },
  {
    code: "not_processed.repeated",
    label: "2.重复申请",
    en: "(5)2 not processed: repeated",
    parents: [RESULTS, NOT_PROCESSED],
  },
  {
    code: "not_processed.publication",
    label: "3.要求提供公开出版物",
    en: "(5)3 not processed: asks for publications",
    parents: [RESULTS, NOT_PROCESSED],
  },
  {
    code: "not_processed.excessive",
    label: "4.无正当理由大量反复申请",
    en: "(5)4 not processed: excessive without reason",
    parents: [RESULTS, NOT_PROCESSED],
  },
  {
    code: "not_processed.confirmation",
    label: "5.要求行政机关确认或重新出具已获取信息",
    en: "(5)5 not processed: asks to confirm or reissue",
    parents: [RESULTS, NOT_PROCESSED],
  },
];

const trailingRows: readonly RowSpec[] = [
  { code: "results_total", label: "（七）总计", en: "(7) results total", parents: [RESULTS] },
  { code: "carried_forward", label: "四、结转下年度继续办理", en: "IV. carried forward to next year" },
];

/** 2019 format: (六) 其他处理 is a single row. */
export const otherHandlingSingleRow: readonly RowSpec[] = [
  { code: "other", label: "（六）其他处理", en: "(6) other handling", parents: [RESULTS] },
];

/** 2021 format: (六) 其他处理 has three rows. */
export const otherHandlingThreeRows: readonly RowSpec[] = [
  {
    code: "other.overdue_correction",
    label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    aliases: ["申请人无正当理由逾期不补正"],
    en: "(6)1 other: applicant did not correct in time",
    parents: [RESULTS, OTHER],
  },
  {
    code: "other.overdue_fee",
    label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    aliases: ["申请人逾期未按收费通知要求缴纳费用"],
    en: "(6)2 other: applicant did not pay the fee in time",
    parents: [RESULTS, OTHER],
  },
  { code: "other.other", label: "3.其他", en: "(6)3 other: other", parents: [RESULTS, OTHER] },
];

const APPLICANTS = "申请人情况";
const ORGANISATIONS: { label: string; en: string } = {
  label: "法人或其他组织",
  en: "legal persons and other organisations",
};

/**
 * Section 三 with its result rows: the national rows with the given (六) 其他处理 rows in their place.
 * Its arithmetic: every row's 总计 is the sum of the six applicant columns, every column's (七)总计 the
 * sum of the result rows, and the format's own note 第一项加第二项之和，等于第三项加第四项之和.
 */
export function applicationsTable(otherHandling: readonly RowSpec[]): TableSpec {
  const rows = [...leadingRows, ...otherHandling, ...trailingRows];
  const resultRows = rows
    .filter((row) => row.parents?.[0] === RESULTS && row.code !== "results_total")
    .map((row) => row.code);
  const applicantCodes = applicantColumns.map((column) => column.code);
  return {
    code: "applications",
    section: "三",
    title: {
      zh: "三、收到和处理政府信息公开申请情况",
      en: "III. Requests for government information received and handled",
    },
    sheetName: "三、依申请公开",
    columns: [...applicantColumns, { code: "total", label: "总计", en: "total", kind: "count" }],
    rows,
    headings: resultHeadings,
    columnGroups: [{ ...ORGANISATIONS, columns: applicantCodes.filter((code) => code !== "natural_person") }],
    layout: {
      kind: "row_labels",
      anchor: "commercial",
      lastRow: "carried_forward",
      endsBefore: ["行政复议", "行政诉讼"],
      header: APPLICANTS,
      corner: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    },
    relations: [
      {
        rule: "applications.row_total",
        along: "row",
        left: ["total"],
        relation: "=",
        right: applicantCodes,
        at: "total",
        rightName: { zh: "各类申请人之和", en: "the sum of the six applicant columns" },
      },
      {
        rule: "applications.results_total",
        along: "column",
        left: ["results_total"],
        relation: "=",
        right: resultRows,
        at: "results_total",
        rightName: { zh: "各项办理结果之和", en: "the sum of the result rows" },
      },
      {
        rule: "applications.balance",
        along: "column",
        left: ["received", "carried_over"],
        relation: "=",
        right: ["results_total", "carried_forward"],
        at: "carried_forward",
      },
    ],
    crossYear: [
      {
        rule: "cross_year.carried_over",
        along: "column",
        target: "carried_over",
        terms: [{ code: "carried_forward", year: "previous" }],
        sameFormat: false,
      },
    ],
  };
}

const appealColumns = ["upheld", "corrected", "other", "pending"];

/** Section 四, the same in both formats. */
export const appealsTable: TableSpec = {
  code: "appeals",
  section: "四",
  title: {
    zh: "四、政府信息公开行政复议、行政诉讼情况",
    en: "IV. Administrative reconsideration and litigation over disclosure",
  },
  sheetName: "四、复议诉讼",
  columns: [
    { code: "upheld", label: "结果维持", en: "upheld", kind: "count" },
    { code: "corrected", label: "结果纠正", en: "corrected", kind: "count" },
    { code: "other", label: "其他结果", en: "other outcome", kind: "count" },
    { code: "pending", label: "尚未审结", en: "pending", kind: "count" },
    { code: "total", label: "总计", en: "total", kind: "count" },
  ],
  rows: [
    {
      code: "reconsideration",
      label: "行政复议",
      aliases: ["行政法复议"],
      en: "administrative reconsideration",
    },
    { code: "litigation_direct", label: "未经复议直接起诉", en: "lawsuits filed directly" },
    { code: "litigation_after_reconsideration", label: "复议后起诉", en: "lawsuits after reconsideration" },
  ],
  rowGroups: [
    { label: "行政诉讼", en: "litigation", rows: ["litigation_direct", "litigation_after_reconsideration"] },
  ],
  layout: { kind: "column_blocks" },
  relations: [
    {
      rule: "appeals.row_total",
      along: "row",
      left: ["total"],
      relation: "=",
      right: appealColumns,
      at: "total",
      rightName: {
        zh: "结果维持、结果纠正、其他结果、尚未审结之和",
        en: "upheld + corrected + other + pending",
      },
    },
  ],
  crossYear: [],
};

/** The headline numbers and the summary's shares: the same cells in both formats. */
export const nationalHeadline = {
  applicationsReceived: { cells: [{ table: "applications", row: "received", column: "total" }] },
  resultsTotal: { cells: [{ table: "applications", row: "results_total", column: "total" }] },
  disclosed: { cells: [{ table: "applications", row: "disclosed", column: "total" }] },
  partiallyDisclosed: { cells: [{ table: "applications", row: "partially_disclosed", column: "total" }] },
  reconsiderations: { cells: [{ table: "appeals", row: "reconsideration", column: "total" }] },
  lawsuits: {
    cells: [
      { table: "appeals", row: "litigation_direct", column: "total" },
      { table: "appeals", row: "litigation_after_reconsideration", column: "total" },
    ],
  },
} as const;

/** The summary's shares over the result rows of a section 三 (grouped by their code's family). */
export function nationalRates(applications: TableSpec) {
  const family = (name: string) =>
    applications.rows.map((row) => row.code).filter((code) => code === name || code.startsWith(`${name}.`));
  return {
    requests: {
      table: "applications",
      column: "total",
      whole: "results_total",
      shares: {
        disclosed: family("disclosed"),
        partially_disclosed: family("partially_disclosed"),
        withheld: family("withheld"),
        unavailable: family("unavailable"),
        not_processed: family("not_processed"),
        other: family("other"),
      },
    },
    appeals: {
      table: "appeals",
      whole: "total",
      outcomes: { upheld: "upheld", corrected: "corrected", other: "other", pending: "pending" },
      groups: {
        reconsideration: ["reconsideration"],
        litigation: ["litigation_direct", "litigation_after_reconsideration"],
      },
    },
  } as const;
}
