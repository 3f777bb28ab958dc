import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { county2024Tables } from "../../fixtures/reports/county-2021";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";
import { rulesOf, workbook } from "./harness";

describe("cross_year.in_force", () => {
  it("warns when in force ≠ last year's in force + issued − repealed, saying why it may be inexact", () => {
    const last = county2024Tables();
    last.proactive.normative_documents!.in_force = 40;
    const result = validateWorkbook(workbook("2021", county2024Tables()).bytes, {
      year: 2025,
      previous: { format: "2021", year: 2024, department: "dept-a", tables: last, notes: [] },
    });
    expect(rulesOf(result.findings)).toContain("cross_year.in_force");
    const finding = result.findings.find((f) => f.rule === "cross_year.in_force");
    expect(finding).toMatchObject({ expected: 59, actual: 57 });
    expect(finding!.message.zh).toMatch(/− 本年本年废止件数 \d+；修订、到期失效可能使其不完全相等/);
  });

  it("is not checked against a report of the other format (table 二's columns mean other things)", () => {
    const result = validateWorkbook(workbook("2021", county2024Tables()).bytes, {
      year: 2021,
      previous: { format: "2019", year: 2020, department: "dept-a", tables: seed2019Tables(), notes: [] },
    });
    expect(rulesOf(result.findings)).not.toContain("cross_year.in_force");
  });
});
