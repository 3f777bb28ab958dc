import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { previous2019, rulesOf, seed2020, workbook } from "./harness";

describe("cross_year.items_last_year", () => {
  it("warns when last year's items plus change do not carry over", () => {
    const t = seed2020();
    t.proactive.penalties!.items_last_year = 11;
    const { bytes, at } = workbook("2019", t);
    const result = validateWorkbook(bytes, { year: 2020, previous: previous2019 });
    expect(rulesOf(result.findings)).toEqual(["cross_year.items_last_year"]);
    expect(result.findings[0]).toMatchObject({
      ...at("proactive", "penalties", "items_last_year"),
      row: "penalties",
      column: "items_last_year",
      expected: 12,
      actual: 11,
    });
    expect(result.findings[0]!.message.zh).toMatch(/2019 年上一年项目数量 \d+ \+ 2019 年本年增\/减/);
  });
});
