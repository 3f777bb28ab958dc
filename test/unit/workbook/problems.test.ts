import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import type { WorkbookProblem, WorkbookProblemCode } from "../../../functions/core/workbook/container";
import { problemFinding, sheetjsErrorProblem } from "../../../functions/core/workbook/problems";
import { FindingSchema } from "../../../schemas/finding";
import * as hostile from "../../fixtures/hostile";
import { keepPrototypesClean, MiB, READ_OPTIONS } from "./container/inspect";

keepPrototypesClean();

describe("problemFinding", () => {
  const examples: WorkbookProblem[] = [
    { code: "empty", detail: "", actual: 0 },
    { code: "too_large", detail: "", limit: 10 * MiB, actual: 12.5 * MiB },
    { code: "too_large", detail: "more than 200000 cells", limit: 200_000, actual: 200_001 },
    { code: "too_many_cells", detail: "", limit: 200_000, actual: 200_001 },
    { code: "not_a_workbook", detail: "", looksLike: "csv" },
    { code: "not_a_workbook", detail: "", looksLike: "pdf" },
    { code: "not_a_workbook", detail: "", looksLike: "unknown" },
    { code: "not_spreadsheet_zip", detail: "", looksLike: "archive" },
    { code: "not_spreadsheet_zip", detail: "", looksLike: "numbers" },
    { code: "zip_corrupt", detail: "" },
    { code: "xls_corrupt", detail: "" },
    { code: "zip_bomb", detail: "", limit: 32 * MiB },
    { code: "unsupported_zip", detail: "" },
    { code: "too_many_entries", detail: "", limit: 1000, actual: 1505 },
    { code: "too_many_sheets", detail: "", limit: 50, actual: 1000 },
    { code: "too_many_merges", detail: "", limit: 5000, actual: 5001 },
    { code: "hyperlink_range", detail: "", limit: 200_000, actual: 17179869184 },
    { code: "too_many_array_formulas", detail: "", limit: 100, actual: 101 },
    { code: "too_many_comments", detail: "", limit: 100, actual: 101 },
    { code: "chart_range", detail: "", limit: 200_000, actual: 4_000_000_001 },
    { code: "no_sheets", detail: "" },
    { code: "encrypted", detail: "" },
    { code: "unreadable", detail: "" },
  ];

  for (const problem of examples) {
    it(`gives ${problem.code}${problem.looksLike ? ` (${problem.looksLike})` : ""} as a workbook-level error in both languages`, () => {
      const finding = problemFinding(problem);
      expect(FindingSchema.parse(finding)).toEqual(finding);
      expect(finding).toMatchObject({
        rule: `workbook.${problem.code}`,
        severity: "error",
        table: null,
        sheet: null,
        cell: null,
      });
      expect(finding.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(finding.message.en).toMatch(/^[A-Z]/);
      for (const text of [finding.message.zh, finding.message.en]) {
        expect(text).not.toMatch(/undefined|NaN|null/);
        expect(text).toMatch(/\.xlsx|Excel/);
      }
    });
  }

  it("tells a clerk who uploaded a CSV to save it as .xlsx", () => {
    expect(problemFinding({ code: "not_a_workbook", detail: "", looksLike: "csv" }).message).toEqual({
      zh: "上传的文件不是 Excel 工作簿（看起来是 CSV 文本文件）。请在 Excel 或 WPS 中打开后“另存为” .xlsx 格式再上传。",
      en: "The uploaded file is not an Excel workbook (it looks like a CSV text file). Open it in Excel or WPS, use Save As .xlsx and upload again.",
    });
  });

  it("tells a clerk how to remove a password", () => {
    const { zh, en } = problemFinding({ code: "encrypted", detail: "" }).message;
    expect(zh).toContain("文件 → 信息 → 保护工作簿 → 用密码进行加密");
    expect(en).toContain("File → Info → Protect Workbook → Encrypt with Password");
  });

  it("gives size limits in MB", () => {
    expect(
      problemFinding({ code: "too_large", detail: "", limit: 10 * MiB, actual: 12.5 * MiB }).message.zh,
    ).toContain("有 12.5 MB，超过 10 MB 的上限");
    expect(problemFinding({ code: "zip_bomb", detail: "", limit: 32 * MiB }).message.en).toContain(
      "32 MB limit",
    );
  });

  it("gives the reader's cell cap as a count, not in MB", () => {
    const { zh, en } = problemFinding({
      code: "too_large",
      detail: "more than 200000 cells",
      limit: 200_000,
    }).message;
    expect(zh).toContain("200000");
    expect(en).not.toContain("MB");
  });

  it("keeps the limit and what was found as expected and actual", () => {
    expect(problemFinding({ code: "too_many_sheets", detail: "", limit: 50, actual: 1000 })).toMatchObject({
      expected: 50,
      actual: 1000,
    });
    expect(problemFinding({ code: "not_a_workbook", detail: "", looksLike: "pdf" })).toMatchObject({
      expected: "xlsx",
      actual: "pdf",
    });
  });
});

describe("sheetjsErrorProblem", () => {
  function thrownBy(bytes: Uint8Array): unknown {
    try {
      XLSX.read(bytes, READ_OPTIONS);
    } catch (error) {
      return error;
    }
    throw new Error("SheetJS read the file without an error");
  }

  const cases: Array<[string, () => Uint8Array, WorkbookProblemCode]> = [
    ["a password-protected xlsx", hostile.encryptedXlsx, "encrypted"],
    ["an .xls with FILEPASS", hostile.passwordXls, "encrypted"],
    ["a truncated xlsx", hostile.truncatedXlsx, "zip_corrupt"],
    ["a zip with an encrypted entry", hostile.encryptedZipEntry, "unsupported_zip"],
    ["a zip with a bzip2 entry", hostile.bzip2Entry, "unsupported_zip"],
    ["a .docx", hostile.docx, "not_spreadsheet_zip"],
    ["a zip of text files", hostile.plainZip, "not_spreadsheet_zip"],
    ["a Word 97-2003 document", hostile.wordDoc, "not_a_workbook"],
  ];
  for (const [what, build, code] of cases) {
    it(`maps what SheetJS throws on ${what} to ${code}`, () => {
      const problem = sheetjsErrorProblem(thrownBy(build()));
      expect(problem.code).toBe(code);
      expect(problem.detail).toMatch(/^SheetJS could not read the file: /);
    });
  }

  it("keeps the first line of the message and never the stack", () => {
    const error = new Error("Unexpected record 0x1234\nmore detail");
    expect(error.stack).toContain("problems.test");
    const problem = sheetjsErrorProblem(error);
    expect(problem).toEqual({
      code: "unreadable",
      detail: "SheetJS could not read the file: Unexpected record 0x1234",
    });
  });

  it("names errors other than Error and bounds long messages", () => {
    expect(sheetjsErrorProblem(new RangeError("Invalid string length")).detail).toContain(
      "RangeError: Invalid string length",
    );
    expect(sheetjsErrorProblem(new Error("x".repeat(5000))).detail.length).toBeLessThan(400);
  });

  it("maps thrown non-errors to unreadable", () => {
    for (const thrown of ["boom", 42, null, undefined, { toString: () => "weird" }]) {
      expect(sheetjsErrorProblem(thrown).code).toBe("unreadable");
    }
  });
});
