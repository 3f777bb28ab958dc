import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { county2024Tables } from "../../fixtures/reports/county-2021";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";
import { expectMessage, previous2019, rulesOf, seed2020, workbook } from "./harness";

describe("cross_year.carried_over", () => {
  it("accepts a 2020 report that continues 2019's numbers without a cross-year warning", () => {
    const result = validateWorkbook(workbook("2019", seed2020()).bytes, {
      year: 2020,
      previous: previous2019,
    });
    expect(result.findings).toEqual([]);
  });

  it("warns when carried over differs from last year's carried forward", () => {
    const last = structuredClone(previous2019.tables);
    last.applications.carried_forward!.natural_person = 2;
    const { bytes, at } = workbook("2019", seed2020());
    const result = validateWorkbook(bytes, { year: 2020, previous: { ...previous2019, tables: last } });
    expect(result.ok).toBe(true);
    expect(rulesOf(result.findings)).toEqual(["cross_year.carried_over"]);
    const where = at("applications", "carried_over", "natural_person");
    expectMessage(
      result.findings[0],
      where.sheet,
      where.cell,
      /为 0，按 2019 年已发布的报告应为 2/,
      /is 0; 2019's published report implies 2/,
    );
  });

  it("compares across the change of format, section 三 being the same in both", () => {
    const last = seed2019Tables();
    last.applications.carried_forward!.commercial = 3;
    const result = validateWorkbook(workbook("2021", county2024Tables()).bytes, {
      year: 2021,
      previous: { format: "2019", year: 2020, department: "dept-a", tables: last, notes: [] },
    });
    expect(
      result.findings.filter((f) => f.rule === "cross_year.carried_over").map((f) => f.column),
    ).toContain("commercial");
  });

  it("says nothing when last year's report is not the year before", () => {
    const last = structuredClone(previous2019.tables);
    last.applications.carried_forward!.natural_person = 2;
    const result = validateWorkbook(workbook("2019", seed2020()).bytes, {
      year: 2020,
      previous: { ...previous2019, year: 2018, tables: last },
    });
    expect(result.findings).toEqual([]);
  });
});
