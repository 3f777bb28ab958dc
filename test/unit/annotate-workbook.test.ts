import { readFile } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import {
  annotatedName,
  annotateWorkbook,
  SUMMARY_SHEET,
} from "../../functions/core/annotate/annotate-workbook";
import { validateWorkbook } from "../../functions/core/validate";
import { formatById } from "../../schemas/formats";

/**
 * The annotated copy of the clerk's workbook: every cell a finding (or the diagnosis) names is filled
 * and commented, a first sheet 校验结果 lists the findings with links, and everything else reads back
 * exactly as uploaded.
 */

const SHEET = "三、依申请公开";

async function cityEdu(): Promise<Uint8Array> {
  return new Uint8Array(
    await readFile(join(import.meta.dirname, "..", "..", "examples", "city-edu-2024.xlsx")),
  );
}

/** The example with what real workbooks also hold: another sheet with a formula and a merge. */
async function withExtras(): Promise<Uint8Array> {
  const book = XLSX.read(await cityEdu(), { type: "array", cellFormula: true });
  const notes = XLSX.utils.aoa_to_sheet([
    ["填报说明", null],
    ["合计", 3],
    ["", 4],
  ]);
  notes.B3 = { t: "n", v: 7, f: "B2+4" };
  notes["!merges"] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 1 } }];
  XLSX.utils.book_append_sheet(book, notes, "填报说明");
  return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx" }) as ArrayBuffer);
}

async function annotate(bytes: Uint8Array, fileName = "city-edu-2024.xlsx") {
  const result = validateWorkbook(bytes, { year: 2024 });
  return annotateWorkbook(bytes, {
    findings: result.findings,
    diagnosis: result.diagnosis,
    format: result.format ? formatById(result.format) : null,
    fileName,
  });
}

/** Every cell of a sheet as SheetJS reads it: type, value, formula (an empty text cell is a blank one: ExcelJS drops it). */
function cellsOf(sheet: XLSX.WorkSheet) {
  const out: Record<string, unknown> = {};
  for (const [address, cell] of Object.entries(sheet)) {
    if (address.startsWith("!")) continue;
    const { t, v, f } = cell as XLSX.CellObject;
    if (v === "" && !f) continue;
    out[address] = { t, v, f };
  }
  return out;
}

/** A sheet's merged ranges, in A1, sorted (writers list them in their own order). */
const mergesOf = (sheet: XLSX.WorkSheet) =>
  (sheet["!merges"] ?? []).map((range) => XLSX.utils.encode_range(range)).sort();

describe("annotateWorkbook", () => {
  it("keeps every value, formula, merge and sheet as uploaded, and puts 校验结果 first", async () => {
    const original = await withExtras();
    const annotated = await annotate(original);
    expect(annotated.ok).toBe(true);
    if (!annotated.ok) return;
    const before = XLSX.read(original, { type: "array", cellFormula: true });
    const after = XLSX.read(annotated.bytes, { type: "array", cellFormula: true });
    expect(after.SheetNames).toEqual([SUMMARY_SHEET, ...before.SheetNames]);
    for (const name of before.SheetNames) {
      expect(cellsOf(after.Sheets[name]!), name).toEqual(cellsOf(before.Sheets[name]!));
      expect(mergesOf(after.Sheets[name]!), name).toEqual(mergesOf(before.Sheets[name]!));
    }
    // The copy still validates to the same findings: nothing the validator reads was changed.
    const again = validateWorkbook(annotated.bytes, { year: 2024 });
    expect(again.findings).toEqual(validateWorkbook(original, { year: 2024 }).findings);
  });

  it("fills and comments every cell a finding or the diagnosis names, in Chinese", async () => {
    const annotated = await annotate(await cityEdu());
    if (!annotated.ok) throw new Error("no copy");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(annotated.bytes as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet(SHEET)!;
    for (const address of ["F6", "J6", "J29", "F30", "J30"]) {
      const cell = sheet.getCell(address);
      expect(cell.fill, address).toMatchObject({ type: "pattern", pattern: "solid" });
      const note =
        typeof cell.note === "string" ? cell.note : (cell.note?.texts ?? []).map((t) => t.text).join("");
      expect(note, address).toMatch(/^【校验】/);
    }
    const noteOf = (address: string) => {
      const note = sheet.getCell(address).note!;
      return typeof note === "string" ? note : (note.texts ?? []).map((t) => t.text).join("");
    };
    expect(noteOf("F6")).toContain("最可能出错：表中为 2，应改为 0。");
    expect(noteOf("J29")).toContain("应为 46");
    // A cell nothing names is left alone.
    expect(sheet.getCell("D6").note).toBeUndefined();
  });

  it("lists the findings on 校验结果, one line per cell, each linked to its cell", async () => {
    const annotated = await annotate(await cityEdu());
    if (!annotated.ok) throw new Error("no copy");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(annotated.bytes as unknown as ExcelJS.Buffer);
    const summary = book.worksheets[0]!;
    expect(summary.name).toBe(SUMMARY_SHEET);
    const rows: { link: string; text: string }[] = [];
    summary.eachRow((row) => {
      const value = row.getCell(1).value as ExcelJS.CellFormulaValue | string | null;
      if (value && typeof value === "object" && "formula" in value) {
        rows.push({ link: value.formula, text: String(row.getCell(3).value) });
      }
    });
    // The diagnosis's cells first, then one line per cell of the findings.
    expect(rows.map((row) => row.link)).toEqual(
      ["F6", "J29", "J6", "J29", "F30", "J30"].map(
        (cell) => `HYPERLINK("#'${SHEET}'!${cell}","${SHEET}!${cell}")`,
      ),
    );
    expect(rows[1]!.text).toBe("表中为 47；改为 46");
    expect(rows[3]!.text).toBe("（七）总计「总计」应为 46（各类申请人之和；各项办理结果之和），表中为 47。");
    const text = summary.getColumn(1).values.join("\n");
    expect(text).toContain("最可能出错的是以下 2 个单元格");
  });

  it("converts an .xls upload to .xlsx, keeping its numbers", async () => {
    const book = XLSX.read(await cityEdu(), { type: "array" });
    const xls = new Uint8Array(XLSX.write(book, { type: "array", bookType: "biff8" }) as ArrayBuffer);
    const annotated = await annotate(xls, "city-edu-2024.xls");
    expect(annotated).toMatchObject({ ok: true, converted: true, fileName: "city-edu-2024（已标注）.xlsx" });
    if (!annotated.ok) return;
    const back = XLSX.read(annotated.bytes, { type: "array" });
    expect(back.SheetNames[0]).toBe(SUMMARY_SHEET);
    expect(back.Sheets[SHEET]!.F6!.v).toBe(2);
  });

  it("names the copy after the upload", () => {
    expect(annotatedName("2024年报.xlsx")).toBe("2024年报（已标注）.xlsx");
    expect(annotatedName("旧格式.XLS")).toBe("旧格式（已标注）.xlsx");
  });
});
