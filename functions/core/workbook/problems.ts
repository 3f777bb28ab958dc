import { type Bilingual, type Finding, finding, NOWHERE } from "../../../schemas/finding";
import type { LooksLike, WorkbookProblem, WorkbookProblemCode } from "./container";

export type { LooksLike, WorkbookProblem, WorkbookProblemCode } from "./container";

/**
 * Findings for uploads that cannot be read as a workbook: one error, about the file as a whole, saying
 * what is wrong and what to do about it in Excel or WPS, so a clerk can fix it without calling anyone.
 */

export function problemFinding(problem: WorkbookProblem): Finding {
  const { expected, actual } = expectedActual(problem);
  return finding(
    `workbook.${problem.code}` as const,
    NOWHERE,
    MESSAGES[problem.code](problem),
    expected,
    actual,
  );
}

/**
 * Maps what `XLSX.read` threw on a file the container check let through to a problem. The detail keeps
 * the error's message (first line, bounded), never its stack.
 */
export function sheetjsErrorProblem(error: unknown): WorkbookProblem {
  const message = errorMessage(error);
  const detail = `SheetJS could not read the file: ${message}`;
  for (const [pattern, code, looksLike] of SHEETJS_ERRORS) {
    if (pattern.test(message)) return looksLike ? { code, detail, looksLike } : { code, detail };
  }
  return { code: "unreadable", detail };
}

// ---------------------------------------------------------------------------------------------------------

/** Checked in order; the first match wins. Messages are those SheetJS 0.20.3 throws. */
const SHEETJS_ERRORS: ReadonlyArray<readonly [RegExp, WorkbookProblemCode, LooksLike?]> = [
  [/Unsupported ZIP encryption/i, "unsupported_zip"],
  [/password|encrypt/i, "encrypted"],
  [/Unsupported ZIP Compression|ZIP64/i, "unsupported_zip"],
  [
    /Bad (compressed|uncompressed) size|Bad CRC32|Cannot find file .* in zip|Unexpected length|invalid (code|block|distance)/i,
    "zip_corrupt",
  ],
  [/Cannot find Workbook stream/i, "not_a_workbook", "unknown"],
  [
    /CFB file size|Header Signature|Sector Shift|Major Version|DIFAT chain|FAT boundary|CFB structure|Directory Sectors|Mini Stream Cutoff/i,
    "xls_corrupt",
  ],
  [/(PNG|TIFF) Image File/i, "not_a_workbook", "image"],
  [/Invalid HTML|RTF missing table/i, "not_a_workbook", "html"],
  [/Could not find workbook|Unsupported ZIP file/i, "not_spreadsheet_zip", "archive"],
  [/OpenDocument|ODS/i, "not_spreadsheet_zip", "opendocument"],
  [/NUMBERS|Pages documents/i, "not_spreadsheet_zip", "numbers"],
  [/Unsupported BIFF|Multiplan|Works \d|LOTUS|Unexpected BIFF Ver/i, "not_a_workbook", "old_excel"],
];

function errorMessage(error: unknown): string {
  let text: string;
  try {
    text =
      error instanceof Error
        ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}`
        : String(error);
  } catch {
    text = "unknown error";
  }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  return firstLine.length > 300 ? `${firstLine.slice(0, 300)}…` : firstLine;
}

const MiB = 1024 * 1024;

/** `10 MB`, `1.5 MB`, `0.3 MB` (binary megabytes, as Windows Explorer shows them). */
function megabytes(bytes: number): string {
  const mb = bytes / MiB;
  const text = mb >= 100 ? String(Math.round(mb)) : String(Math.round(mb * 10) / 10);
  return `${text === "0" ? "0.1" : text} MB`;
}

/** The limit and what was found (bytes, counts), or for a file of the wrong kind: xlsx, and what it is. */
function expectedActual(problem: WorkbookProblem): Pick<Finding, "expected" | "actual"> {
  const wrongKind = problem.code === "not_a_workbook" || problem.code === "not_spreadsheet_zip";
  return {
    expected: problem.limit ?? (wrongKind ? "xlsx" : null),
    actual: problem.actual ?? (wrongKind ? (problem.looksLike ?? "unknown") : null),
  };
}

/** `too_large` also carries the reader's cell cap (detail "more than N cells"), which is no size in MB. */
function isCellCount(problem: WorkbookProblem): boolean {
  return (
    problem.code === "too_many_cells" || (problem.code === "too_large" && /\bcells?\b/i.test(problem.detail))
  );
}

const tooManyCells = (problem: WorkbookProblem): Bilingual => ({
  zh: `工作簿的单元格太多（超过 ${problem.limit ?? "上限"} 个），系统不予读取。请新建一个工作簿，只复制年度报告的统计表，另存为 .xlsx 后上传。`,
  en: `The workbook has too many cells (over ${problem.limit ?? "the limit"}), so it is not read. Copy only the report's tables into a new workbook, save it as .xlsx and upload that.`,
});

