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

  it("takes the line stating the upload's year as the title when the top lines list other years' reports too", () => {
    const page = view(
      "某县市场监督管理局2022年政府信息公开工作年度报告",
      "某县市场监督管理局2021年政府信息公开工作年度报告",
      "某县市场监督管理局2023年政府信息公开工作年度报告",
    );
    expect(statedTitle([page], 2023)).toMatchObject({ year: 2023, cell: "A3" });
    // Without the upload's year, or when no line states it, the first line says what the file states.
    expect(statedTitle([page])).toMatchObject({ year: 2022, cell: "A1" });
    expect(statedTitle([page], 2024)).toMatchObject({ year: 2022, cell: "A1" });
  });
});
