import { FORMATS, type FormatSpec } from "../../../schemas/formats";
import { describeDiagnosis } from "../present/diagnosis";
import { lineCounts } from "../present/finding-lines";
import type { Block, Lang, Letter } from "./blocks";
import { MAX_LISTED_FINDINGS } from "./findings";
import { both, context, english, findingSection, greeting, type Input, reportTitle } from "./parts";
import { beijingTime, clean, LIMITS } from "./text";
import type { AnnotatedCopy, MailSettings, MailUpload } from "./types";

/**
 * The rejection: the diagnosis first (the fewest cells whose correction makes every check pass), the
 * annotated copy attached, then every finding, one line per cell. A document's (a Word file's, a web
 * page's) places are its tables, rows and columns, and the letter says so in those words.
 */

export function rejected(input: Input<"rejected">, settings: MailSettings = {}): Letter {
  const c = context(input.department, input.year, input.upload, settings);
  const document = input.readAs !== undefined && input.readAs !== "workbook" ? input.readAs : null;
  const errors = input.findings.filter((finding) => finding.severity === "error");
  const warnings = input.findings.filter((finding) => finding.severity === "warning");
  const wholeFile = errors.some((finding) => finding.cell === null);
  const title = reportTitle(c);
  // What the clerk fixes is places: two rules broken at one cell are one place.
  const { errors: places, warnings: warningPlaces } = lineCounts(input.findings);
  const errorCount = english(places, "error", "errors");
  const format = input.format ? FORMATS.find((candidate) => candidate.id === input.format) : undefined;
  const diagnosis = format ? describeDiagnosis(input.diagnosis ?? null, format, "zh") : null;
  return {
    subject: {
      zh: `【未通过】${title.zh}：${places} 处错误`,
      en: `[Not published] ${title.en}: ${errorCount} to fix`,
    },
    body: both((lang) => [
      greeting(c, lang),
      {
        type: "paragraph",
        text:
          lang === "zh"
            ? `共 ${places} 处错误需要修改${warningPlaces > 0 ? `，另有 ${warningPlaces} 处提醒` : ""}。`
            : `${errorCount} to fix${warningPlaces > 0 ? `, and ${english(warningPlaces, "warning", "warnings")}` : ""}.`,
      },
      {
        type: "paragraph",
        text:
          lang === "zh"
            ? `贵单位于 ${c.time.zh} 上传的文件“${c.file}”未通过校验，${c.year} 年度报告统计表没有发布。`
            : `The file "${c.file}" you uploaded on ${c.time.en} did not pass the checks, so your ${c.year} report tables were not published.`,
      },
      ...stillPublished(input.published ?? null, lang),
      ...(format && diagnosis ? diagnosisSection(input, format, lang) : []),
      ...(document ? documentNote(document, lang) : annotatedNote(input.annotated, lang)),
      { type: "heading", text: lang === "zh" ? "修改方法" : "How to fix it" },
      {
        type: "steps",
        items: [
          ...(diagnosis && input.diagnosis?.repairs.length
            ? [
                {
                  text:
                    lang === "zh"
                      ? "先改正上面指出的单元格：下面列出的表内计算错误都由它们引起，改正后这些错误一并消除。"
                      : "Correct the cells named above first: the arithmetic errors listed below all follow from them and go away with them.",
                },
              ]
            : []),
          {
            text: document
              ? lang === "zh"
                ? "下面列出了全部错误，每条以所在的表格和行、列开头（如 第 2 个表格 第 6 行第 10 列）：表格按在文件中出现的先后数，仅用于排版的表格不计；行、列从表格左上角数起，合并的单元格占几列就算几列。请在原文件中逐条改正，一次改完。"
                : "Every error is listed below, each starting with its table, row and column (e.g. 第 2 个表格 第 6 行第 10 列: table 2, row 6, column 10): tables are counted in the order the file shows them, leaving out tables used only for layout; rows and columns are counted from the table's top left, a merged cell counting as every column it spans. Fix them all in the original file in one go."
              : lang === "zh"
                ? "下面列出了全部错误，每条以“工作表!单元格”开头（如 三、依申请公开!J26）。请在原文件中逐条改正，一次改完。"
                : 'Every error is listed below, each starting with "sheet!cell" (e.g. 三、依申请公开!J26). Fix them all in the original file in one go.',
          },
          ...(wholeFile
            ? [
                {
                  text:
                    lang === "zh"
                      ? "“整个文件”下的问题不在某个单元格（如缺少某张表、表头与规定格式不符），请对照国务院办公厅规定的报告格式修改。"
                      : 'Problems under "The whole file" are not in one cell (a table missing, a header unlike the national format): compare the file with the format the General Office of the State Council prescribes.',
                },
              ]
            : []),
          ...(warnings.length > 0
            ? [
                {
                  text:
                    lang === "zh"
                      ? "提醒本身不影响发布，但请一并核对。"
                      : "Warnings alone would not stop publication, but please check them too.",
                },
              ]
            : []),
          {
            text: c.desk
              ? lang === "zh"
                ? `保存后在填报台 ${c.desk} 上传改正后的文件，系统会重新校验，并再发邮件告知结果。`
                : `Save, and upload the corrected file on the desk page ${c.desk}. It is checked again and you get another email with the result.`
              : lang === "zh"
                ? `保存后把文件上传到同一文件夹 ${c.folder}，系统会重新校验，并再发邮件告知结果。`
                : `Save, and upload the file to the same folder ${c.folder}. It is checked again and you get another email with the result.`,
          },
        ],
      },
      ...findingSection(
        { zh: `错误（${places} 处）`, en: `Errors (${places})` },
        errors,
        MAX_LISTED_FINDINGS,
        lang,
      ),
      ...findingSection(
        { zh: `提醒（${warningPlaces} 处）`, en: `Warnings (${warningPlaces})` },
        warnings,
        MAX_LISTED_FINDINGS - Math.min(errors.length, MAX_LISTED_FINDINGS),
        lang,
      ),
    ]),
  };
}

