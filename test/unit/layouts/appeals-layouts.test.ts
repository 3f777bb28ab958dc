import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import {
  stackedAppealsSheet,
  withAppealsSheet,
  wordPastedAppealsSheet,
} from "../../fixtures/layouts/appeals-layouts";
import { county2024Tables } from "../../fixtures/reports/county-2021";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";

/** Section 四 is read by its labels in any layout they allow, never by width or position. */
describe("section 四 laid out otherwise than in one line", () => {
  const cases = [
    ["as two stacked blocks, 行政复议 above 行政诉讼", stackedAppealsSheet],
    [
      "with every header and number merged over two columns (a Word table pasted into Excel)",
      wordPastedAppealsSheet,
    ],
  ] as const;
  for (const [name, sheet] of cases) {
    for (const [format, tables, year] of [
      ["2021", county2024Tables(), 2024],
      ["2019", seed2019Tables(), 2019],
    ] as const) {
      it(`reads every number ${name} (${format} format)`, () => {
        const result = validateWorkbook(withAppealsSheet(format, tables, sheet(tables)), { year });
        expect(result.findings).toEqual([]);
        expect(result.tables?.appeals).toEqual(tables.appeals);
      });
    }
  }

  it("still refuses two full copies of the table stacked on one sheet", () => {
    const tables = county2024Tables();
    const once = stackedAppealsSheet(tables);
    const twice = stackedAppealsSheet(tables);
    for (const [r, row] of once.rows.entries()) {
      for (const [c, value] of row.entries()) twice.set(r + 12, c, value);
    }
    const result = validateWorkbook(withAppealsSheet("2021", tables, twice), { year: 2024 });
    expect(result.findings.map((finding) => finding.rule)).toContain("table.duplicate");
  });
});
