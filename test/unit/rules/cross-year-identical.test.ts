import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { county2024Tables } from "../../fixtures/reports/county-2021";
import { workbook } from "./harness";

describe("cross_year.identical", () => {
  it("warns when every table is identical to last year's", () => {
    const result = validateWorkbook(workbook("2021", county2024Tables()).bytes, {
      year: 2025,
      previous: { format: "2021", year: 2024, department: "dept-a", tables: county2024Tables(), notes: [] },
    });
    expect(result.ok).toBe(true);
    const finding = result.findings.find((f) => f.rule === "cross_year.identical");
    expect(finding?.message.zh).toMatch(/完全相同/);
    expect(finding?.message.en).toMatch(/equals 2024's published report/);
  });

  it("says nothing when one number differs", () => {
    const last = county2024Tables();
    last.appeals.reconsideration!.pending = (last.appeals.reconsideration!.pending ?? 0) + 1;
    const result = validateWorkbook(workbook("2021", county2024Tables()).bytes, {
      year: 2025,
      previous: { format: "2021", year: 2024, department: "dept-a", tables: last, notes: [] },
    });
    expect(result.findings.map((f) => f.rule)).not.toContain("cross_year.identical");
  });
});
