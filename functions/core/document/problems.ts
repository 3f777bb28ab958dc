import { type Bilingual, type Finding, finding, NOWHERE } from "../../../schemas/finding";

/**
 * Why a report written as a document (a Word `.docx`, a web page) cannot be read, and the clerk's message
 * for each: what is wrong and what to do in Word, WPS or the browser.
 */

export type DocumentProblemCode =
  /** a damaged `.docx`, broken XML, a page that cannot be decoded */
  | "unreadable"
  /** more bytes than the caps: a zip bomb, a page of megabytes of markup */
  | "too_large"
  /** more table cells than `maxTableCells` */
  | "too_many_cells"
  /** tables inside tables, or elements inside elements, deeper than the caps */
  | "too_deeply_nested"
  /** more elements, nodes or tables than the caps */
  | "too_many_elements"
  /** no table at all: the numbers are a picture, or typed as text */
  | "no_tables";

export type DocumentKind = "docx" | "html";

export interface DocumentProblem {
  code: DocumentProblemCode;
  /** What was found, for logs and support (English, technical). */
  detail: string;
  limit?: number;
  actual?: number;
  /** No table, because the body is an embedded chunk (`w:altChunk`) Word shows but never converted. */
  embedded?: true;
}

/** Thrown inside a reader to leave a walk with a problem; the reader's caller turns it into a finding. */
export class DocumentRefusal {
  constructor(readonly problem: DocumentProblem) {}
}

export function refuseDocument(
  code: DocumentProblemCode,
  detail: string,
  extra: Pick<DocumentProblem, "limit" | "actual"> = {},
): never {
  throw new DocumentRefusal({ code, detail, ...extra });
}

/** A counter that refuses once it passes its cap (cells, nodes, tables, depth), while the walk goes on. */
export function budget(code: DocumentProblemCode, what: string, limit: number) {
  let count = 0;
  return {
    add(n = 1): void {
      count += n;
      if (count > limit) refuseDocument(code, `more than ${limit} ${what}`, { limit, actual: count });
    },
    get count() {
      return count;
    },
  };
}

const WHAT: Record<DocumentKind, Bilingual> = {
  docx: { zh: "Word 文档", en: "Word document" },
  html: { zh: "网页", en: "web page" },
};

const RESAVE: Record<DocumentKind, Bilingual> = {
  docx: {
    zh: "请在 Word 或 WPS 中打开原文件，确认表格显示正常后“另存为”新的 .docx 文件再上传",
    en: "Open the original in Word or WPS, check the tables show, use Save As to write a new .docx and upload that",
  },
  html: {
    zh: "请在浏览器中打开报告页面，另存为“网页，仅 HTML”（.html）或“单个文件”（.mhtml）后再上传",
    en: "Open the report's page in a browser, save it as “Webpage, HTML only” (.html) or “single file” (.mhtml) and upload that",
  },
};

const MESSAGES: Record<DocumentProblemCode, (kind: DocumentKind, problem: DocumentProblem) => Bilingual> = {
  unreadable: (kind) => ({
    zh: `${WHAT[kind].zh}已损坏或格式异常，无法读取。${RESAVE[kind].zh}。`,
    en: `The ${WHAT[kind].en} is damaged or malformed and cannot be read. ${RESAVE[kind].en}.`,
  }),
  too_large: (kind) => ({
    zh: `${WHAT[kind].zh}的内容过大，系统不予读取。年度报告的统计表只需几十 KB：请删除与报告无关的内容（图片、附件、其他文章），${kind === "docx" ? "另存为 .docx" : "只保存报告正文页面"}后再上传，或上传填写统计表的 Excel 工作簿。`,
    en: `The ${WHAT[kind].en} is too large, so it is not read. A report's tables need a few dozen KB: remove what is not part of the report (pictures, attachments, other articles), ${kind === "docx" ? "save as .docx" : "save only the report's page"} and upload again, or upload the Excel workbook of the tables.`,
  }),
  too_many_cells: (kind, problem) => ({
    zh: `${WHAT[kind].zh}中的表格单元格太多（超过 ${problem.limit ?? "上限"} 个），系统不予读取。请只保留年度报告正文和统计表后再上传，或上传填写统计表的 Excel 工作簿。`,
    en: `The ${WHAT[kind].en} has too many table cells (over ${problem.limit ?? "the limit"}), so it is not read. Keep only the report and its tables and upload again, or upload the Excel workbook of the tables.`,
  }),
  too_deeply_nested: (kind, problem) => ({
    zh: `${WHAT[kind].zh}中的表格或内容嵌套层数过多（超过 ${problem.limit ?? "上限"} 层），系统不予读取。请把统计表复制到新文档中（不要放在其他表格里），另存为 .docx 后再上传。`,
    en: `The ${WHAT[kind].en} nests tables or content too deeply (over ${problem.limit ?? "the limit"} levels), so it is not read. Copy the tables into a new document (not inside other tables), save it as .docx and upload that.`,
  }),
  too_many_elements: (kind) => ({
    zh: `${WHAT[kind].zh}的结构过于复杂（元素或表格过多），系统不予读取。请只保留年度报告正文和统计表后再上传，或上传填写统计表的 Excel 工作簿。`,
    en: `The ${WHAT[kind].en} is too complex (too many elements or tables), so it is not read. Keep only the report and its tables and upload again, or upload the Excel workbook of the tables.`,
  }),
  no_tables: (kind, problem) =>
    problem.embedded
      ? {
          zh: "Word 文档的正文是嵌入的网页内容（网站或办公系统“导出为 Word”时生成），不是 Word 自己的表格，系统无法读取。请在 Word 或 WPS 中打开该文件，“另存为”新的 .docx 文件（另存后统计表成为真正的表格）再上传。",
          en: "The Word document's body is embedded web content (as a site's or office system's “export to Word” writes it), not Word's own tables, so it cannot be read. Open it in Word or WPS, use Save As to write a new .docx (which turns the tables into real tables) and upload that.",
        }
      : noTables(kind),
};

const noTables = (kind: DocumentKind): Bilingual => ({
  zh: `${WHAT[kind].zh}中没有表格：统计表可能是图片，或以文字、制表符排版。请在 ${kind === "docx" ? "Word 或 WPS" : "报告原稿"}中用“插入 → 表格”按国家规定格式填写三张统计表，或上传填写统计表的 Excel 工作簿（可用 gongkai template 生成空白模板）。`,
  en: `The ${WHAT[kind].en} has no tables: the statistics may be a picture, or laid out with text and tabs. Fill in the three tables as real tables (Insert → Table) in the national format${kind === "docx" ? " in Word or WPS" : " in the report's original"}, or upload the Excel workbook of the tables (gongkai template writes a blank one).`,
});

/** The one finding of a document that cannot be read: about the file as a whole. */
export function documentProblemFinding(kind: DocumentKind, problem: DocumentProblem): Finding {
  return finding(
    `document.${problem.code}` as const,
    NOWHERE,
    MESSAGES[problem.code](kind, problem),
    problem.limit ?? null,
    problem.actual ?? null,
  );
}
