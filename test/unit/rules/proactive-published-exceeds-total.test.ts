import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { expectMessage, rulesOf, withValues } from "./harness";

describe("proactive.published_exceeds_total", () => {
  it("warns, and still publishes, when 本年新公开数量 exceeds 对外公开总数量", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.proactive.rules!.published = 40;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(result.ok).toBe(true);
    expect(rulesOf(result.findings)).toEqual(["proactive.published_exceeds_total"]);
    const where = at("proactive", "rules", "total_published");
    expectMessage(
      result.findings[0],
      where.sheet,
      where.cell,
      /本年新公开数量」（40）大于规章「对外公开总数量」（31）/,
      /published this year \(40\) exceeds/,
    );
    expect(result.findings[0]).toMatchObject({ severity: "warning", expected: "≥ 40", actual: 31 });
  });
});
