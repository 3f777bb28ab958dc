import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../functions/core/validate";
import { realLayouts2, reorderedGroupsNoTitle2019, textNumbers2021 } from "../fixtures/real-layouts-2";

/**
 * A second sweep of layouts clerks really produce (see the `evidence` of each layout in
 * test/fixtures/real-layouts-2.ts). Every workbook carries consistent numbers, so a reader that finds the
 * tables reports nothing and returns exactly those numbers; a layout outside the spec is read exactly or
 * refused with an error, never published with wrong numbers.
 */

const layouts = realLayouts2();

describe("validateWorkbook › second sweep: layouts the spec's matching rules cover", () => {
  for (const layout of layouts.filter((candidate) => candidate.spec === "within")) {
    it(`reads every value of ${layout.name}`, () => {
      const result = validateWorkbook(layout.bytes(), { department: "dept-a", year: layout.year });
      expect(result.findings).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.format).toBe(layout.format);
      expect(result.tables).toEqual(layout.tables);
    });
  }

  it("keeps the 元 text of an amount converted to 万元 (`5000元`, `20,209,700.00元`)", () => {
    const county = validateWorkbook(textNumbers2021(), { year: 2024 });
    expect(county.report?.notes).toContainEqual(
      expect.objectContaining({ table: "proactive", row: "fees", column: "amount", text: "5000元" }),
    );
    const seed = validateWorkbook(reorderedGroupsNoTitle2019(), { year: 2019 });
    expect(seed.tables?.proactive.procurement?.amount).toBe(2020.97);
    expect(seed.report?.notes).toContainEqual(
      expect.objectContaining({ row: "procurement", column: "amount", text: "20,209,700.00元" }),
    );
  });
});

describe("validateWorkbook › second sweep: real layouts at the spec's edge", () => {
  for (const layout of layouts.filter((candidate) => candidate.spec === "edge")) {
    it(`reads every value of ${layout.name}`, () => {
      const result = validateWorkbook(layout.bytes(), { department: "dept-a", year: layout.year });
      expect(result.findings).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.format).toBe(layout.format);
      expect(result.tables).toEqual(layout.tables);
    });
  }
});

describe("validateWorkbook › second sweep: variants outside the spec are never published with wrong numbers", () => {
  for (const layout of layouts.filter((candidate) => candidate.spec === "outside")) {
    it(`reads ${layout.name} exactly, or reports an error`, () => {
      const result = validateWorkbook(layout.bytes(), { department: "dept-a", year: layout.year });
      if (result.ok) expect(result.tables).toEqual(layout.tables);
      else expect(result.findings.some((finding) => finding.severity === "error")).toBe(true);
    });
  }
});