/** A rejected replacement changes nothing published: say so, and which upload stays. */
function stillPublished(published: MailUpload | null, lang: Lang): Block[] {
  if (!published) return [];
  const file = clean(published.fileName, LIMITS.fileName);
  return [
    {
      type: "paragraph",
      text:
        lang === "zh"
          ? `已发布的版本（文件“${file}”，${beijingTime(published.uploadedAt, "zh")} 上传）保持不变，仍然有效。`
          : `The version already published (the file "${file}", uploaded on ${beijingTime(published.uploadedAt, "en")}) stays published, unchanged.`,
    },
  ];
}

/** The diagnosis first: the cells to correct, the fewest that make every check pass. */
function diagnosisSection(input: Input<"rejected">, format: FormatSpec, lang: Lang): Block[] {
  const text = describeDiagnosis(input.diagnosis ?? null, format, lang);
  if (!text) return [];
  const blocks: Block[] = [
    { type: "heading", text: lang === "zh" ? "最可能出错的单元格" : "The cells most likely wrong" },
    { type: "paragraph", text: clean(text.lead, LIMITS.message) },
  ];
  if (text.cells.length > 0)
    blocks.push({ type: "steps", items: text.cells.map((cell) => ({ text: cell })) });
  if (text.alternatives.length > 0) {
    blocks.push({
      type: "paragraph",
      text: lang === "zh" ? "其他同样少的改法：" : "Other repairs as small:",
    });
    blocks.push({ type: "steps", items: text.alternatives.map((alternative) => ({ text: alternative })) });
  }
  return blocks;
}

/** Where the annotated copy is, or why there is none. */
function annotatedNote(annotated: AnnotatedCopy | undefined, lang: Lang): Block[] {
  if (!annotated) return [];
  if (!annotated.attached) return [{ type: "paragraph", text: annotated.reason[lang] }];
  const file = clean(annotated.fileName, LIMITS.fileName);
  const converted = annotated.converted
    ? lang === "zh"
      ? "您上传的是 .xls 文件，副本已转换为 .xlsx：数字、公式和合并单元格与原文件相同，字体、颜色、边框未保留。"
      : "You uploaded an .xls file; the copy is converted to .xlsx: numbers, formulas and merged cells are the original's, its fonts, colours and borders are not kept."
    : "";
  return [
    {
      type: "paragraph",
      text:
        lang === "zh"
          ? `附件“${file}”是您上传的工作簿的副本：出错的单元格已标色并附批注，第一张工作表“校验结果”列出全部问题，点击可跳到对应单元格。${converted}`
          : `The attachment "${file}" is a copy of your workbook: every cell with a finding is coloured and carries a comment, and its first sheet, 校验结果, lists every problem with a link to its cell.${converted ? ` ${converted}` : ""}`,
    },
  ];
}

const DOCUMENT_NAMES: Record<"docx" | "html" | "mhtml", Record<Lang, string>> = {
  // Spaced as Chinese sets a Latin word among its characters.
  docx: { zh: " Word 文档", en: "a Word document" },
  html: { zh: "网页", en: "a web page" },
  mhtml: { zh: "网页", en: "a web page" },
};

/** A document gets no annotated copy: marks and comments can be written only into a workbook. */
function documentNote(kind: "docx" | "html" | "mhtml", lang: Lang): Block[] {
  const name = DOCUMENT_NAMES[kind][lang];
  return [
    {
      type: "paragraph",
      text:
        lang === "zh"
          ? `本邮件未附标注副本：您上传的是${name}，标色和批注只能写进 Excel 工作簿，无法写回${name}。请按下面列出的表格、行和列逐一修改。`
          : `No annotated copy is attached: you uploaded ${name}, and marks and comments can be written only into an Excel workbook, not back into ${name}. Use the tables, rows and columns listed below.`,
    },
  ];
}
