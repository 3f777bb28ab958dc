import ExcelJS from "exceljs";
import {
  cellKey,
  type FormatSpec,
  type Relation,
  type TableSpec,
  tablesOf,
  type ValueKind,
} from "../../schemas/formats";
import type { ReportTables } from "../../schemas/report";
import { linesOf } from "./rules/relations";
import type { Template } from "./template";
import { type LaidOutTable, layOut, type ValuePosition } from "./template-layout";
import { address } from "./workbook/grid";

/**
 * The template people fill in and print, from the format description and the same layout as the plain
 * writer: each table on its own sheet fitting one A4 page (print area, fit to page, borders, wrapped
 * headers, column widths), a title row for the unit's name and year, a `SUM` formula with its cached
 * value in every total cell (blank while its parts are), and whole-number validation on the value cells. ExcelJS writes it (SheetJS's
 * community build writes no styles, print settings or validation).
 */

export interface PrintableOptions {
  values?: ReportTables;
  /** The unit's name and year for the title row; a blank line to fill in when absent. */
  title?: string;
}

/** The title row of a blank template: the unit's name and the year to fill in. */
export const BLANK_TITLE = "（单位名称）＿＿＿＿＿＿＿＿ ＿＿＿＿ 年政府信息公开工作年度报告";

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin" },
  left: { style: "thin" },
  bottom: { style: "thin" },
  right: { style: "thin" },
};

/** A4, as Excel numbers its paper sizes. */
const A4 = 9;

/** The printable template, and where each value cell went. */
export async function printableTemplate(
  format: FormatSpec,
  options: PrintableOptions = {},
): Promise<Template> {
  const book = new ExcelJS.Workbook();
  const cells: Template["cells"] = new Map();
  for (const spec of tablesOf(format)) {
    const laid = layOut(spec, {
      title: options.title ?? BLANK_TITLE,
      ...(options.values ? { values: options.values } : {}),
    });
    writeSheet(book, laid, options.values);
    for (const [key, { r, c }] of laid.values) cells.set(key, { sheet: spec.sheetName, cell: address(r, c) });
  }
  return { bytes: new Uint8Array(await book.xlsx.writeBuffer()), cells };
}

