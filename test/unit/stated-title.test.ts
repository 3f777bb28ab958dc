import { describe, expect, it } from "vitest";
import { statedTitle } from "../../functions/core/stated-title";
import type { Grid } from "../../functions/core/workbook/grid";
import { SheetView } from "../../functions/core/workbook/sheet-view";

/** The year and department a report's own title states. */

const view = (...lines: string[]): SheetView => {
  const grid: Grid = {
    name: "s",
    rowCount: lines.length,
    colCount: 1,
    rows: lines.map((text) => [{ type: "s", value: text, formula: false }]),
    merges: [],
  };
  return new SheetView(grid);
};

describe("statedTitle", () => {
  it("reads the department and year of a title on one line, and the cell it stands in", () => {
    expect(statedTitle([view("某市教育局2024年政府信息公开工作年度报告")])).toEqual({
      year: 2024,
      department: "某市教育局",
      sheet: "s",
      cell: "A1",
    });
  });

  it("reads the department from the line above a title set on two lines", () => {
    expect(statedTitle([view("某市教育局", "2024年政府信息公开工作年度报告")])).toEqual({
      year: 2024,
      department: "某市教育局",
      sheet: "s",
      cell: "A2",
    });
  });

  it("takes no attachment or table number above the title for a department", () => {
    expect(statedTitle([view("附件2", "2024年政府信息公开工作年度报告")]).department).toBeNull();
    expect(statedTitle([view("表一", "2024年政府信息公开工作年度报告")]).department).toBeNull();
  });
});