type Action = "save_as" | "save_as_docx" | "copy_tables" | "unpack" | "numbers" | "unknown";

const LOOKS: Record<LooksLike, { zh: string; en: string; action: Action }> = {
  csv: { zh: "CSV 文本文件", en: "a CSV text file", action: "save_as" },
  text: { zh: "纯文本文件", en: "a plain text file", action: "copy_tables" },
  html: {
    zh: "网页（HTML）文件，一些系统导出的“.xls”实际是这种格式",
    en: "a web page (HTML) file, which some systems export under an .xls name",
    action: "save_as",
  },
  xml: { zh: "XML 文件", en: "an XML file", action: "save_as" },
  xml_spreadsheet: { zh: "Excel 2003 XML 表格", en: "an Excel 2003 XML spreadsheet", action: "save_as" },
  pdf: { zh: "PDF 文件", en: "a PDF file", action: "copy_tables" },
  word: { zh: "Word 或 WPS 文字文档", en: "a Word or WPS Writer document", action: "copy_tables" },
  old_word: {
    zh: "旧版 Word 或 WPS 文字文档（.doc/.wps/.rtf）",
    en: "an old-style Word or WPS Writer document (.doc/.wps/.rtf)",
    action: "save_as_docx",
  },
  presentation: { zh: "演示文稿（PPT）", en: "a presentation (PowerPoint)", action: "copy_tables" },
  ofd: { zh: "OFD 版式文件", en: "an OFD document", action: "copy_tables" },
  opendocument: {
    zh: "OpenDocument 文件（.ods/.odt）",
    en: "an OpenDocument file (.ods/.odt)",
    action: "save_as",
  },
  xlsb: { zh: "Excel 二进制工作簿（.xlsb）", en: "an Excel binary workbook (.xlsb)", action: "save_as" },
  numbers: { zh: "Apple Numbers 文件", en: "an Apple Numbers file", action: "numbers" },
  old_excel: { zh: "Excel 4.0 或更早版本的文件", en: "an Excel 4.0 or older file", action: "save_as" },
  image: { zh: "图片", en: "a picture", action: "copy_tables" },
  archive: { zh: "压缩包", en: "a compressed archive", action: "unpack" },
  unknown: { zh: "", en: "", action: "unknown" },
};

const ACTIONS: Record<Action, Bilingual> = {
  save_as: {
    zh: "请在 Excel 或 WPS 中打开后“另存为” .xlsx 格式再上传。",
    en: "Open it in Excel or WPS, use Save As .xlsx and upload again.",
  },
  save_as_docx: {
    zh: "这种格式无法读取，但 .docx 可以：请在 Word 中打开，选择“文件 → 另存为”，“保存类型”选“Word 文档（*.docx）”；WPS 中选择“文件 → 另存为 → Word 文件（*.docx）”。保存后上传新的 .docx 文件（或上传填写统计表的 Excel 工作簿）。",
    en: "This format cannot be read, but .docx can: in Word choose File → Save As and pick “Word Document (*.docx)” as the type; in WPS choose File → Save As → Word file (*.docx). Upload the new .docx (or the Excel workbook of the tables).",
  },
  copy_tables: {
    zh: "请上传填写年度报告统计表的 Excel 工作簿（.xlsx 或 .xls）；如果表格只在这个文件里，请把表格复制到 Excel 或 WPS 表格中，另存为 .xlsx 后再上传。",
    en: "Upload the Excel workbook (.xlsx or .xls) that holds the report's tables; if the tables exist only in this file, copy them into Excel or WPS Spreadsheets, save as .xlsx and upload that.",
  },
  unpack: {
    zh: "请先解压，再上传其中年度报告统计表所在的 .xlsx 工作簿。",
    en: "Unpack it first, then upload the .xlsx workbook inside that holds the report's tables.",
  },
  numbers: {
    zh: "请在 Numbers 中选择“文件 → 导出为 → Excel”，上传导出的 .xlsx 文件。",
    en: "In Numbers, choose File → Export To → Excel and upload the exported .xlsx file.",
  },
  unknown: {
    zh: "请上传年度报告统计表所在的 Excel 工作簿（.xlsx 或 .xls）；如果文件由其他系统导出，请在 Excel 或 WPS 中打开后“另存为” .xlsx 格式再上传。",
    en: "Upload the Excel workbook (.xlsx or .xls) that holds the report's tables; if another system exported the file, open it in Excel or WPS, use Save As .xlsx and upload again.",
  },
};