function writeSheet(book: ExcelJS.Workbook, laid: LaidOutTable, values: ReportTables | undefined): void {
  const { spec } = laid;
  const wide = landscapeFits(laid);
  const last = address(laid.rows.length - 1, laid.width - 1);
  const sheet = book.addWorksheet(spec.sheetName, {
    pageSetup: {
      paperSize: A4,
      orientation: wide ? "landscape" : "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      horizontalCentered: true,
      printArea: `A1:${last}`,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  // Wider than the plain layout's value columns: a header such as 法律服务机构 wraps to two lines.
  sheet.columns = laid.widths.map((width) => ({ width: Math.max(width, 11) }));
  const valueAt = new Map<string, ValuePosition & { key: string }>();
  for (const [key, position] of laid.values) valueAt.set(`${position.r},${position.c}`, { ...position, key });
  const formulas = totalFormulas(spec, laid, values);
  const kinds = new Map(spec.columns.map((column) => [column.code, column.kind]));
  laid.rows.forEach((row, r) => {
    row.forEach((text, c) => {
      const cell = sheet.getCell(r + 1, c + 1);
      const value = valueAt.get(`${r},${c}`);
      if (r < laid.titleRows) {
        cell.value = text;
        cell.font = { bold: true, size: r === 0 ? 16 : 13 };
        cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
        return;
      }
      cell.border = THIN;
      if (!value) {
        cell.value = text;
        cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
        return;
      }
      cell.alignment = { horizontal: "right", vertical: "middle" };
      const formula = formulas.get(value.key);
      if (formula) {
        cell.value = { formula: formula.formula, result: formula.result };
        cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } };
        return;
      }
      cell.value = text;
      cell.dataValidation = validationOf(kinds.get(value.column) ?? "count");
    });
  });
  for (const merge of laid.merges)
    sheet.mergeCells(merge.s.r + 1, merge.s.c + 1, merge.e.r + 1, merge.e.c + 1);
  // Room for wrapped headers: two lines a row at least.
  for (let r = 0; r < laid.rows.length; r++) {
    sheet.getRow(r + 1).height = r < laid.titleRows ? TITLE_HEIGHT : ROW_HEIGHT;
  }
}

/** Row heights, in points: the titles, and room for two wrapped lines in each row of the table. */
const TITLE_HEIGHT = 28;
const ROW_HEIGHT = 30;

/**
 * Whether the table prints larger turned sideways: the scale that fits it on A4 (printable about
 * 7.3 × 10.3 inches within the margins), landscape against portrait; a column of width 1 is about
 * 0.075 inch.
 */
function landscapeFits(laid: LaidOutTable): boolean {
  const width = laid.widths.reduce((sum, w) => sum + Math.max(w, 11), 0) * 0.075;
  const height = (laid.titleRows * TITLE_HEIGHT + (laid.rows.length - laid.titleRows) * ROW_HEIGHT) / 72;
  const scale = (across: number, down: number) => Math.min(across / width, down / height);
  return scale(10.3, 7.3) > scale(7.3, 10.3);
}

function validationOf(kind: ValueKind): ExcelJS.DataValidation {
  switch (kind) {
    case "count":
      return {
        type: "whole",
        operator: "greaterThanOrEqual",
        formulae: [0],
        allowBlank: true,
        showErrorMessage: true,
        errorTitle: "请填写整数",
        error: "请填写不小于 0 的整数；没有的填 0。",
      };
    case "signed_count":
      return {
        type: "whole",
        operator: "between",
        formulae: [-1_000_000_000, 1_000_000_000],
        allowBlank: true,
        showErrorMessage: true,
        errorTitle: "请填写整数",
        error: "请填写整数；减少的填负数，如 -4。",
      };
    case "amount":
      return {
        type: "decimal",
        operator: "greaterThanOrEqual",
        formulae: [0],
        allowBlank: true,
        showErrorMessage: true,
        errorTitle: "请填写金额",
        error: "请填写以万元为单位、不小于 0 的数。",
      };
  }
}

/**
 * A `SUM` for every total: the cell a relation `total = a + b + …` names, summing its parts' cells
 * (runs of adjacent cells as ranges), with the value the parts add up to as its cached result. A cell
 * two such relations name (a grand total) takes the first.
 */
function totalFormulas(
  spec: TableSpec,
  laid: LaidOutTable,
  values: ReportTables | undefined,
): Map<string, { formula: string; result: number | string }> {
  const formulas = new Map<string, { formula: string; result: number | string }>();
  const at = (row: string, column: string) => laid.values.get(cellKey({ table: spec.code, row, column }));
  for (const relation of spec.relations) {
    if (!isTotal(relation)) continue;
    for (const line of linesOf(spec, relation)) {
      const cell = (term: string) => (relation.along === "row" ? at(line, term) : at(term, line));
      const total = cell(relation.at);
      const parts = relation.right.map(cell);
      if (!total || parts.some((part) => !part)) continue;
      const key = cellKey({ table: spec.code, row: total.row, column: total.column });
      if (formulas.has(key)) continue;
      const result = parts.reduce(
        (sum, part) => sum + (values?.[spec.code]?.[part!.row]?.[part!.column] ?? 0),
        0,
      );
      const cells = ranges(parts as ValuePosition[]);
      // Blank while its parts are: an unfilled form must read as blank, not as a report of zeros.
      formulas.set(key, { formula: `IF(COUNT(${cells})=0,"",SUM(${cells}))`, result: values ? result : "" });
    }
  }
  return formulas;
}

/** `total = a + b + …` with the total alone on its side. */
function isTotal(relation: Relation): boolean {
  return (
    relation.relation === "=" &&
    relation.left.length === 1 &&
    relation.left[0] === relation.at &&
    relation.right.length > 0
  );
}

/** Cells as `D7:D25,D27`: runs of adjacent cells in one row or one column become ranges. */
function ranges(cells: readonly ValuePosition[]): string {
  const sorted = [...cells].sort((a, b) => a.r - b.r || a.c - b.c);
  const out: string[] = [];
  let start = sorted[0]!;
  let end = start;
  const flush = () =>
    out.push(
      start === end ? address(start.r, start.c) : `${address(start.r, start.c)}:${address(end.r, end.c)}`,
    );
  for (const cell of sorted.slice(1)) {
    const nextInRow = cell.r === end.r && cell.c === end.c + 1 && start.r === end.r;
    const nextInColumn = cell.c === end.c && cell.r === end.r + 1 && start.c === end.c;
    if (nextInRow || nextInColumn) {
      end = cell;
      continue;
    }
    flush();
    start = cell;
    end = cell;
  }
  flush();
  return out.join(",");
}
