import { describe, expect, it } from "vitest";
import type { LooksLike, WorkbookProblemCode } from "../../../../functions/core/workbook/container";
import { inspectXls } from "../../../../functions/core/workbook/container/xls";
import { DEFAULT_LIMITS } from "../../../../functions/core/workbook/limits";
import * as hostile from "../../../fixtures/hostile";
import { inspect, keepPrototypesClean, problemOf } from "./inspect";

keepPrototypesClean();

describe("inspectContainer › an .xls", () => {
  describe("refuses what is not a workbook, saying what it looks like", () => {
    const cases: Array<[string, () => Uint8Array, WorkbookProblemCode, LooksLike?]> = [
      ["a Word 97-2003 document", hostile.wordDoc, "not_a_workbook", "old_word"],
    ];
    for (const [what, build, code, looksLike] of cases) {
      it(`refuses ${what} as ${code} (${looksLike})`, () => {
        const problem = problemOf(inspect(build()));
        expect(problem.code).toBe(code);
        expect(problem.looksLike).toBe(looksLike);
      });
    }
  });

  describe("refuses password-protected and crafted OLE files", () => {
    it("refuses a password-protected xlsx (EncryptionInfo + EncryptedPackage)", () => {
      expect(problemOf(inspect(hostile.encryptedXlsx())).code).toBe("encrypted");
    });
  });
});

describe("inspectXls", () => {
  it("takes the sheet count from the Workbook stream SheetJS reads", () => {
    expect(inspectXls(hostile.writeXls(), DEFAULT_LIMITS)).toEqual({
      ok: true,
      kind: "xls",
      sheetCount: 2,
      notes: [],
    });
  });

  it("refuses an .xls declaring more sheets than the limit", () => {
    expect(problemOf(inspect(hostile.writeXls(), { ...DEFAULT_LIMITS, maxSheets: 1 }))).toEqual({
      code: "too_many_sheets",
      detail: "the .xls declares 2 sheets",
      limit: 1,
      actual: 2,
    });
  });
});
