import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { previous2019, rulesOf, seed2020, workbook } from "./harness";

describe("cross_year.total_published", () => {
  it("warns when the total published does not grow by what was published", () => {
    const t = seed2020();
    t.proactive.normative_documents!.total_published = 80;
    const result = validateWorkbook(workbook("2019", t).bytes, { year: 2020, previous: previous2019 });
    expect(rulesOf(result.findings)).toEqual(["cross_year.total_published"]);
    expect(result.findings[0]).toMatchObject({ expected: 79, actual: 80, severity: "warning" });
  });
});
