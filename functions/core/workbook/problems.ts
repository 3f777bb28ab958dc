import type { Finding } from "../../../schemas/finding";
import type { LooksLike, WorkbookProblem } from "./container";

export type { WorkbookProblem } from "./container";

/**
 * A refused file as a finding a clerk can act on: what is wrong with the file, in their words, and
 * what to do — never a stack trace.
 */

const LOOKS_LIKE: Record<LooksLike, { zh: string; en: string }> = {
  csv: { zh: "CSV 文本文件", en: "a CSV text file" },
  text: { zh: "文本文件", en: "a text file" },
  html: { zh: "网页（HTML）文件", en: "a web page (HTML)" },
  xml: { zh: "XML 文件", en: "an XML file" },
  xml_spreadsheet: { zh: "Excel 2003 XML 表格", en: "an Excel 2003 XML spreadsheet" },
  pdf: { zh: "PDF 文件", en: "a PDF file" },
  word: { zh: "Word 文档", en: "a Word document" },
  presentation: { zh: "演示文稿", en: "a presentation" },
  ofd: { zh: "OFD 版式文件", en: "an OFD document" },
  opendocument: { zh: "OpenDocument 文件", en: "an OpenDocument file" },
  xlsb: { zh: "Excel 二进制工作簿（.xlsb）", en: "an Excel binary workbook (.xlsb)" },
  numbers: { zh: "Numbers 表格", en: "a Numbers spreadsheet" },
  old_excel: { zh: "很旧的 Excel 格式", en: "a very old Excel format" },
  image: { zh: "图片", en: "an image" },
  archive: { zh: "压缩包", en: "an archive" },
  unknown: { zh: "无法识别的文件", en: "an unrecognised file" },
};

const SAVE_AS = {
  zh: "请在 Excel 或 WPS 中打开后“另存为” .xlsx 格式再上传。",
  en: "Open it in Excel or WPS, use Save As .xlsx and upload again.",
};

const mb = (bytes: number | undefined) => (bytes === undefined ? "?" : (bytes / 1024 / 1024).toFixed(0));

function message(problem: WorkbookProblem): { zh: string; en: string } {
  const like = LOOKS_LIKE[problem.looksLike ?? "unknown"];
  switch (problem.code) {
    case "empty":
      return { zh: `上传的文件是空的。${SAVE_AS.zh}`, en: `The uploaded file is empty. ${SAVE_AS.en}` };
    case "too_large":
      if (problem.detail.includes("cells")) {
        return {
          zh: `工作簿的单元格太多（超过 ${problem.limit} 个）。请新建一个工作簿，只复制三张统计表，另存为 .xlsx 后上传。`,
          en: `The workbook has too many cells (over ${problem.limit}). Copy only the three tables into a new workbook, save it as .xlsx and upload that.`,
        };
      }
      return {
        zh: `文件太大，上限为 ${mb(problem.limit)} MB。统计表通常只有几十 KB：请删除图片和无关的工作表后另存再上传。`,
        en: `The file is too large; the limit is ${mb(problem.limit)} MB. The tables are usually a few dozen KB: remove pictures and unrelated sheets, save and upload again.`,
      };
    case "not_a_workbook":
    case "not_spreadsheet_zip":
      return {
        zh: `上传的文件不是 Excel 工作簿（看起来是${like.zh}）。${SAVE_AS.zh}`,
        en: `The uploaded file is not an Excel workbook (it looks like ${like.en}). ${SAVE_AS.en}`,
      };
    case "zip_corrupt":
    case "xls_corrupt":
    case "unreadable":
      return {
        zh: `文件已损坏或不完整，无法读取（可能上传中断）。请在 Excel 或 WPS 中确认能正常打开，另存为 .xlsx 后重新上传。`,
        en: `The file is damaged or incomplete and cannot be read (perhaps the upload was cut short). Check that it opens in Excel or WPS, save it as .xlsx and upload again.`,
      };
    case "zip_bomb":
    case "too_many_entries":
    case "too_many_merges":
    case "hyperlink_range":
    case "too_many_array_formulas":
    case "unsupported_zip":
      return {
        zh: `文件内部结构异常（${problem.code}），超出了安全处理的范围。请新建一个工作簿，只复制三张统计表，另存为 .xlsx 后上传。`,
        en: `The file's inner structure is abnormal (${problem.code}) beyond what can be read safely. Copy only the three tables into a new workbook, save it as .xlsx and upload that.`,
      };
    case "too_many_sheets":
      return {
        zh: `工作簿有 ${problem.actual ?? "太多"} 个工作表，上限为 ${problem.limit} 个。请只保留统计表所在的工作表后上传。`,
        en: `The workbook has ${problem.actual ?? "too many"} sheets; the limit is ${problem.limit}. Keep only the sheets with the tables and upload again.`,
      };
    case "no_sheets":
      return { zh: `工作簿中没有任何工作表。${SAVE_AS.zh}`, en: `The workbook has no sheets. ${SAVE_AS.en}` };
    case "encrypted":
      return {
        zh: "文件设置了打开密码，系统无法读取。请在 Excel 中依次点击“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码后保存，再上传。",
        en: "The file is password-protected and cannot be read. In Excel choose File → Info → Protect Workbook → Encrypt with Password, clear the password, save and upload again.",
      };
  }
}

export function problemFinding(problem: WorkbookProblem): Finding {
  return {
    rule: `workbook.${problem.code}`,
    severity: "error",
    table: null,
    sheet: null,
    cell: null,
    expected: problem.limit ?? null,
    actual: problem.actual ?? problem.looksLike ?? null,
    message: message(problem),
  };
}

/** An error SheetJS threw on a file that passed the guard, as a problem (its message only, no stack). */
export function sheetjsErrorProblem(error: unknown): WorkbookProblem {
  const text = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(text)) return { code: "encrypted", detail: text.slice(0, 200) };
  return { code: "unreadable", detail: text.slice(0, 200) };
}
