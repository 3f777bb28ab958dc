import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { publishedLayouts } from "../../fixtures/layouts/published";
import { wordPasted2019 } from "../../fixtures/layouts/published/pasted-pages";
import { reorderedGroupsNoTitle2019, textNumbers2021 } from "../../fixtures/layouts/published/typed-numbers";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";

/**
 * Layouts of published annual reports, as clerks get them into a workbook (see what each case of
 * test/fixtures/layouts/published/ models and exercises). Every workbook carries consistent numbers, so a
 * reader that finds the tables reports nothing and returns exactly those numbers; a layout outside the
 * spec is read exactly or refused with an error, never published with wrong numbers.
 */

const layouts = publishedLayouts();
const bySpec = (spec: "within" | "edge" | "outside") => layouts.filter((layout) => layout.spec === spec);

describe("publishedLayouts", () => {
  it("names every layout once, so each test below names one workbook", () => {
    const names = layouts.map((layout) => layout.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("validateWorkbook › layouts of published reports the spec's matching rules cover", () => {
  for (const layout of bySpec("within")) {
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

describe("validateWorkbook › real layouts at the spec's edge (published, but not named by the spec)", () => {
  for (const layout of bySpec("edge")) {
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
  for (const layout of bySpec("outside")) {
    it(`reads ${layout.name} exactly, or reports an error`, () => {
      const result = validateWorkbook(layout.bytes(), { department: "dept-a", year: layout.year });
      if (result.ok) expect(result.tables).toEqual(layout.tables);
      else expect(result.findings.some((finding) => finding.severity === "error")).toBe(true);
    });
  }
});
