import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../functions/core/validate";
import { realLayouts, wordPasted2019 } from "../fixtures/real-layouts";
import { seed2019Tables } from "../fixtures/reports/seed-2019";

/**
 * Layouts of published annual reports the product's authors had not built fixtures for (see the
 * `evidence` of each layout in test/fixtures/real-layouts.ts). Every workbook carries consistent numbers,
 * so a reader that finds the tables reports nothing and returns exactly those numbers.
 */

const layouts = realLayouts();

describe("validateWorkbook › layouts of published reports the spec's matching rules cover", () => {
  for (const layout of layouts.filter((candidate) => candidate.spec === "within")) {
    it(`reads every value of ${layout.name}`, () => {
      const result = validateWorkbook(layout.bytes(), { department: "dept-a", year: layout.year });
      expect(result.findings).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.format).toBe(layout.format);
      expect(result.tables).toEqual(layout.tables);
    });
  }

  it("keeps the 元 text of a procurement amount pasted from Word and converts it exactly", () => {
    const result = validateWorkbook(wordPasted2019(seed2019Tables()), { year: 2019 });
    expect(result.tables?.proactive.procurement?.amount).toBe(2020.97);
    expect(result.report?.notes).toContainEqual(
      expect.objectContaining({
        table: "proactive",
        row: "procurement",
        column: "amount",
        text: "20209700元",
      }),
    );
  });
});

describe("validateWorkbook › real layouts at the spec's edge (published, but not named by the spec)", () => {
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

describe("validateWorkbook › variants outside the spec are refused, never published with wrong numbers", () => {
  for (const layout of layouts.filter((candidate) => candidate.spec === "outside")) {
    it(`reads ${layout.name} exactly, or reports an error`, () => {
      const result = validateWorkbook(layout.bytes(), { department: "dept-a", year: layout.year });
      if (result.ok) expect(result.tables).toEqual(layout.tables);
      else expect(result.findings.some((finding) => finding.severity === "error")).toBe(true);
    });
  }
});
