import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";
import { rulesOf, textAt, workbook } from "./harness";

describe("format.year_mismatch", () => {
  it("rejects a 2019-format report uploaded for 2021, at the header that tells its format", () => {
    const { bytes } = workbook("2019", seed2019Tables());
    const result = validateWorkbook(bytes, { year: 2021 });
    expect(rulesOf(result.findings)).toEqual(["format.year_mismatch"]);
    expect(result.findings[0]).toMatchObject({ expected: "2021", actual: "2019", table: "proactive" });
    expect(result.findings[0]!.message.zh).toMatch(/2021 年度报告应使用2021年版格式/);
    expect(result.findings[0]!.message.en).toMatch(/A 2021 report must use the 2021 format/);
    expect(textAt(bytes, result.findings[0]!)).toBe("本年新制作数量");
  });

  it("rejects a report for a year before any format", () => {
    const result = validateWorkbook(workbook("2019", seed2019Tables()).bytes, { year: 2017 });
    expect(rulesOf(result.findings)).toContain("format.year_mismatch");
    expect(result.findings.find((f) => f.rule === "format.year_mismatch")).toMatchObject({ actual: 2017 });
  });
});
