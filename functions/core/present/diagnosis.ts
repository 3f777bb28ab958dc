import type { Diagnosis, RepairCell } from "../../../schemas/diagnosis";
import { placeText } from "../../../schemas/finding";
import type { FormatSpec } from "../../../schemas/formats";
import { columnLabel, rowName } from "../findings";

/**
 * The diagnosis in a clerk's words, the same wherever it is shown (the mail, the CLI, the desk page):
 * `最可能出错的是 三、依申请公开!F6（科研机构 · 一、本年新收…）：表中为 2；改为 0 后全部校验通过。`
 * Plain text; whoever shows it escapes it.
 */

export type Lang = "zh" | "en";

/** What is said of a diagnosis: the lead, each cell of the most plausible repair, and the alternatives. */
export interface DiagnosisText {
  /** One sentence that leads. */
  lead: string;
  /** The cells of the most plausible repair, one line each (empty when the lead names the only one). */
  cells: string[];
  /** The other equally small repairs, one line each. */
  alternatives: string[];
}

/** `三、依申请公开!F6`; in a document, as its findings put it: `第 2 个表格 第 6 行第 10 列` (`table 2, row 6, column 10`). */
export function cellAddress(
  cell: Pick<RepairCell, "sheet" | "cell" | "location">,
  lang: Lang = "zh",
): string {
  return placeText(cell, lang);
}

/** `F6（科研机构 · 一、本年新收政府信息公开申请数量）`: the column's header, then the row's label. */
function cellLabel(format: FormatSpec, cell: RepairCell, lang: Lang): string {
  const column = columnLabel(format, cell.table, cell.column)[lang];
  const row = rowName(format, cell.table, cell.row)[lang];
  return lang === "zh" ? `（${column} · ${row}）` : ` (${row}, ${column})`;
}

function change(cell: RepairCell, lang: Lang): string {
  if (cell.value === null) {
    return lang === "zh"
      ? `表中为 ${cell.actual}，需要改动（可改的值不止一个）`
      : `the sheet has ${cell.actual}; it must change (more than one value would do)`;
  }
  return lang === "zh"
    ? `表中为 ${cell.actual}；改为 ${cell.value}`
    : `the sheet has ${cell.actual}; make it ${cell.value}`;
}

function alternative(format: FormatSpec, cells: readonly RepairCell[], lang: Lang): string {
  return cells
    .map((cell) =>
      lang === "zh"
        ? `${cellAddress(cell, lang)}${cellLabel(format, cell, lang)}${cell.value === null ? "改动" : `改为 ${cell.value}`}`
        : `${cellAddress(cell, lang)}${cellLabel(format, cell, lang)} ${cell.value === null ? "changed" : `to ${cell.value}`}`,
    )
    .join(lang === "zh" ? "，" : "; ");
}

/** The diagnosis as sentences, or null when there is none. */
export function describeDiagnosis(
  diagnosis: Diagnosis | null,
  format: FormatSpec,
  lang: Lang,
): DiagnosisText | null {
  if (!diagnosis) return null;
  if (diagnosis.bounded || diagnosis.repairs.length === 0) {
    const why = diagnosis.reason?.[lang] ?? "";
    return {
      lead: lang === "zh" ? `${why}请逐条核对下列错误。` : `${why} Check the errors below one by one.`.trim(),
      cells: [],
      alternatives: [],
    };
  }
  const [lead, ...others] = diagnosis.repairs;
  const cells = lead!.cells;
  const several = !diagnosis.unique;
  const alternatives = others.map((repair) => alternative(format, repair.cells, lang));
  if (cells.length === 1) {
    const cell = cells[0]!;
    const where = `${cellAddress(cell, lang)}${cellLabel(format, cell, lang)}`;
    const fix = change(cell, lang);
    return {
      lead:
        lang === "zh"
          ? `最可能出错的是 ${where}：${fix}${cell.value === null ? "" : " 后全部校验通过"}。${several ? "同样只改一个单元格的改法不止一种，其他可能见下。" : ""}`
          : `The cell most likely wrong is ${where}: ${fix}${cell.value === null ? "" : ", and every check passes"}.${several ? " Other one-cell repairs are possible, listed below." : ""}`,
      cells: [],
      alternatives,
    };
  }
  return {
    lead:
      lang === "zh"
        ? `最可能出错的是以下 ${cells.length} 个单元格，按下面改正后全部校验通过${several ? "（同样少的改法不止一种，其他可能见后）" : ""}：`
        : `The ${cells.length} cells most likely wrong are these; corrected as below, every check passes${several ? " (other repairs as small are possible, listed after)" : ""}:`,
    cells: cells.map(
      (cell) =>
        `${cellAddress(cell, lang)}${cellLabel(format, cell, lang)}${lang === "zh" ? "：" : ": "}${change(cell, lang)}`,
    ),
    alternatives,
  };
}

/** The diagnosis as plain text lines (the CLI's block, the mail's text). */
export function diagnosisLines(diagnosis: Diagnosis | null, format: FormatSpec, lang: Lang): string[] {
  const text = describeDiagnosis(diagnosis, format, lang);
  if (!text) return [];
  const lines = [text.lead, ...text.cells.map((cell) => `  ${cell}`)];
  if (text.alternatives.length > 0) {
    lines.push(lang === "zh" ? "其他同样少的改法：" : "Other repairs as small:");
    for (const alternative of text.alternatives) lines.push(`  ${alternative}`);
  }
  return lines;
}
