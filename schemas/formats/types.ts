/**
 * The vocabulary every format description is written in. A format is data: the parser, the validator,
 * the template writer, the zod schemas and the docs all read the same description.
 */

/** The three statistical tables of the annual report (sections 二, 三, 四). */
export type TableCode = "proactive" | "applications" | "appeals";
export const TABLE_CODES: readonly TableCode[] = ["proactive", "applications", "appeals"];

export type FormatId = "2019" | "2021";

/** How a cell's text becomes a number (see the spec's "Values"). */
export type ValueKind =
  /** whole number ≥ 0 */
  | "count"
  /** whole number, may be negative (`-18`, `+1036`, `减4`, `增3`) */
  | "signed_count"
  /** 万元, ≥ 0, up to 6 decimals, summed exactly */
  | "amount";

export interface Bilingual {
  zh: string;
  en: string;
}

export interface ColumnSpec {
  code: string;
  /** The label as the national format prints it. */
  label: string;
  /** Other spellings real sheets use; matched like `label`. */
  aliases?: readonly string[];
  en: string;
  kind: ValueKind;
}

export interface RowSpec {
  code: string;
  /** The row's own label as printed, with its enumerator (`1.属于国家秘密`). */
  label: string;
  aliases?: readonly string[];
  en: string;
  /**
   * Headings the row stands under, outermost first (`三、本年度办理结果`, `（三）不予公开`). Printed in the
   * template and used to tell apart rows whose own label is short (`3.其他`).
   */
  parents?: readonly string[];
  /** The codes of the columns this row has (proactive rows differ); every column when absent. */
  columns?: readonly string[];
}

/** A group of proactive rows under one heading (第二十条第（一）项) and its own header row. */
export interface ProactiveGroup {
  heading: string;
  columns: readonly string[];
  rows: readonly string[];
}

/** "total = sum of parts", along a row (over columns) or down a column (over rows). */
export interface SumRule {
  rule: string;
  /** `row`: for every row, column `total` = sum of columns `parts`. `column`: for every column, row `total` = sum of rows `parts`. */
  along: "row" | "column";
  total: string;
  parts: readonly string[];
  /** Zh/en name of the total, and of what it sums, for messages. */
  totalName: Bilingual;
  partsName: Bilingual;
}

export interface TableSpec {
  code: TableCode;
  section: "二" | "三" | "四";
  title: Bilingual;
  /** Alternative title spellings, used to name sheets and find the section. */
  columns: readonly ColumnSpec[];
  rows: readonly RowSpec[];
  sums: readonly SumRule[];
}

export interface ProactiveTableSpec extends TableSpec {
  code: "proactive";
  groups: readonly ProactiveGroup[];
}

export interface ApplicationsTableSpec extends TableSpec {
  code: "applications";
  /** The six applicant columns; `total` is their sum. */
  applicantColumns: readonly string[];
  /** The leaf result rows, `disclosed` … last `other…`. */
  resultRows: readonly string[];
}

export interface AppealsTableSpec extends TableSpec {
  code: "appeals";
  /** Group header over the rows as the national format prints it side by side (行政诉讼 over the two litigation rows). */
  litigationHeading: string;
}

export interface FormatSpec {
  id: FormatId;
  name: Bilingual;
  /** The circular that fixed the format. */
  source: string;
  /** Report years the format is for (inclusive); `to` open-ended when absent. */
  years: { from: number; to?: number };
  /** A proactive column label that only this format has: how a sheet's format is told. */
  marker: string;
  tables: {
    proactive: ProactiveTableSpec;
    applications: ApplicationsTableSpec;
    appeals: AppealsTableSpec;
  };
}
