import { type CodeEntry, SHAPE_WHY } from "./entry";

/** The tables: found, complete, filled, of the right format. */
export const TABLE_SHAPE_CODES = {
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
  "table.column_duplicate": {
    severity: "error",
    specRule: 5,
    what: {
      zh: "同一列的表头出现了不止一次（如两列「总计」）。",
      en: "A column's header appears more than once (two 总计 columns).",
    },
    why: {
      zh: "读哪一列都可能是错的：多出的一列常是辅助列或隐藏的旧数据，读错就会发布看不见的数字。",
      en: "Either copy may be the wrong one: the extra column is often a helper or stale hidden data, and reading it would publish numbers nobody sees.",
    },
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
} as const satisfies Record<string, CodeEntry>;
