import ExcelJS from "exceljs";
import * as XLSX from "xlsx";
import type { Diagnosis, RepairCell } from "../../../schemas/diagnosis";
import type { Bilingual, Finding } from "../../../schemas/finding";
import type { FormatSpec } from "../../../schemas/formats";
import { diagnosisLines } from "../present/diagnosis";
import { findingLines, lineCounts } from "../present/finding-lines";
import { annotatedName } from "./annotated-name";

export { annotatedName } from "./annotated-name";

/**
 * The clerk's own workbook with every finding marked: each cell a finding or the diagnosis names gets a
 * fill and a comment saying what is wrong (in Chinese), and a first sheet 校验结果 lists the findings with
 * a link to each cell. Everything else — values, formulas, merges, other sheets, styles — stays as
 * uploaded. Pure: bytes in, bytes out. ExcelJS writes it: SheetJS's community build writes no styles and
 * no comments' look; ExcelJS reads and writes fills, comments, formulas and merges, in Node and browsers.
 * A legacy .xls is converted to .xlsx first (by SheetJS, which reads it): its numbers, formulas and merges
 * are kept, its look is not.
 */

export const SUMMARY_SHEET = "校验结果";

/** Findings listed on the summary sheet at most (a hostile sheet can bring thousands). */
const MAX_LISTED = 1_000;
/** Characters of one cell's comment at most. */
const MAX_NOTE = 2_000;

const FILL = {
  error: "FFFFC7CE",
  warning: "FFFFEB9C",
  /** The cells the diagnosis says to change. */
  repair: "FFF8CBAD",
} as const;

export interface AnnotationInput {
  findings: readonly Finding[];
  diagnosis: Diagnosis | null;
  format: FormatSpec | null;
  /** The name of the uploaded file, for the summary's title and the copy's name. */
  fileName: string;
}

export type Annotated =
  | { ok: true; bytes: Uint8Array; fileName: string; converted: boolean }
  | { ok: false; reason: Bilingual };

const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/** The annotated copy of an uploaded workbook, or why none could be made. */
export async function annotateWorkbook(bytes: Uint8Array, input: AnnotationInput): Promise<Annotated> {
  const converted = OLE.every((byte, i) => bytes[i] === byte);
  const book = new ExcelJS.Workbook();
  try {
    const xlsx = converted ? xlsToXlsx(bytes) : bytes;
    await book.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
  } catch {
    return {
      ok: false,
      reason: {
        zh: "本邮件未附标注副本：该工作簿的结构无法在保持原样的前提下写回。请按下面列出的单元格逐一修改。",
        en: "No annotated copy is attached: this workbook cannot be written back unchanged. Use the cells listed below.",
      },
    };
  }
  const marks = markCells(book, input);
  addSummary(book, input, marks);
  const out = new Uint8Array(await book.xlsx.writeBuffer());
  return { ok: true, bytes: out, fileName: annotatedName(input.fileName), converted };
}

