import { BOUND_WHY, type CodeEntry, UNREADABLE_WHY } from "./entry";

/** A report written as a document (a Word `.docx`, a published web page): what its readers refuse. */
export const DOCUMENT_CODES = {
  "document.unreadable": {
    severity: "error",
    what: {
      zh: "Word 文档或网页已损坏、格式异常或无法解码。",
      en: "The Word document or web page is damaged, malformed or cannot be decoded.",
    },
    why: UNREADABLE_WHY,
  },
  "document.too_large": {
    severity: "error",
    what: {
      zh: "文档解压后或网页的内容大于上限（压缩炸弹，或几兆字节的标记）。",
      en: "The document unpacks to, or the page's markup is, more than the limit (a zip bomb, megabytes of markup).",
    },
    why: BOUND_WHY,
  },
  "document.too_many_cells": {
    severity: "error",
    what: {
      zh: "文档中的表格单元格数量超过上限。",
      en: "The document's tables have more cells than the limit.",
    },
    why: BOUND_WHY,
  },
  "document.too_deeply_nested": {
    severity: "error",
    what: {
      zh: "文档中表格套表格或内容嵌套的层数超过上限。",
      en: "The document nests tables in tables, or content in content, deeper than the limit.",
    },
    why: BOUND_WHY,
  },
  "document.too_many_elements": {
    severity: "error",
    what: {
      zh: "文档的元素、节点或表格数量超过上限。",
      en: "The document has more elements, nodes or tables than the limit.",
    },
    why: BOUND_WHY,
  },
  "document.no_tables": {
    severity: "error",
    what: {
      zh: "文档中没有表格（统计表是图片或文字排版）。",
      en: "The document has no tables (the statistics are a picture, or text laid out by hand).",
    },
    why: {
      zh: "只有表格中的数字才能按行列归位并逐项核对；图片和文字排版无法准确读取。",
      en: "Only numbers in a table can be put under their rows and columns and checked; a picture or hand-spaced text cannot be read exactly.",
    },
  },
} as const satisfies Record<string, CodeEntry>;
