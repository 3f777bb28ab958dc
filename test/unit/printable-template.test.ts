import { readFile } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { BLANK_TITLE, printableTemplate } from "../../functions/core/printable-template";
import { linesOf } from "../../functions/core/rules/relations";
import { validateWorkbook } from "../../functions/core/validate";
import { cellKey, FORMATS, type FormatSpec, formatById, tablesOf } from "../../schemas/formats";
import type { ReportTables } from "../../schemas/report";
import { madeUpFormat2031, madeUpTables } from "../fixtures/formats/made-up-2031";
import { county2024Tables } from "../fixtures/reports/county-2021";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/**
 * The template people fill in and print: one A4 page a table, a title row for the unit and year, SUM
 * formulas with cached values in the totals, whole-number validation, and the validator reads it back
 * filled in with the same numbers — for any format described in data.
 */

const CASES: [string, FormatSpec, () => ReportTables, number][] = [
  ["2019", formatById("2019"), seed2019Tables, 2019],
  ["2021", formatById("2021"), county2024Tables, 2024],
  ["made-up 2031", madeUpFormat2031, madeUpTables, 2031],
];

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return book;
}

/**
 * A clerk filling in the blank template in a spreadsheet program: each number typed into its cell, the
 * totals left to their formulas, which the program computes and saves with their values.
 */
function fillIn(
  bytes: Uint8Array,
  cells: Map<string, { sheet: string; cell: string }>,
  tables: ReportTables,
) {
  const book = XLSX.read(bytes, { type: "array", cellFormula: true });
  for (const [key, where] of cells) {
    const [table, ...rest] = key.split(".");
    const column = rest.pop()!;
    const sheet = book.Sheets[where.sheet]!;
    const value = tables[table as keyof ReportTables][rest.join(".")]![column]!;
    const formula = sheet[where.cell]?.f;
    sheet[where.cell] = formula ? { t: "n", v: value, f: formula } : { t: "n", v: value };
  }
  return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx" }) as ArrayBuffer);
}

describe.each(CASES)("the printable template of the %s format", (_name, format, tables, year) => {
  const formats = [...FORMATS, madeUpFormat2031];

  it("prints each table on one A4 page: print area, fit to page, borders, wrapped headers, widths", async () => {
    const book = await load((await printableTemplate(format)).bytes);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(
      tablesOf(format).map((spec) => spec.sheetName),
    );
    for (const sheet of book.worksheets) {
      const setup = sheet.pageSetup;
      expect(setup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 1 });
      expect(setup.printArea).toBe(`A1:${sheet.getCell(sheet.rowCount, sheet.columnCount).address}`);
      for (const column of sheet.columns) expect(column.width).toBeGreaterThan(5);
      const header = sheet.getCell(3, 1);
      expect(header.border).toMatchObject({ top: { style: "thin" }, bottom: { style: "thin" } });
      expect(header.alignment).toMatchObject({ wrapText: true });
    }
  });

  it("has a title row for the unit's name and year", async () => {
    const blank = await load((await printableTemplate(format)).bytes);
    for (const sheet of blank.worksheets) expect(sheet.getCell("A1").value).toBe(BLANK_TITLE);
    const titled = await load(
      (await printableTemplate(format, { title: "某局2024年政府信息公开工作年度报告" })).bytes,
    );
    expect(titled.worksheets[0]!.getCell("A1").value).toBe("某局2024年政府信息公开工作年度报告");
  });

  it("writes a SUM with its cached value in every total cell, and whole-number validation in the others", async () => {
    const template = await printableTemplate(format, { values: tables() });
    const book = await load(template.bytes);
    const read = XLSX.read(template.bytes, { type: "array", cellFormula: true });
    let totals = 0;
    for (const spec of tablesOf(format)) {
      for (const relation of spec.relations) {
        if (relation.relation !== "=" || relation.left.length !== 1 || relation.left[0] !== relation.at)
          continue;
        for (const line of linesOf(spec, relation)) {
          const [row, column] = relation.along === "row" ? [line, relation.at] : [relation.at, line];
          const where = template.cells.get(cellKey({ table: spec.code, row, column }))!;
          const cell = read.Sheets[where.sheet]![where.cell]!;
          expect(cell.f, `${spec.code}.${row}.${column}`).toMatch(/SUM\(/);
          expect(cell.v).toBe(tables()[spec.code][row]![column]);
          totals++;
        }
      }
      for (const [key, where] of template.cells) {
        if (!key.startsWith(`${spec.code}.`) || read.Sheets[where.sheet]![where.cell]?.f) continue;
        const validation = book.getWorksheet(where.sheet)!.getCell(where.cell).dataValidation;
        expect(validation.type, key).toMatch(/whole|decimal/);
      }
    }
    expect(totals).toBeGreaterThan(0);
  });

  it("reads back, filled in by a clerk, with the same numbers; and blank, as blank tables", async () => {
    const blank = await printableTemplate(format);
    const unfilled = validateWorkbook(blank.bytes, { year, formats });
    expect(unfilled.findings.map((finding) => finding.rule)).toEqual([
      "table.blank",
      "table.blank",
      "table.blank",
    ]);
    const filled = validateWorkbook(fillIn(blank.bytes, blank.cells, tables()), { year, formats });
    expect(filled.findings).toEqual([]);
    expect(filled.tables).toEqual(tables());
    const written = validateWorkbook((await printableTemplate(format, { values: tables() })).bytes, {
      year,
      formats,
    });
    expect(written.findings).toEqual([]);
    expect(written.tables).toEqual(tables());
  });
});

describe("the printable template saved by another office suite", () => {
  it("reads back with the same numbers after LibreOffice Calc 7 opened, recalculated and saved it", async () => {
    // test/fixtures/saved/: the 2021 template filled with the county's 2024 report, then opened and saved
    // as .xlsx by LibreOffice Calc (soffice --headless --convert-to xlsx), which rewrites every part.
    const bytes = await readFile(
      join(import.meta.dirname, "..", "fixtures", "saved", "printable-2021-county-2024-libreoffice.xlsx"),
    );
    const result = validateWorkbook(bytes, { year: 2024 });
    expect(result.findings).toEqual([]);
    expect(result.tables).toEqual(county2024Tables());
    const j29 = XLSX.read(bytes, { type: "buffer", cellFormula: true }).Sheets["三、依申请公开"]!.J29!;
    expect(j29.f).toMatch(/SUM\(D29:I29\)/);
  });
});