function xlsToXlsx(bytes: Uint8Array): Uint8Array {
  const book = XLSX.read(bytes, { type: "array", cellFormula: true, cellNF: true });
  return new Uint8Array(
    XLSX.write(book, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer,
  );
}

interface Mark {
  sheet: string;
  cell: string;
  severity: "error" | "warning" | "repair";
  text: string;
}

/** The diagnosis's leading repair, by `sheet!cell`. */
function repairsByCell(diagnosis: Diagnosis | null): Map<string, RepairCell> {
  const lead = diagnosis?.repairs[0];
  return new Map((lead?.cells ?? []).map((cell) => [`${cell.sheet}!${cell.cell}`, cell]));
}

function markCells(book: ExcelJS.Workbook, input: AnnotationInput): Mark[] {
  const marks = new Map<string, Mark>();
  const repairs = repairsByCell(input.diagnosis);
  for (const [key, cell] of repairs) {
    const change =
      cell.value === null
        ? `表中为 ${cell.actual}，需要改动。`
        : `表中为 ${cell.actual}，应改为 ${cell.value}。`;
    marks.set(key, { sheet: cell.sheet, cell: cell.cell, severity: "repair", text: `最可能出错：${change}` });
  }
  for (const line of findingLines(input.findings)) {
    if (line.sheet === null || line.cell === null || !/^[A-Z]{1,3}\d{1,7}$/.test(line.cell)) continue;
    const key = `${line.sheet}!${line.cell}`;
    const text = line.message.zh;
    const known = marks.get(key);
    if (known) known.text = `${known.text}\n${text}`;
    else marks.set(key, { sheet: line.sheet, cell: line.cell, severity: line.severity, text });
  }
  const placed: Mark[] = [];
  for (const mark of marks.values()) {
    const sheet = book.getWorksheet(mark.sheet);
    if (!sheet) continue;
    const cell = sheet.getCell(mark.cell);
    // A style object may be shared by many cells: give this one its own, with only the fill changed.
    cell.style = {
      ...cell.style,
      fill: { type: "pattern", pattern: "solid", fgColor: { argb: FILL[mark.severity] } },
    };
    const before =
      typeof cell.note === "string" ? cell.note : (cell.note?.texts ?? []).map((t) => t.text).join("");
    const note = `${before ? `${before}\n\n` : ""}【校验】${mark.text}`.slice(0, MAX_NOTE);
    cell.note = { texts: [{ text: note }] };
    placed.push(mark);
  }
  return placed;
}

/** A sheet name not yet taken: 校验结果, else 校验结果 (2) … */
function freeName(book: ExcelJS.Workbook): string {
  const taken = new Set(book.worksheets.map((sheet) => sheet.name));
  let name = SUMMARY_SHEET;
  for (let n = 2; taken.has(name); n++) name = `${SUMMARY_SHEET} (${n})`;
  return name;
}

/** `'三、依申请公开'!F6` for a formula: quotes doubled. */
function reference(sheet: string, cell: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${cell}`;
}

/** A link to a cell of the workbook, as a formula every spreadsheet program follows. */
function link(sheet: string, cell: string): ExcelJS.CellFormulaValue {
  const place = `${sheet}!${cell}`;
  return {
    formula: `HYPERLINK("#${reference(sheet, cell).replace(/"/g, '""')}","${place.replace(/"/g, '""')}")`,
    result: place,
    date1904: false,
  };
}

const LINK_FONT: Partial<ExcelJS.Font> = { color: { argb: "FF0563C1" }, underline: true };

function addSummary(book: ExcelJS.Workbook, input: AnnotationInput, marks: readonly Mark[]): void {
  const summary = book.addWorksheet(freeName(book), {
    // One page wide when printed, as long as it needs.
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  // First in the tabs, and the one that opens. ExcelJS orders the tabs by `orderNo` (not in its typings).
  const ordered = (sheet: ExcelJS.Worksheet) => sheet as unknown as { orderNo: number };
  for (const sheet of book.worksheets) if (sheet !== summary) ordered(sheet).orderNo += 1;
  ordered(summary).orderNo = 0;
  book.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: "visible" },
  ];
  summary.columns = [{ width: 26 }, { width: 8 }, { width: 90 }, { width: 34 }];
  summary.addRow([`校验结果：${input.fileName}`]).font = { bold: true, size: 14 };
  const lines = findingLines(input.findings);
  const { errors, warnings } = lineCounts(input.findings);
  summary.addRow([`共 ${errors} 处错误、${warnings} 处提醒。有问题的单元格已标色并附批注。`]);
  const lead = input.diagnosis?.repairs[0];
  if (input.format && input.diagnosis) {
    summary.addRow([]);
    summary.addRow(["诊断"]).font = { bold: true };
    const [sentence, ...rest] = diagnosisLines(input.diagnosis, input.format, "zh");
    summary.addRow([sentence]);
    for (const cell of lead?.cells ?? []) {
      const change =
        cell.value === null ? `表中为 ${cell.actual}；需要改动` : `表中为 ${cell.actual}；改为 ${cell.value}`;
      const row = summary.addRow([link(cell.sheet, cell.cell), "应改", change]);
      row.getCell(1).font = LINK_FONT;
    }
    // The alternatives, as the mail words them (the lead's cells are linked above).
    for (const line of rest.slice(lead && lead.cells.length > 1 ? lead.cells.length : 0))
      summary.addRow([line.trim()]);
  }
  summary.addRow([]);
  summary.addRow(["单元格", "级别", "说明", "规则"]).font = { bold: true };
  const listed = new Set(marks.map((mark) => `${mark.sheet}!${mark.cell}`));
  for (const line of lines.slice(0, MAX_LISTED)) {
    const place = line.sheet && line.cell ? `${line.sheet}!${line.cell}` : (line.sheet ?? "整个文件");
    const linked = line.sheet !== null && line.cell !== null && listed.has(place);
    const row = summary.addRow([
      linked ? link(line.sheet!, line.cell!) : place,
      line.severity === "error" ? "错误" : "提醒",
      line.message.zh,
      line.rules.join("、"),
    ]);
    row.alignment = { vertical: "top" };
    row.getCell(3).alignment = { wrapText: true, vertical: "top" };
    // Programs do not all fit a wrapped row's height: about 45 Chinese characters a line in 90 columns.
    row.height = 15 * Math.max(1, Math.ceil([...line.message.zh].length / 45));
    if (linked) row.getCell(1).font = LINK_FONT;
  }
}
