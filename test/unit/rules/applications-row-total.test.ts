import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";
import { editWorkbook } from "../../fixtures/workbooks/edit-workbook";
import { expectMessage, rulesOf, withValues, workbook } from "./harness";

describe("applications.row_total", () => {
  it("rejects a row whose 总计 is not the sum of the six applicant columns", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.applications.disclosed!.total = 16;
      t.applications.partially_disclosed!.total = 3;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["applications.row_total"]);
    const where = at("applications", "disclosed", "total");
    expectMessage(
      result.findings.find((f) => f.cell === where.cell),
      where.sheet,
      where.cell,
      /（一）予以公开「总计」应为 15（各类申请人之和），表中为 16/,
      /disclosed, total should be 15/,
    );
  });

  it("rejects a blank 总计 beside non-zero applicant columns", () => {
    const template = workbook("2019", seed2019Tables());
    const where = template.at("applications", "received", "total");
    const bytes = editWorkbook(template.bytes, [{ sheet: where.sheet, cell: where.cell, value: null }]);
    const result = validateWorkbook(bytes, { year: 2019 });
    const finding = result.findings.find((f) => f.rule === "applications.row_total");
    expectMessage(finding, where.sheet, where.cell, /应为 105.*表中为 空白/, /should be 105 .* has blank/);
    expect(finding).toMatchObject({ expected: 105, actual: "" });
  });
});
