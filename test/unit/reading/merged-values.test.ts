import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { validateWorkbook } from "../../../functions/core/validate";
import { validateUpload } from "../../../functions/core/validate-upload";
import { reportPageBytes } from "../../fixtures/documents/html-pages";
import { reportDocument } from "../../fixtures/documents/report-document";
import { nationalWorkbook } from "../../fixtures/layouts/national-template";
import { county2024Tables } from "../../fixtures/reports/county-2021";
import { rulesOf } from "../rules/harness";

/** Rule 5: every value of its kind — one merged cell cannot hold the numbers of two cells of the format. */

const SHEET = "三、依申请公开";

/** The national workbook with `range` merged, its top-left holding `value` and the rest of it cleared. */
function withMerge(range: string, value: number): Uint8Array {
  const book = XLSX.read(nationalWorkbook("2021", county2024Tables()), { type: "buffer" });
  const sheet = book.Sheets[SHEET]!;
  const merge = XLSX.utils.decode_range(range);
  for (let r = merge.s.r; r <= merge.e.r; r++)
    for (let c = merge.s.c; c <= merge.e.c; c++) delete sheet[XLSX.utils.encode_cell({ r, c })];
  sheet[XLSX.utils.encode_cell(merge.s)] = { t: "n", v: value };
  sheet["!merges"] = [...(sheet["!merges"] ?? []), merge];
  return new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx" }));
}

describe("a merged cell over two number cells", () => {
  it("is one error at the merge, naming it and both cells, and neither cell is read or diagnosed", () => {
    // 自然人 40 and 商业企业 5 of 一、本年新收, merged as 45.
    const result = validateWorkbook(withMerge("D5:E5", 45), { year: 2024 });
    expect(rulesOf(result.findings)).toEqual(["value.merged_cells"]);
    expect(result.findings[0]).toMatchObject({
      table: "applications",
      row: "received",
      column: null,
      sheet: SHEET,
      cell: "D5",
      actual: "D5:E5",
      severity: "error",
    });
    expect(result.findings[0]!.message.zh).toMatch(
      /^D5:E5 是一个合并单元格，跨了 2 个数字单元格（一、本年新收政府信息公开申请数量「自然人」、一、本年新收政府信息公开申请数量「商业企业」）/,
    );
    expect(result.findings[0]!.message.zh).toMatch(/请取消合并/);
    expect(result.findings[0]!.message.en).toMatch(/Unmerge it and enter each number in its own cell/);
    expect(result.diagnosis).toBeNull();
  });

  it("over two rows of one column is the same error", () => {
    const result = validateWorkbook(withMerge("D5:D6", 43), { year: 2024 });
    expect(result.findings.map((f) => [f.rule, f.cell, f.row, f.column])).toEqual([
      ["value.merged_cells", "D5", null, "natural_person"],
    ]);
  });

  it("in a web page (colspan over two number cells) is the same error, placed in the page's terms", async () => {
    const document = reportDocument("2021", county2024Tables());
    const at = document.cells.get("applications.received.natural_person")!;
    const row = document.tables[at.table - 1]!.rows[at.row - 1]!;
    const i = row.findIndex((cell) => cell.code === "applications.received.natural_person");
    row.splice(i, 2, { ...row[i]!, text: "45", colSpan: 2 });
    const result = await validateUpload(reportPageBytes(document), { year: 2024 });
    expect(rulesOf(result.findings)).toEqual(["value.merged_cells"]);
    expect(result.findings[0]!.location).toMatchObject({ table: at.table, row: at.row, column: at.column });
  });
});
