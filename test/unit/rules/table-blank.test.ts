import { describe, expect, it } from "vitest";
import { buildTemplate } from "../../../functions/core/template";
import { validateWorkbook } from "../../../functions/core/validate";
import { formatById } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";
import { seed2019Tables } from "../../fixtures/reports/seed-2019";
import { rulesOf } from "./harness";

describe("table.blank", () => {
  it("rejects a table whose every number cell is blank", () => {
    const tables = seed2019Tables();
    const template = buildTemplate(formatById("2019"), {
      values: { ...tables, appeals: {} as ReportTables["appeals"] },
    });
    const result = validateWorkbook(template.bytes, { year: 2019 });
    expect(rulesOf(result.findings)).toEqual(["table.blank"]);
    expect(result.findings[0]).toMatchObject({ table: "appeals", sheet: "四、复议诉讼", cell: null });
    expect(result.findings[0]!.message.zh).toMatch(/请填 0/);
    expect(result.findings[0]!.message.en).toMatch(/write 0/);
  });
});
