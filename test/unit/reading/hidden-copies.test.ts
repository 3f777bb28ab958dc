import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { validateWorkbook } from "../../../functions/core/validate";
import { inspectContainer } from "../../../functions/core/workbook/container";
import { DEFAULT_LIMITS } from "../../../functions/core/workbook/limits";
import { readWorkbook } from "../../../functions/core/workbook/read-workbook";
import { nationalWorkbook } from "../../fixtures/layouts/national-template";
import { county2024Tables } from "../../fixtures/reports/county-2021";
import { withHiddenCopy, withHiddenRows } from "../../fixtures/workbooks/hidden-copies";

const SHEET = "二、主动公开";
const national = () => nationalWorkbook("2021", county2024Tables());

describe("hidden rows", () => {
  it("are read from the sheet's part by the guard, for the sheet the workbook declares them on", () => {
    const bytes = withHiddenRows(national(), "三、依申请公开", [4, 9]);
    const verdict = inspectContainer(bytes, DEFAULT_LIMITS);
    expect(verdict).toMatchObject({ ok: true, hiddenRows: [[], [4, 9], []] });
    const read = readWorkbook(bytes);
    if (!read.ok) throw new Error("unreadable");
    expect(read.workbook.sheets.map((grid) => [...(grid.hiddenRows ?? [])])).toEqual([[], [4, 9], []]);
  });

  it("change nothing of a report read from visible rows", () => {
    const bytes = withHiddenRows(national(), "三、依申请公开", [27]);
    expect(validateWorkbook(bytes, { year: 2024 }).ok).toBe(true);
  });

  const heightOf = (sheet: string) =>
    XLSX.utils.decode_range(XLSX.read(national(), { type: "buffer" }).Sheets[sheet]!["!ref"]!).e.r + 1;
  /** The rows (0-based) of the copy hidden: the sheet's own, or those of the copy below a blank row. */
  const hiddenCopyRows = (sheet: string, hide: "first" | "second") =>
    hide === "first" ? [0, heightOf(sheet) - 1] : [heightOf(sheet) + 1, 2 * heightOf(sheet)];
  const namedRow = (message: string) => Number(/第 (\d+) 行是隐藏行/.exec(message)?.[1]) - 1;

  it.each(["first", "second"] as const)(
    "holding a second copy of a table are named in the finding that refuses it (the %s copy hidden)",
    (hide) => {
      const sheet = "三、依申请公开";
      const result = validateWorkbook(withHiddenCopy(national(), sheet, hide), { year: 2024 });
      expect(result.ok).toBe(false);
      const duplicate = result.findings.find((f) => f.rule === "table.duplicate");
      expect(duplicate?.table).toBe("applications");
      expect(duplicate?.message.en).toMatch(/row \d+ is hidden/);
      const [from, to] = hiddenCopyRows(sheet, hide);
      expect(namedRow(duplicate!.message.zh)).toBeGreaterThanOrEqual(from!);
      expect(namedRow(duplicate!.message.zh)).toBeLessThanOrEqual(to!);
    },
  );

  it.each(["first", "second"] as const)(
    "holding a second copy of a table's rows are named in each row's finding (the %s copy hidden)",
    (hide) => {
      const result = validateWorkbook(withHiddenCopy(national(), SHEET, hide), { year: 2024 });
      const rows = result.findings.filter((f) => f.rule === "table.row_duplicate");
      expect(rows.length).toBeGreaterThan(0);
      const [from, to] = hiddenCopyRows(SHEET, hide);
      for (const row of rows) {
        expect(namedRow(row.message.zh)).toBeGreaterThanOrEqual(from!);
        expect(namedRow(row.message.zh)).toBeLessThanOrEqual(to!);
      }
    },
  );

  it("are not mentioned when both copies are in sight", () => {
    const sheet = "三、依申请公开";
    const visible = withHiddenRows(withHiddenCopy(national(), sheet, "first"), sheet, []);
    const duplicate = validateWorkbook(visible, { year: 2024 }).findings.find(
      (f) => f.rule === "table.duplicate",
    );
    expect(duplicate).toBeDefined();
    expect(duplicate?.message.zh).not.toMatch(/隐藏/);
    // It points at the first copy's first number cell, and names where each copy starts.
    const [, first, second] = /分别从 ([A-Z]+\d+)、([A-Z]+\d+) 起/.exec(duplicate!.message.zh) ?? [];
    expect(duplicate?.cell).toBe(first);
    const row = (a1: string) => XLSX.utils.decode_cell(a1).r;
    expect(row(second!) - row(first!)).toBe(heightOf(sheet) + 1);
    expect(duplicate?.message.en).toContain(`(starting at ${first}, ${second})`);
  });
});
