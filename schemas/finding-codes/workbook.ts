import { BOUND_WHY, type CodeEntry, UNREADABLE_WHY } from "./entry";

/** The file as a whole: what the container guard and the reader refuse. */
export const WORKBOOK_CODES = {
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
} as const satisfies Record<string, CodeEntry>;
