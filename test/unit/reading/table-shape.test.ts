import { describe, expect, it } from "vitest";
import { buildTemplate } from "../../../functions/core/template";
import { validateWorkbook } from "../../../functions/core/validate";
import { cellKey, formatById } from "../../../schemas/formats";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";
import { editWorkbook } from "../../fixtures/workbooks/edit-workbook";
import { rulesOf, workbook } from "../rules/harness";

/** Rule 5, the shape: every table, row and column of the format present exactly once. */

describe("locating the tables", () => {
  it("rejects a workbook that lacks a table (table.missing)", () => {
    const template = workbook("2019", seed2019Tables());
    const bytes = editWorkbook(template.bytes, [
      { sheet: "四、复议诉讼", cell: "A3", value: null },
      { sheet: "四、复议诉讼", cell: "F4", value: null },
      { sheet: "四、复议诉讼", cell: "K4", value: null },
    ]);
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["table.missing"]);
    expect(result.findings[0]).toMatchObject({ table: "appeals", sheet: null, cell: null });
    expect(result.findings[0]!.message.zh).toMatch(/找不到「四、政府信息公开行政复议、行政诉讼情况」表/);
  });

  it("rejects a table that lacks a row (table.row_missing) and names the row", () => {
    const template = workbook("2019", seed2019Tables());
    const where = template.at("applications", "not_processed.publication", "total");
    const bytes = editWorkbook(template.bytes, [
      { sheet: where.sheet, cell: where.cell.replace(/^J/, "C"), value: "某某事项" },
    ]);
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["table.row_missing"]);
    expect(result.findings[0]).toMatchObject({ row: "not_processed.publication" });
    expect(result.findings[0]!.message.zh).toMatch(/3\.要求提供公开出版物/);
    expect(result.findings[0]!.message.en).toMatch(/asks for publications/);
  });

  it("rejects a row typed twice (table.row_duplicate) at the second one", () => {
    const template = workbook("2019", seed2019Tables());
    const where = template.at("applications", "not_processed.publication", "total");
    const labelCell = where.cell.replace(/^J/, "C");
    const bytes = editWorkbook(template.bytes, [
      { sheet: where.sheet, cell: labelCell, value: "2.重复申请" },
    ]);
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toContain("table.row_duplicate");
    expect(result.findings.find((f) => f.rule === "table.row_duplicate")).toMatchObject({ cell: labelCell });
  });

  it("rejects a table whose column header is missing (table.column_missing)", () => {
    const template = workbook("2019", seed2019Tables());
    const bytes = editWorkbook(template.bytes, [{ sheet: "三、依申请公开", cell: "F4", value: "备注" }]);
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toContain("table.column_missing");
    const finding = result.findings.find((f) => f.rule === "table.column_missing")!;
    expect(finding.message.zh).toMatch(/科研机构/);
    expect(finding.column).toBe("research");
  });

  it("names every value cell of the template by a code the format defines", () => {
    const template = buildTemplate(formatById("2021"));
    expect(
      template.cells.has(cellKey({ table: "applications", row: "other.overdue_fee", column: "total" })),
    ).toBe(true);
    expect(template.cells.has(cellKey({ table: "applications", row: "other", column: "total" }))).toBe(false);
  });
});
