import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { expectMessage, rulesOf, withValues } from "./harness";

describe("applications.results_total", () => {
  it("rejects a results total that differs from the sum of its rows", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.applications.results_total!.natural_person = 97;
      t.applications.results_total!.total = 106;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(result.ok).toBe(false);
    expect(rulesOf(result.findings)).toEqual(["applications.results_total", "applications.balance"]);
    const where = at("applications", "results_total", "natural_person");
    expect(where).toEqual({ sheet: "三、依申请公开", cell: "D26" });
    const finding = result.findings.find((f) => f.cell === where.cell);
    expectMessage(
      finding,
      where.sheet,
      where.cell,
      /（七）总计「自然人」应为 96（各项办理结果之和），表中为 97/,
      /should be 96 .* has 97/,
    );
    expect(finding).toMatchObject({
      severity: "error",
      expected: 96,
      actual: 97,
      table: "applications",
      row: "results_total",
      column: "natural_person",
    });
  });

  it("gives no 应为 worked out from other wrong numbers: it names the cells the diagnosis changes", () => {
    // The clerk changed 一、本年新收 and （七）总计 alike: the result rows are what no longer add up.
    const { bytes, at } = withValues("2019", (t) => {
      t.applications.received!.natural_person = 97;
      t.applications.received!.commercial = 5;
      t.applications.results_total!.natural_person = 97;
      t.applications.results_total!.commercial = 5;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["applications.results_total"]);
    const where = at("applications", "results_total", "natural_person");
    const finding = result.findings.find((f) => f.cell === where.cell)!;
    expect(finding).toMatchObject({ expected: null, actual: 97 });
    expect(finding.message.zh).not.toMatch(/应为 96/);
    expect(finding.message.zh).toMatch(/与各项办理结果之和（96）不符：最可能出错的是 D7/);
    const lead = result.diagnosis!.repairs[0]!.cells;
    expect(lead.map((cell) => cell.row)).toEqual(["disclosed", "disclosed"]);
    expect(result.diagnosis!.unique).toBe(false);
  });
});
