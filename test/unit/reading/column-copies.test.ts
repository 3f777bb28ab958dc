import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { hiddenColumnsOf } from "../../../functions/core/workbook/container/hidden-columns";
import { readWorkbook } from "../../../functions/core/workbook/read-workbook";
import { nationalWorkbook } from "../../fixtures/layouts/national-template";
import { county2024Tables } from "../../fixtures/reports/county-2021";
import { withColumnCopy } from "../../fixtures/workbooks/column-copies";
import { rulesOf } from "../rules/harness";

/** Rule 5: every column of the format present exactly once — a column header typed twice is refused. */

const SHEET = "三、依申请公开";
/** 总计 of table 三 in the national template: column J, its header J3 (merged over J3:J4), numbers from row 5. */
const TOTAL = 9;
const national = () => nationalWorkbook("2021", county2024Tables());
/** The first number row of table 三 (一、本年新收), 0-based. */
const RECEIVED = 4;

describe("a column header typed twice", () => {
  it("refuses the table at both header cells, reading neither copy, when the copies differ", () => {
    // A helper 总计 typed before the real one: the visible total the clerk checks is the second.
    const bytes = withColumnCopy(national(), SHEET, {
      column: TOTAL,
      change: (value, row) => (row === RECEIVED ? value + 2 : value),
    });
    const result = validateWorkbook(bytes, { year: 2024 });
    expect(result.ok).toBe(false);
    expect(rulesOf(result.findings)).toEqual(["table.column_duplicate"]);
    expect(result.findings.map((f) => f.cell)).toEqual(["J3", "K3"]);
    for (const f of result.findings) {
      expect(f).toMatchObject({ table: "applications", column: "total", sheet: SHEET, severity: "error" });
      expect(f.message.zh).toMatch(/「总计」列出现了不止一次（J3、K3）/);
      expect(f.message.en).toMatch(/"总计" more than once \(J3, K3\)/);
      expect(f.message.zh).not.toMatch(/隐藏/);
    }
  });

  it("reads copies holding the same numbers in every row as one column (WPS's unmerge-and-fill)", () => {
    const result = validateWorkbook(withColumnCopy(national(), SHEET, { column: TOTAL }), { year: 2024 });
    expect(result.findings).toEqual([]);
    expect(result.tables?.applications.received?.total).toBe(county2024Tables().applications.received!.total);
  });

  it("refuses a copy of a column of table 二 or 四 in each block it stands in", () => {
    const proactive = validateWorkbook(
      withColumnCopy(national(), "二、主动公开", { column: 3, change: (value) => value + 1 }),
      { year: 2024 },
    );
    expect(proactive.findings.map((f) => [f.rule, f.column, f.cell])).toEqual([
      ["table.column_duplicate", "in_force", "D3"],
      ["table.column_duplicate", "in_force", "E3"],
    ]);
    const appeals = validateWorkbook(
      withColumnCopy(national(), "四、复议诉讼", { column: 5, change: (value) => value + 1 }),
      { year: 2024 },
    );
    expect(appeals.findings.map((f) => [f.rule, f.column, f.cell])).toEqual([
      ["table.column_duplicate", "upheld", "F4"],
      ["table.column_duplicate", "upheld", "G4"],
    ]);
  });

  it("says a hidden copy is hidden, and blames none of its numbers on the rows' totals", () => {
    // Last year's 总计 kept and hidden: every number one off, 25 row totals wrong in a column nobody sees.
    const bytes = withColumnCopy(national(), SHEET, {
      column: TOTAL,
      change: (value) => value + 1,
      hidden: true,
    });
    const result = validateWorkbook(bytes, { year: 2024 });
    expect(rulesOf(result.findings)).toEqual(["table.column_duplicate"]);
    expect(result.diagnosis).toBeNull();
    const [first] = result.findings;
    expect(first!.message.zh).toMatch(/J 列是隐藏列：选中它左右两列，右键 →「取消隐藏」/);
    expect(first!.message.en).toMatch(
      /column J is hidden: select the columns around it, right-click → Unhide/,
    );
  });

  it("refuses a copy of a column inside the 法人或其他组织 group (科研机构 twice)", () => {
    const bytes = withColumnCopy(national(), SHEET, { column: 5, change: (value) => value + 3 });
    const result = validateWorkbook(bytes, { year: 2024 });
    expect(rulesOf(result.findings)).toEqual(["table.column_duplicate"]);
    expect(result.findings.map((f) => [f.column, f.cell])).toEqual([
      ["research", "F4"],
      ["research", "G4"],
    ]);
  });
});

describe("hidden columns", () => {
  it("are read by the guard from a sheet's <cols>, ranges included, bounded by the columns read", () => {
    const xml =
      '<worksheet><cols><col min="2" max="2" width="9"/><col min="3" max="4" hidden="1"/>' +
      '<x:col min="10" max="10" hidden="true"/><col min="12" max="99999" hidden="1"/></cols></worksheet>';
    expect(hiddenColumnsOf(xml, 13)).toEqual([2, 3, 9, 11, 12]);
  });

  it("reach the grid of the sheet that hides them", () => {
    const read = readWorkbook(withColumnCopy(national(), SHEET, { column: TOTAL, hidden: true }));
    if (!read.ok) throw new Error("unreadable");
    expect(read.workbook.sheets.map((grid) => [...(grid.hiddenColumns ?? [])])).toEqual([[], [TOTAL], []]);
  });
});
