import { describe, expect, it } from "vitest";
import { buildTemplate } from "../../../functions/core/template";
import { validateWorkbook } from "../../../functions/core/validate";
import { formatById } from "../../../schemas/formats";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";
import { rulesOf, textAt } from "./harness";

describe("metadata.department_mismatch", () => {
  it("warns when the workbook's title names another department, not when it names this one", () => {
    const bytes = buildTemplate(formatById("2019"), {
      values: seed2019Tables(),
      title: "自治区人民政府办公厅 2019 年政府信息公开工作年度报告",
    }).bytes;
    const result = validateWorkbook(bytes, { year: 2019, departmentName: "某某市教育局" });
    expect(rulesOf(result.findings)).toEqual(["metadata.department_mismatch"]);
    expect(textAt(bytes, result.findings[0]!), "it names the title's cell").toContain("自治区人民政府办公厅");
    expect(validateWorkbook(bytes, { year: 2019, departmentName: "自治区人民政府办公厅" }).findings).toEqual(
      [],
    );
  });
});
