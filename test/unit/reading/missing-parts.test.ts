import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { nationalWorkbook } from "../../fixtures/layouts/national-template";
import { county2024Tables } from "../../fixtures/reports/county-2021";
import { editWorkbook } from "../../fixtures/workbooks/edit-workbook";

/**
 * Rule 5: a header or label written otherwise than the format writes it is not read as a synonym; the
 * clerk gets one finding at the cell to correct, not one per row of the column.
 */

const national = () => nationalWorkbook("2021", county2024Tables());
const edited = (sheet: string, cell: string, value: string | null) =>
  validateWorkbook(editWorkbook(national(), [{ sheet, cell, value }]), { year: 2024 });

describe("a column header the format does not know", () => {
  it.each([
    ["总计", "J3", "合计"],
    ["总计", "J3", "小计"],
    ["其他", "I4", "其他组织"],
    ["自然人", "D3", "个人"],
  ])("is one finding at the header cell where %s was expected (%s holds %s)", (label, cell, typed) => {
    const result = edited("三、依申请公开", cell, typed);
    expect(result.findings).toHaveLength(1);
    const [missing] = result.findings;
    expect(missing).toMatchObject({
      rule: "table.column_missing",
      table: "applications",
      row: null,
      sheet: "三、依申请公开",
      cell,
      expected: label,
      actual: typed,
    });
    expect(missing!.message.zh).toContain(`${cell} 为「${typed}」，应为「${label}」`);
    expect(missing!.message.en).toContain(`${cell} holds "${typed}", where "${label}" is expected`);
  });

  it("says the header cell is blank when it was cleared", () => {
    const result = edited("三、依申请公开", "J3", null);
    expect(result.findings.map((f) => [f.rule, f.cell, f.actual])).toEqual([
      ["table.column_missing", "J3", null],
    ]);
    expect(result.findings[0]!.message.zh).toContain("J3 是空白，应为「总计」");
  });

  it("is one finding for all the rows of table 二 under the header", () => {
    const result = edited("二、主动公开", "D3", "现行有效数");
    expect(result.findings.map((f) => [f.rule, f.column, f.cell, f.actual])).toEqual([
      ["table.column_missing", "in_force", "D3", "现行有效数"],
    ]);
  });

  it("is one finding for the block of table 四 it stands in, naming the block's row", () => {
    const result = edited("四、复议诉讼", "D3", "未审结");
    expect(result.findings.map((f) => [f.rule, f.row, f.column, f.cell, f.actual])).toEqual([
      ["table.column_missing", "reconsideration", "pending", "D3", "未审结"],
    ]);
  });
});

describe("a row label the format does not know", () => {
  it("is one finding at the label cell where the row was expected, saying what it holds", () => {
    const result = edited("三、依申请公开", "B28", "（七）合计");
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      rule: "table.row_missing",
      row: "results_total",
      cell: "B28",
      expected: "（七）总计",
      actual: "（七）合计",
    });
    expect(result.findings[0]!.message.zh).toContain("B28 为「（七）合计」，应为「（七）总计」");
  });

  it("under a heading, is placed at the sub-row's own label", () => {
    const result = edited("三、依申请公开", "C11", "某某事项");
    expect(result.findings.map((f) => [f.rule, f.row, f.cell, f.actual])).toEqual([
      ["table.row_missing", "withheld.security_stability", "C11", "某某事项"],
    ]);
  });
});
