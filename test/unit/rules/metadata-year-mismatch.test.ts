import { describe, expect, it } from "vitest";
import { buildTemplate } from "../../../functions/core/template";
import { validateWorkbook } from "../../../functions/core/validate";
import { formatById } from "../../../schemas/formats";
import { rulesOf, seed2020, textAt } from "./harness";

describe("metadata.year_mismatch", () => {
  it("warns when the workbook's title states another year", () => {
    const bytes = buildTemplate(formatById("2019"), {
      values: seed2020(),
      title: "某某局 2019 年政府信息公开工作年度报告",
    }).bytes;
    const result = validateWorkbook(bytes, { year: 2020 });
    expect(rulesOf(result.findings)).toEqual(["metadata.year_mismatch"]);
    expect(result.findings[0]).toMatchObject({ expected: 2020, actual: 2019, severity: "warning" });
    expect(textAt(bytes, result.findings[0]!), "it names the title's cell").toContain("2019 年政府信息公开");
    expect(result.findings[0]!.message.zh).toContain("作为 2020 年的报告上传");
  });
});
