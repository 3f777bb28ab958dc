import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { expectMessage, rulesOf, withValues } from "./harness";

describe("applications.balance", () => {
  it("rejects a column where received + carried over ≠ results + carried forward", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.applications.carried_forward!.natural_person = 2;
      t.applications.carried_forward!.total = 2;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["applications.balance"]);
    const where = at("applications", "carried_forward", "natural_person");
    const finding = result.findings.find((f) => f.cell === where.cell);
    expectMessage(
      finding,
      where.sheet,
      where.cell,
      /本年新收政府信息公开申请数量（96）.*= 96.*结转下年度继续办理（2） = 98/,
      /received this year \(96\).*carried forward to next year \(2\) = 98/,
    );
    expect(finding).toMatchObject({ expected: 0, actual: 2 });
  });
});
