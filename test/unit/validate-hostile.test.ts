import { describe, expect, it } from "vitest";
import { validateWorkbook } from "../../functions/core/validate";
import { readWorkbook } from "../../functions/core/workbook/read-workbook";
import * as hostile from "../fixtures/hostile";

/**
 * Hostile and wrong files through the whole core, as an upload meets it: each ends in a finding a clerk
 * can act on, within the bounds, and leaves Object.prototype as it was.
 */

const refused: [string, () => Uint8Array, string][] = [
  ["plain text", hostile.plainText, "workbook.not_a_workbook"],
  ["an empty file", hostile.emptyFile, "workbook.empty"],
  ["random bytes", () => hostile.randomBytes(), "workbook.not_a_workbook"],
  ["a CSV renamed .xlsx", hostile.csvRenamed, "workbook.not_a_workbook"],
  [
    "an HTML table saved as .xls with a ReDoS-style payload",
    () => hostile.htmlXls(),
    "workbook.not_a_workbook",
  ],
  ["a PDF", hostile.pdfHeader, "workbook.not_a_workbook"],
  ["a Word document", hostile.docx, "workbook.not_spreadsheet_zip"],
  ["a truncated xlsx", hostile.truncatedXlsx, "workbook.zip_corrupt"],
  ["a shared-strings bomb", () => hostile.sharedStringsBomb(), "workbook.zip_bomb"],
  ["zip headers that lie about sizes", () => hostile.lyingSizes(), "workbook.zip_bomb"],
  ["1,000 sheets", () => hostile.manySheets(), "workbook.too_many_sheets"],
  ["a full-sheet hyperlink", hostile.hyperlinkBomb, "workbook.hyperlink_range"],
  ["a password-protected xlsx", hostile.encryptedXlsx, "workbook.encrypted"],
  ["a password-protected xls", hostile.passwordXls, "workbook.encrypted"],
  ["a workbook with no sheets", hostile.noSheets, "workbook.no_sheets"],
];

describe("validateWorkbook › hostile and wrong files", () => {
  for (const [name, build, rule] of refused) {
    it(`refuses ${name} with ${rule} and a message in both languages`, () => {
      const before = Object.getOwnPropertyNames(Object.prototype).sort();
      const result = validateWorkbook(build(), { department: "dept-a", year: 2024 });
      expect(result.ok).toBe(false);
      expect(result.readable).toBe(false);
      expect(result.tables).toBeNull();
      expect(result.findings.map((finding) => finding.rule)).toEqual([rule]);
      expect(result.findings[0]!.message.zh.length).toBeGreaterThan(10);
      expect(result.findings[0]!.message.en.length).toBeGreaterThan(10);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    });
  }

  const readableButNoReport: [string, () => Uint8Array][] = [
    ["a claimed full-sheet dimension and merge", hostile.dimensionBomb],
    ["__proto__ comments and a sheet named __proto__", hostile.prototypeComments],
    ["formulas with error values", hostile.formulaErrors],
  ];
  for (const [name, build] of readableButNoReport) {
    it(`reads ${name} within the bounds and says which tables are missing`, () => {
      const before = Object.getOwnPropertyNames(Object.prototype).sort();
      const result = validateWorkbook(build(), { year: 2024 });
      expect(result.readable).toBe(true);
      expect(result.ok).toBe(false);
      expect(result.findings.filter((finding) => finding.rule === "table.missing")).toHaveLength(3);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});

describe("readWorkbook › formulas", () => {
  it("marks a formula saved without its cached value, as generators write it", () => {
    const body = '<sheetData><row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>A1*2</f></c></row></sheetData>';
    const bytes = hostile.writeZip(hostile.handXlsxParts([{ name: "Sheet1", body }]));
    const result = readWorkbook(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.workbook.sheets[0]!.rows[0]![1]).toMatchObject({ formula: true, uncachedFormula: true });
    expect(result.workbook.sheets[0]!.rows[0]![0]).toMatchObject({ type: "n", value: 2, formula: false });
  });
});
