import type { FindingCode } from "../finding-codes";

/**
 * The vocabulary every format description is written in. A format is data — tables, rows, columns,
 * codes, labels, how each table is laid out and found, and the arithmetic that holds between its cells —
 * and the parser, the validator, the diagnosis, the template writer, the zod schemas, the feed and the
 * docs all read the same description. Nothing outside `schemas/formats/` names a table, row or column
 * code: adding a format is adding a description, not a branch.
 */

/** The three statistical tables of the annual report (sections 二, 三, 四), as every format has them. */
export const TABLE_CODES = ["proactive", "applications", "appeals"] as const;
export type TableCode = (typeof TABLE_CODES)[number];

/** A format's id: the year its circular was issued (`2019`, `2021`). */
export type FormatId = string;

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

/** A heading over several columns (`法人或其他组织` over the five organisation columns). */
export interface ColumnGroup {
  label: string;
  en: string;
  columns: readonly string[];
}

/** A heading over several rows laid out as blocks side by side (`行政诉讼` over its two rows). */
export interface RowGroup {
  label: string;
  en: string;
  rows: readonly string[];
}

/** A group of rows under one heading (第二十条第（一）项) with its own header row of column labels. */
export interface RowBlock {
  heading: string;
  /** The heading in English, for readers of the feed's format documents. */
  headingEn?: string;
  columns: readonly string[];
  rows: readonly string[];
}

/**
 * How a table is laid out, so that it can be found by its labels wherever a department put it, and
 * written as the national form prints it. Three shapes cover the national tables:
 */
export type TableLayout =
  /**
   * Blocks of rows, each under its own heading and header row of column labels (section 二). Found by
   * its header rows, each row label then matched under the nearest header above that has its columns.
   */
  | {
      kind: "row_blocks";
      /** The label over the row labels in each header row (`信息内容`). */
      labelHeader: string;
      blocks: readonly RowBlock[];
    }
  /**
   * One header over the columns, one row per row code below it, labels in the columns to the left
   * (section 三). Found by its anchor column's header; the anchor's column group (`columnGroups`) sits
   * beside it on the same header row or merged over it, in any order; columns before the group stand to
   * its left, columns after it to its right (the nearest such header).
   */
  | {
      kind: "row_labels";
      /** The column whose header anchors the table (`商业企业`: no other table has it). */
      anchor: string;
      /** Rows are read down to this one (inclusive). */
      lastRow: string;
      /** Labels that start what follows the table (the next table's): reading stops at them. */
      endsBefore: readonly string[];
      /** The heading over the whole column header (`申请人情况`). */
      header?: string;
      /** Text of the top-left corner cell (the table's own note on its arithmetic). */
      corner?: string;
    }
  /**
   * Each row a block of the same columns, the blocks side by side under their row labels (section 四's
   * national layout, one line of 15 numbers), or stacked with the row labels to the left. Found by the
   * header of its first column.
   */
  | { kind: "column_blocks" };

/**
 * A linear relation between the cells of one table, checked for every line: `along: "row"` for every row
 * that has all the columns named (the terms are column codes), `along: "column"` for every column (the
 * terms are row codes). `sum(left) relation sum(right)`, over exact integers (amounts in 分). The hard
 * relations (severity error in the catalogue) are what the diagnosis repairs.
 */
export interface Relation {
  rule: FindingCode;
  along: "row" | "column";
  left: readonly string[];
  relation: "=" | "<=" | ">=";
  /** Empty: the right side is 0. */
  right: readonly string[];
  /** The term whose cell a finding names: the one the others determine. */
  at: string;
  /** What the right side is, in a clerk's words (`各类申请人之和`), for messages. */
  rightName?: Bilingual;
}

/** A term of a cross-year relation: this year's or last year's cell, added or subtracted. */
export interface CrossYearTerm {
  code: string;
  year: "previous" | "current";
  sign?: 1 | -1;
}

/**
 * A relation between this year's report and last year's published one (warnings: real reports do not
 * always meet them). This year's `target` = the sum of the terms, for every line as in `Relation`.
 */
export interface CrossYearRelation {
  rule: FindingCode;
  along: "row" | "column";
  target: string;
  terms: readonly CrossYearTerm[];
  /** Only when last year's report is in this same format (otherwise its codes mean other things). */
  sameFormat: boolean;
  /** Why it may not hold exactly, said in the message. */
  caveat?: Bilingual;
}

export interface TableSpec {
  code: TableCode;
  section: string;
  title: Bilingual;
  /** The sheet the template puts the table on. */
  sheetName: string;
  columns: readonly ColumnSpec[];
  rows: readonly RowSpec[];
  columnGroups?: readonly ColumnGroup[];
  rowGroups?: readonly RowGroup[];
  layout: TableLayout;
  relations: readonly Relation[];
  crossYear: readonly CrossYearRelation[];
  /** The rows' headings (`parents`) in English, for readers of the feed's format documents. */
  headings?: readonly { label: string; en: string }[];
}

/** One headline number of a report: the sum of some cells (`lawsuits`: two rows' totals). */
export interface HeadlineSource {
  cells: readonly { table: TableCode; row: string; column: string }[];
}

/** How the summary's shares are computed from a format's cells (the feed's `rates`, whose shape is fixed). */
export interface SummaryRates {
  /** Requests by how they ended: the share of each group's rows over the `whole` row, in `column`. */
  requests: {
    table: TableCode;
    column: string;
    whole: string;
    shares: Readonly<
      Record<
        "disclosed" | "partially_disclosed" | "withheld" | "unavailable" | "not_processed" | "other",
        readonly string[]
      >
    >;
  };
  /** Appeals by outcome: each outcome column over `whole`, summed over the rows of each group. */
  appeals: {
    table: TableCode;
    whole: string;
    outcomes: Readonly<Record<"upheld" | "corrected" | "other" | "pending", string>>;
    groups: Readonly<Record<"reconsideration" | "litigation", readonly string[]>>;
  };
}

export interface FormatSpec {
  id: FormatId;
  name: Bilingual;
  /** The circular that fixed the format. */
  source: string;
  /** Report years the format is for (inclusive); `to` open-ended when absent. */
  years: { from: number; to?: number };
  /** A column label that only this format has, and its table: how a sheet's format is told. */
  marker: { table: TableCode; label: string };
  tables: Readonly<Record<TableCode, TableSpec>>;
  /** Which cells make the feed's headline numbers (applications received, …). */
  headline: Readonly<
    Record<
      | "applicationsReceived"
      | "resultsTotal"
      | "disclosed"
      | "partiallyDisclosed"
      | "reconsiderations"
      | "lawsuits",
      HeadlineSource
    >
  >;
  rates: SummaryRates;
  /** How the format's cells carry on from the format before it, so a series can be drawn across the change. */
  succeeds?: Succession;
}

/**
 * Which cells of two consecutive formats mean the same thing. In a comparable table a cell code both
 * formats have is the same quantity; a row the earlier format has once and the later one splits is the
 * sum of the later rows. Tables not listed are not comparable (their codes mean other things).
 */
export interface Succession {
  format: FormatId;
  comparable: readonly TableCode[];
  /** Rows of the earlier format that are the sum of rows of this one, column by column. */
  splitRows?: readonly { table: TableCode; earlier: string; later: readonly string[] }[];
}
