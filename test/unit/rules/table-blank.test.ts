import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
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
    expect(result.findings[0]).toMatchObject({ table: "appeals", sheet: "四、复议诉讼" });
    expect(result.findings[0]!.cell, "the table's first number cell").toBe(
      template.cells.get("appeals.reconsideration.upheld")?.cell,
    );
    expect(result.findings[0]!.message.zh).toMatch(/请填 0/);
    expect(result.findings[0]!.message.en).toMatch(/write 0/);
  });

  it("takes a table written all in dashes or 无 as filled in: each counts as 0, as in every rule", () => {
    for (const dash of ["—", "/", "无"]) {
      const template = buildTemplate(formatById("2019"), { values: seed2019Tables() });
      const book = XLSX.read(template.bytes, { type: "array" });
      let written = 0;
      for (const [key, { sheet, cell }] of template.cells) {
        if (!key.startsWith("appeals.")) continue;
        book.Sheets[sheet]![cell] = { t: "s", v: dash };
        written++;
      }
      expect(written).toBeGreaterThan(10);
      const result = validateWorkbook(new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx" })), {
        year: 2019,
      });
      expect(rulesOf(result.findings), dash).not.toContain("table.blank");
      expect(
        result.findings.filter((f) => f.severity === "error"),
        dash,
      ).toEqual([]);
      expect(Object.values(result.tables!.appeals).flatMap((row) => Object.values(row))).toEqual(
        Array(written).fill(0),
      );
    }
  });
});