function notAWorkbook(problem: WorkbookProblem): Bilingual {
  const looks = LOOKS[problem.looksLike ?? "unknown"];
  const action = ACTIONS[looks.action];
  if (!looks.zh) {
    return {
      zh: `上传的文件不是 Excel 工作簿，也无法识别其格式。${action.zh}`,
      en: `The uploaded file is not an Excel workbook, and its format is not recognised. ${action.en}`,
    };
  }
  return {
    zh: `上传的文件不是 Excel 工作簿（看起来是${/^[A-Za-z]/.test(looks.zh) ? " " : ""}${looks.zh}）。${action.zh}`,
    en: `The uploaded file is not an Excel workbook (it looks like ${looks.en}). ${action.en}`,
  };
}

const SAVE_AGAIN: Bilingual = {
  zh: "请在 Excel 或 WPS 中打开原文件，确认内容完整后“另存为”新的 .xlsx 文件再上传；如果打不开，请从原始来源重新获取文件。",
  en: "Open the original in Excel or WPS, check it is complete, use Save As to write a new .xlsx file and upload that; if it will not open, get the file again from where it came from.",
};

const limitText = (problem: WorkbookProblem, zh: string, en: string): Bilingual =>
  problem.limit === undefined ? { zh: "", en: "" } : { zh, en };

