import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { expectMessage, rulesOf, withValues } from "./harness";

describe("appeals.row_total", () => {
  it("rejects an appeals total that is not upheld + corrected + other + pending", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.appeals.reconsideration!.total = 12;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["appeals.row_total"]);
    const where = at("appeals", "reconsideration", "total");
    expectMessage(
      result.findings[0],
      where.sheet,
      where.cell,
      /行政复议「总计」应为 11.*表中为 12/,
      /should be 11 .* has 12/,
    );
  });
});
