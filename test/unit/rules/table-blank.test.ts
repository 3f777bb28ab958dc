import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { buildTemplate } from "../../../functions/core/template";
import { validateWorkbook } from "../../../functions/core/validate";
import { formatById } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";
import { county2024Tables } from "../../fixtures/reports/county-2021";
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

  it("takes the appeals table left blank as blank, not the note or heading below it for its numbers", () => {
    const template = buildTemplate(formatById("2021"), {
      values: { ...county2024Tables(), appeals: {} as ReportTables["appeals"] },
    });
    const first = template.cells.get("appeals.reconsideration.upheld")!;
    const row = XLSX.utils.decode_cell(first.cell).r;
    for (const below of [
      "注：本年度未发生政府信息公开行政复议、行政诉讼案件。",
      "五、存在的主要问题及改进情况",
    ]) {
      const book = XLSX.read(template.bytes, { type: "array" });
      const sheet = book.Sheets[first.sheet]!;
      sheet[XLSX.utils.encode_cell({ r: row + 1, c: 0 })] = { t: "s", v: below };
      sheet["!merges"] = [...(sheet["!merges"] ?? []), { s: { r: row + 1, c: 0 }, e: { r: row + 1, c: 14 } }];
      sheet["!ref"] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: row + 2, c: 14 } });
      const bytes = new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx" }));
      const result = validateWorkbook(bytes, { year: 2024 });
      expect(rulesOf(result.findings), below).toEqual(["table.blank"]);
      expect(result.findings[0], below).toMatchObject({
        table: "appeals",
        sheet: first.sheet,
        cell: first.cell,
      });
    }
  });
});
