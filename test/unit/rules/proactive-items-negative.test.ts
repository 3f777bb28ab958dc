import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../../functions/core/validate";
import { expectMessage, rulesOf, withValues } from "./harness";

describe("proactive.items_negative", () => {
  it("rejects a 2019 change that leaves fewer than zero items", () => {
    const { bytes, at } = withValues("2019", (t) => {
      t.proactive.fees!.items_change = -2;
    });
    const result = validateWorkbook(bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["proactive.items_negative"]);
    const where = at("proactive", "fees", "items_change");
    expectMessage(
      result.findings[0],
      where.sheet,
      where.cell,
      /本年增\/减」为 -2.*只有 1/,
      /change \(-2\) exceeds the 1 of items last year/,
    );
    expect(result.findings[0]).toMatchObject({ expected: "≥ -1", actual: -2 });
  });
});