const MESSAGES: Record<WorkbookProblemCode, (problem: WorkbookProblem) => Bilingual> = {
  empty: () => ({
    zh: "上传的文件是空的，没有任何内容。请在 Excel 或 WPS 中打开原工作簿，确认统计表显示正常后重新保存为 .xlsx 再上传。",
    en: "The uploaded file is empty. Open the workbook in Excel or WPS, check the tables show, save it as .xlsx again and upload that file.",
  }),
  too_many_cells: tooManyCells,
  too_large: (problem) => {
    if (isCellCount(problem)) return tooManyCells(problem);
    const size = problem.actual === undefined ? "" : `有 ${megabytes(problem.actual)}，`;
    const sizeEn = problem.actual === undefined ? "" : ` is ${megabytes(problem.actual)},`;
    const limit = megabytes(problem.limit ?? 0);
    return {
      zh: `上传的文件${size}超过 ${limit} 的上限。年度报告的统计表通常只有几十 KB：请删除与报告无关的工作表、图片和对象，另存为 .xlsx 后再上传。`,
      en: `The uploaded file${sizeEn} over the ${limit} limit. A report's tables are usually a few dozen KB: delete sheets, pictures and objects that are not part of the report, save as .xlsx and upload again.`,
    };
  },
  not_a_workbook: notAWorkbook,
  not_spreadsheet_zip: notAWorkbook,
  zip_corrupt: () => ({
    zh: `文件已损坏或不完整（可能是下载、复制或上传时中断）。${SAVE_AGAIN.zh}`,
    en: `The file is damaged or incomplete (a download, copy or upload may have been interrupted). ${SAVE_AGAIN.en}`,
  }),
  xls_corrupt: () => ({
    zh: `这个 .xls 文件已损坏或结构异常，无法读取。${SAVE_AGAIN.zh}`,
    en: `This .xls file is damaged or malformed and cannot be read. ${SAVE_AGAIN.en}`,
  }),
  zip_bomb: (problem) => {
    const limit = limitText(
      problem,
      `超过 ${megabytes(problem.limit ?? 0)} 的上限`,
      ` over the ${megabytes(problem.limit ?? 0)} limit`,
    );
    return {
      zh: `文件解压后的内容过大${limit.zh}，系统不予读取。请只保留年度报告的统计表（删除其他工作表、大量数据和图片），在 Excel 或 WPS 中另存为新的 .xlsx 后再上传。`,
      en: `Unpacked, the file's contents are too large${limit.en}, so it is not read. Keep only the report's tables (delete other sheets, bulk data and pictures), save as a new .xlsx in Excel or WPS and upload that.`,
    };
  },
  unsupported_zip: () => ({
    zh: "文件使用了 Excel 不会生成的压缩格式（如 ZIP64、分卷压缩或带密码的压缩包），无法读取。请在 Excel 或 WPS 中打开后“另存为” .xlsx 格式再上传。",
    en: "The file uses a zip format Excel never writes (ZIP64, a split archive or a password-protected archive), so it cannot be read. Open it in Excel or WPS, use Save As .xlsx and upload again.",
  }),
  too_many_entries: (problem) => ({
    zh: `工作簿内部的部件太多（${problem.actual ?? "过多"} 个，上限 ${problem.limit ?? "-"} 个），通常是插入了大量图片、图表或对象。请删除与年度报告无关的内容，另存为 .xlsx 后再上传。`,
    en: `The workbook holds too many internal parts (${problem.actual ?? "too many"}, limit ${problem.limit ?? "-"}), usually from many pictures, charts or objects. Delete what is not part of the report, save as .xlsx and upload again.`,
  }),
  too_many_sheets: (problem) => ({
    zh: `工作簿有 ${problem.actual ?? "过多"} 个工作表，超过 ${problem.limit ?? "-"} 个的上限。请只保留年度报告统计表所在的工作表（其他工作表可移到另一个工作簿），另存为 .xlsx 后再上传。`,
    en: `The workbook has ${problem.actual ?? "too many"} sheets, over the limit of ${problem.limit ?? "-"}. Keep only the sheets with the report's tables (move the others to another workbook), save as .xlsx and upload again.`,
  }),
  too_many_merges: (problem) => ({
    zh: `一个工作表中的合并单元格超过 ${problem.limit ?? "-"} 处，系统不予读取。请删除与年度报告无关的工作表，或取消多余的合并单元格（开始 → 合并后居中 → 取消单元格合并），另存为 .xlsx 后再上传。`,
    en: `A sheet has more than ${problem.limit ?? "-"} merged ranges, so it is not read. Delete sheets that are not part of the report, or unmerge the extra cells (Home → Merge & Center → Unmerge Cells), save as .xlsx and upload again.`,
  }),
  hyperlink_range: (problem) => ({
    zh: `工作表中的超链接覆盖了过大的区域（超过 ${problem.limit ?? "-"} 个单元格），系统不予读取。请全选该工作表，右键选择“取消超链接”（或“删除超链接”），另存为 .xlsx 后再上传。`,
    en: `A hyperlink in a sheet covers too large a range (more than ${problem.limit ?? "-"} cells), so it is not read. Select the whole sheet, right-click and choose Remove Hyperlinks, save as .xlsx and upload again.`,
  }),
  too_many_array_formulas: (problem) => ({
    zh: `一个工作表中的数组公式（显示为 {=…}）超过 ${problem.limit ?? "-"} 个，系统不予读取。请选中这些单元格，复制后“选择性粘贴 → 数值”，另存为 .xlsx 后再上传。`,
    en: `A sheet has more than ${problem.limit ?? "-"} array formulas (shown as {=…}), so it is not read. Select those cells, copy them and use Paste Special → Values, save as .xlsx and upload again.`,
  }),
  too_many_comments: (problem) => ({
    zh: `工作表中的批注过多（同一单元格或整个工作表超过 ${problem.limit ?? "上限"} 条），系统不予读取。请删除不需要的批注（审阅 → 删除批注），另存为 .xlsx 后再上传。`,
    en: `A sheet has too many comments (more than ${problem.limit ?? "the limit"} on one cell or in the sheet), so it is not read. Delete the comments you do not need (Review → Delete Comment), save as .xlsx and upload again.`,
  }),
  chart_range: () => ({
    zh: "工作簿中的图表数据异常（数据点编号过大），系统不予读取。请删除图表工作表或其中的图表（统计表不需要图表），另存为 .xlsx 后再上传。",
    en: "A chart in the workbook has abnormal data (point numbers far too large), so it is not read. Delete the chart sheet or its chart (the tables need no charts), save as .xlsx and upload again.",
  }),
  no_sheets: () => ({
    zh: "工作簿中没有任何工作表。请在 Excel 或 WPS 中打开，确认年度报告的统计表在其中，另存为 .xlsx 后再上传。",
    en: "The workbook has no sheets. Open it in Excel or WPS, check the report's tables are in it, save as .xlsx and upload again.",
  }),
  encrypted: () => ({
    zh: "文件设置了打开密码，系统无法读取。请在 Excel 中打开文件，点击“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码并确定，保存后重新上传（WPS：文件 → 文档加密 → 密码加密，清除打开密码后保存）。",
    en: "The file has a password to open, so it cannot be read. Open it in Excel, choose File → Info → Protect Workbook → Encrypt with Password, clear the password and click OK, save, and upload again (WPS: File → Document Encryption → Password Encryption, clear the open password, save).",
  }),
  unreadable: () => ({
    zh: "系统无法读取该文件的内容。请在 Excel 或 WPS 中打开，确认统计表显示正常后“另存为”新的 .xlsx 文件再上传。",
    en: "The file's contents cannot be read. Open it in Excel or WPS, check the tables show correctly, use Save As to write a new .xlsx file and upload that.",
  }),
};
