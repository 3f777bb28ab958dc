import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { ANCHOR_LABELS, labelFlood } from "../../fixtures/hostile/adversarial-layouts";

/**
 * Cost inside every bound: a sheet of 200,000 cells, every one a label some table is found by. A locator
 * that looks at the sheet again for each such label does 10^10 steps here (it once took minutes); the
 * core must answer with findings, as for any sheet without the tables.
 */
describe("validateWorkbook › sheets covered with the labels tables are found by", () => {
  for (const [name, labels] of Object.entries(ANCHOR_LABELS)) {
    it(`ends in findings for 200,000 cells of ${name} labels`, () => {
      const result = validateWorkbook(labelFlood(labels, 2000, 100), { year: 2024 });
      expect(result.readable).toBe(true);
      expect(result.ok).toBe(false);
      expect(result.findings.map((finding) => finding.rule)).toContain("table.missing");
      // However many times a label repeats, a table's findings stay a readable list.
      expect(result.findings.length).toBeLessThan(200);
    });
  }
});
