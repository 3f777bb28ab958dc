import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import type { FindingCode } from "../../../schemas/finding";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";
import { type Edit, editWorkbook } from "../../fixtures/workbooks/edit-workbook";
import { expectMessage, rulesOf, workbook } from "../rules/harness";

/** Rule 5, values of their kind: an unreadable number is an error at its cell, and is summed nowhere. */

const cases: {
  name: string;
  rule: FindingCode;
  edit: (cell: { sheet: string; cell: string }) => Edit;
  row: string;
  column: string;
}[] = [
  {
    name: "text that is not a number (约20)",
    rule: "value.not_a_number",
    row: "received",
    column: "research",
    edit: (w) => ({ ...w, value: "约20" }),
  },
  {
    name: "Chinese numerals (十四)",
    rule: "value.not_a_number",
    row: "disclosed",
    column: "natural_person",
    edit: (w) => ({ ...w, value: "十四" }),
  },
  {
    name: "a fraction as a count (2.5)",
    rule: "value.not_whole",
    row: "received",
    column: "research",
    edit: (w) => ({ ...w, value: 2.5 }),
  },
  {
    name: "a negative count",
    rule: "value.negative",
    row: "received",
    column: "research",
    edit: (w) => ({ ...w, value: "-2" }),
  },
  {
    name: "a count of a billion (a typo)",
    rule: "value.too_large",
    row: "received",
    column: "research",
    edit: (w) => ({ ...w, value: 5_000_000_000 }),
  },
  {
    name: "a formula error (#REF!)",
    rule: "value.formula_error",
    row: "received",
    column: "research",
    edit: (w) => ({ ...w, raw: { t: "e", v: 0x17, w: "#REF!", f: "A1/0" } }),
  },
  {
    name: "a formula saved without its value",
    rule: "value.formula_uncached",
    row: "received",
    column: "research",
    edit: (w) => ({ ...w, raw: { t: "n", f: "SUM(E5:E6)" } as never }),
  },
];

describe("reading values", () => {
  for (const testCase of cases) {
    it(`rejects ${testCase.name} in a number cell (${testCase.rule})`, () => {
      const template = workbook("2019", seed2019Tables());
      const where = template.at("applications", testCase.row, testCase.column);
      const result = validateWorkbook(editWorkbook(template.bytes, [testCase.edit(where)]), { year: 2019 });
      const finding = result.findings.find((f) => f.rule === testCase.rule);
      expectMessage(finding, where.sheet, where.cell, /./, /./);
      expect(finding).toMatchObject({ table: "applications", row: testCase.row, column: testCase.column });
      expect(result.ok).toBe(false);
      // The unreadable cell is not summed: no follow-on total errors about it.
      expect(rulesOf(result.findings)).toEqual([testCase.rule]);
    });
  }

  it("rejects an amount finer than 1 分 (value.too_precise)", () => {
    const template = workbook("2019", seed2019Tables());
    const where = template.at("proactive", "procurement", "amount");
    const result = validateWorkbook(editWorkbook(template.bytes, [{ ...where, value: "1.1234567" }]), {
      year: 2019,
    });
    expect(rulesOf(result.findings)).toEqual(["value.too_precise"]);
    expectMessage(result.findings[0], where.sheet, where.cell, /6 位小数/, /6 decimals/);
  });

  it("converts an amount by its header's unit and warns (value.unit_from_header)", () => {
    const template = workbook("2019", seed2019Tables());
    const where = template.at("proactive", "procurement", "amount");
    const header = { sheet: where.sheet, cell: where.cell.replace(/\d+$/, (n) => String(Number(n) - 1)) };
    const result = validateWorkbook(
      editWorkbook(template.bytes, [
        { ...header, value: "采购总金额（元）" },
        { ...where, value: 12345 },
      ]),
      { year: 2019 },
    );
    expect(result.ok).toBe(true);
    expect(rulesOf(result.findings)).toEqual(["value.unit_from_header"]);
    expect(result.tables?.proactive.procurement?.amount).toBe(1.2345);
  });
});
