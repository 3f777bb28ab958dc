import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../functions/core/validate";
import { county2023Tables, county2024Tables } from "../fixtures/reports/county-2021";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/** The demo's workbooks (examples/*.xlsx, files anyone can open in Excel) say what the demo says of them. */

const example = (name: string) => readFile(join(import.meta.dirname, "..", "..", "examples", name));

describe("examples/", () => {
  it.each([
    ["nx-office-2019.xlsx", 2019, seed2019Tables()],
    ["county-amr-2023.xlsx", 2023, county2023Tables()],
    ["county-amr-2024.xlsx", 2024, county2024Tables()],
  ])("%s validates with the numbers it was written from", async (name, year, tables) => {
    const result = validateWorkbook(await example(name), { year });
    expect(result.findings).toEqual([]);
    expect(result.tables).toEqual(tables);
  });

  it("city-edu-2024.xlsx is rejected for its totals and balance, cell by cell", async () => {
    const result = validateWorkbook(await example("city-edu-2024.xlsx"), { year: 2024 });
    expect(result.ok).toBe(false);
    expect(result.findings.map((finding) => `${finding.rule}@${finding.cell}`)).toEqual([
      "applications.row_total@J6",
      "applications.row_total@J29",
      "applications.results_total@J29",
      "applications.balance@F30",
      "applications.balance@J30",
    ]);
  });

  it("city-edu-2024.xlsx is diagnosed: F6 (a 科研机构 request with no result) and J29, and no 应为 contradicts it", async () => {
    const result = validateWorkbook(await example("city-edu-2024.xlsx"), { year: 2024 });
    expect(result.diagnosis).toEqual({
      repairs: [
        {
          cells: [
            {
              table: "applications",
              row: "received",
              column: "research",
              sheet: "三、依申请公开",
              cell: "F6",
              actual: 2,
              value: 0,
            },
            {
              table: "applications",
              row: "results_total",
              column: "total",
              sheet: "三、依申请公开",
              cell: "J29",
              actual: 47,
              value: 46,
            },
          ],
        },
      ],
      unique: true,
      bounded: false,
      reason: null,
    });
    // The old suggestions, each worked out from the other wrong numbers, are gone.
    const expected = Object.fromEntries(result.findings.map((f) => [`${f.rule}@${f.cell}`, f.expected]));
    expect(expected).toEqual({
      "applications.row_total@J6": null,
      "applications.row_total@J29": 46,
      "applications.results_total@J29": 46,
      "applications.balance@F30": null,
      "applications.balance@J30": null,
    });
    for (const finding of result.findings) expect(finding.message.zh).not.toMatch(/应为 (50|2|4)(\D|$)/);
  });
});
