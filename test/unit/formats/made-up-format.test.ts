import { describe, expect, it } from "vitest";
import { buildTemplate } from "../../../functions/core/template";
import { validateWorkbook } from "../../../functions/core/validate";
import { FORMATS } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";
import { madeUpFormat2031, madeUpTables } from "../../fixtures/formats/made-up-2031";

/**
 * The formats are data: a third format described in data alone is written, found, read and checked —
 * sums, balance and cross-year — by the same code that reads the national formats.
 */

const formats = [...FORMATS, madeUpFormat2031];

function workbookOf(tables: ReportTables) {
  const template = buildTemplate(madeUpFormat2031, { values: tables });
  return { bytes: template.bytes, at: (key: string) => template.cells.get(key)! };
}

describe("a made-up third format", () => {
  it("reads every number of a valid report of it, told by its marker header", () => {
    const result = validateWorkbook(workbookOf(madeUpTables()).bytes, { year: 2031, formats });
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.format).toBe("2031");
    expect(result.tables).toEqual(madeUpTables());
  });

  it("rejects a total that is not the sum of its applicant columns, at its cell", () => {
    const tables = madeUpTables();
    tables.applications.granted!.all = 27;
    const { bytes, at } = workbookOf(tables);
    const result = validateWorkbook(bytes, { year: 2031, formats });
    const finding = result.findings.find((f) => f.rule === "applications.row_total");
    expect(finding).toMatchObject({
      ...at("applications.granted.all"),
      row: "granted",
      column: "all",
      expected: 26,
      actual: 27,
    });
    expect(finding!.message.zh).toMatch(/（一）同意公开「申请人合计」应为 26（四类申请人之和）/);
  });

  it("gets a diagnosis from its own relations: the mistyped cell and its right value", () => {
    const tables = madeUpTables();
    tables.applications.refused!.enterprise = 10;
    const { bytes, at } = workbookOf(tables);
    const result = validateWorkbook(bytes, { year: 2031, formats });
    expect(result.diagnosis).toMatchObject({ unique: true, bounded: false });
    expect(result.diagnosis!.repairs).toEqual([
      {
        cells: [
          {
            table: "applications",
            row: "refused",
            column: "enterprise",
            ...at("applications.refused.enterprise"),
            actual: 10,
            value: 1,
          },
        ],
      },
    ]);
    // Its findings agree: the row's total and the column's results total point at the same cell.
    for (const finding of result.findings.filter((f) => f.severity === "error")) {
      expect(finding.expected).toBeNull();
      expect(finding.message.zh).toMatch(
        /最可能出错的是 .*（（二）决定不公开「企业单位」，表中为 10，应为 1）/,
      );
    }
  });

  it("rejects a column that does not balance, at the cell the others determine", () => {
    const tables = madeUpTables();
    tables.applications.pending_after!.citizen = 7;
    tables.applications.pending_after!.all = 8;
    const { bytes, at } = workbookOf(tables);
    const result = validateWorkbook(bytes, { year: 2031, formats });
    expect(result.ok).toBe(false);
    const balance = result.findings.filter((f) => f.rule === "applications.balance");
    expect(balance.map((f) => f.column).sort()).toEqual(["all", "citizen"]);
    expect(balance.find((f) => f.column === "citizen")).toMatchObject({
      ...at("applications.pending_after.citizen"),
      expected: 6,
      actual: 7,
    });
  });

  it("rejects an appeals row whose sum is off, and a results total that is off", () => {
    const tables = madeUpTables();
    tables.appeals.suit!.sum = 3;
    tables.applications.results!.association = 2;
    tables.applications.results!.all = 38;
    tables.applications.pending_after!.association = -1 + 1;
    const result = validateWorkbook(workbookOf(tables).bytes, { year: 2031, formats });
    const rules = result.findings.map((f) => `${f.rule}@${f.row}.${f.column}`);
    expect(rules).toContain("appeals.row_total@suit.sum");
    expect(rules).toContain("applications.results_total@results.association");
  });

  it("warns when this year's figures do not follow last year's report of the same format", () => {
    const last = madeUpTables();
    last.applications.pending_after!.enterprise = 3;
    last.applications.pending_after!.all = 9;
    last.proactive.notices!.effective = 100;
    const result = validateWorkbook(workbookOf(madeUpTables()).bytes, {
      year: 2032,
      formats,
      previous: { format: "2031", year: 2031, department: "d", tables: last, notes: [] },
    });
    expect(result.ok).toBe(true);
    const warnings = result.findings.map((f) => `${f.rule}@${f.row}.${f.column}=${f.expected}`);
    expect(warnings).toContain("cross_year.carried_over@pending_before.enterprise=3");
    expect(warnings).toContain("cross_year.in_force@notices.effective=135");
  });

  it("is refused for a year its description does not cover", () => {
    const result = validateWorkbook(workbookOf(madeUpTables()).bytes, { year: 2024, formats });
    expect(result.findings.map((f) => f.rule)).toContain("format.year_mismatch");
  });
});
