import { Buffer } from "node:buffer";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import {
  type ContainerVerdict,
  inspectContainer,
  type LooksLike,
  type WorkbookProblem,
  type WorkbookProblemCode,
} from "../../functions/core/workbook/container";
import { DEFAULT_LIMITS, type WorkbookLimits } from "../../functions/core/workbook/limits";
import { problemFinding, sheetjsErrorProblem } from "../../functions/core/workbook/problems";
import { FindingSchema } from "../../schemas/finding";
import * as hostile from "../fixtures/hostile";

const MiB = 1024 * 1024;
const READ_OPTIONS = {
  type: "buffer",
  dense: true,
  sheetRows: DEFAULT_LIMITS.maxRows,
  cellFormula: true,
  cellHTML: false,
  cellStyles: false,
  bookVBA: false,
} as const;

let prototypeKeys: string[] = [];
beforeAll(() => {
  prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
});
afterEach(() => {
  // Nothing read, inspected or built may add to Object.prototype (CVE-2023-30533 and its kind).
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

function problemOf(verdict: ContainerVerdict): WorkbookProblem {
  if (verdict.ok) throw new Error(`expected a refusal, got ${JSON.stringify(verdict)}`);
  return verdict.problem;
}

function inspect(bytes: Uint8Array, limits: WorkbookLimits = DEFAULT_LIMITS): ContainerVerdict {
  return inspectContainer(bytes, limits);
}

/** Runs `action` and returns how much the resident set grew meanwhile, in MiB. */
function rssGrowth(action: () => void): number {
  const before = process.memoryUsage().rss;
  action();
  return (process.memoryUsage().rss - before) / MiB;
}

describe("inspectContainer", () => {
  describe("accepts well-formed workbooks", () => {
    it("accepts an xlsx written by SheetJS", () => {
      expect(inspect(hostile.writeXlsx())).toEqual({ ok: true, kind: "xlsx", sheetCount: 2, notes: [] });
    });

    it("accepts an xls (BIFF8 in an OLE file) written by SheetJS", () => {
      expect(inspect(hostile.writeXls())).toEqual({ ok: true, kind: "xls", sheetCount: 2, notes: [] });
    });

    it("accepts a minimal hand-written xlsx", () => {
      expect(inspect(hostile.handXlsx())).toMatchObject({ ok: true, kind: "xlsx", sheetCount: 1 });
    });

    it("accepts an xlsx whose entries carry data descriptors, and SheetJS reads it", () => {
      const bytes = hostile.streamedXlsx();
      expect(inspect(bytes)).toMatchObject({ ok: true, kind: "xlsx", sheetCount: 1 });
      const book = XLSX.read(bytes, READ_OPTIONS);
      expect(book.Sheets.Sheet1?.["!data"]?.[0]?.[1]?.v).toBe(12);
    });

    it("accepts an xls laid out by hand, sector by sector", () => {
      expect(inspect(hostile.craftedCfb())).toMatchObject({ ok: true, kind: "xls", sheetCount: 1 });
    });

    it("accepts formulas with error values and without cached values (the reader's business)", () => {
      expect(inspect(hostile.formulaErrors())).toMatchObject({ ok: true, kind: "xlsx", sheetCount: 1 });
    });

    it("accepts a claimed A1:XFD1048576 dimension and full-sheet merge, and notes both", () => {
      const verdict = inspect(hostile.dimensionBomb());
      expect(verdict).toMatchObject({ ok: true, kind: "xlsx", sheetCount: 1 });
      const notes = verdict.ok ? verdict.notes.join("\n") : "";
      expect(notes).toContain("claims dimension A1:XFD1048576 (1048576 rows x 16384 columns)");
      expect(notes).toContain("merges A1:XFD1048576");
    });

    it("accepts comments and a sheet named __proto__, and SheetJS reads them without polluting prototypes", () => {
      const bytes = hostile.prototypeComments();
      expect(inspect(bytes)).toMatchObject({ ok: true, kind: "xlsx", sheetCount: 2 });
      const book = XLSX.read(bytes, READ_OPTIONS);
      expect(book.SheetNames).toEqual(["Sheet1", "__proto__"]);
      // The afterEach hook checks Object.prototype.
    });

    it("accepts the same workbook under caps set just above it", () => {
      const bytes = hostile.writeXlsx();
      const limits = { ...DEFAULT_LIMITS, maxBytes: bytes.length, maxZipEntries: 20, maxSheets: 2 };
      expect(inspect(bytes, limits)).toMatchObject({ ok: true });
    });
  });

  describe("refuses what is not a workbook, saying what it looks like", () => {
    const cases: Array<[string, () => Uint8Array, WorkbookProblemCode, LooksLike?]> = [
      ["a plain text file", hostile.plainText, "not_a_workbook", "text"],
      ["random bytes", () => hostile.randomBytes(), "not_a_workbook", "unknown"],
      ["a CSV renamed .xlsx", hostile.csvRenamed, "not_a_workbook", "csv"],
      [
        "an HTML table saved as .xls, with a ReDoS-style payload",
        () => hostile.htmlXls(),
        "not_a_workbook",
        "html",
      ],
      ["a PDF", hostile.pdfHeader, "not_a_workbook", "pdf"],
      ["an Excel 2003 XML spreadsheet", hostile.xmlSpreadsheet, "not_a_workbook", "xml_spreadsheet"],
      ["a Word 97-2003 document", hostile.wordDoc, "not_a_workbook", "word"],
      ["a .docx", hostile.docx, "not_spreadsheet_zip", "word"],
      ["an OpenDocument spreadsheet", hostile.odsWorkbook, "not_spreadsheet_zip", "opendocument"],
      ["a zip of text files", hostile.plainZip, "not_spreadsheet_zip", "archive"],
    ];
    for (const [what, build, code, looksLike] of cases) {
      it(`refuses ${what} as ${code} (${looksLike})`, () => {
        const problem = problemOf(inspect(build()));
        expect(problem.code).toBe(code);
        expect(problem.looksLike).toBe(looksLike);
      });
    }

    it("refuses an empty file", () => {
      expect(problemOf(inspect(hostile.emptyFile()))).toMatchObject({ code: "empty", actual: 0 });
    });

    it("refuses a file of NUL bytes as empty", () => {
      expect(problemOf(inspect(Buffer.alloc(4096))).code).toBe("empty");
    });

    it("refuses a file over maxBytes before looking inside", () => {
      const bytes = Buffer.concat([hostile.writeXlsx(), Buffer.alloc(DEFAULT_LIMITS.maxBytes)]);
      expect(problemOf(inspect(bytes))).toMatchObject({
        code: "too_large",
        limit: DEFAULT_LIMITS.maxBytes,
        actual: bytes.length,
      });
    });
  });

  describe("refuses broken and lying zips", () => {
    const cases: Array<[string, () => Uint8Array, WorkbookProblemCode]> = [
      ["an xlsx cut in half", hostile.truncatedXlsx, "zip_corrupt"],
      ["an xlsx with a flipped byte in a deflate stream", hostile.bitFlippedXlsx, "zip_corrupt"],
      [
        "a local header naming another part than the central directory",
        hostile.localNameMismatch,
        "zip_corrupt",
      ],
      ["an entry whose headers claim another size than it inflates to", hostile.sizeMismatch, "zip_corrupt"],
      ["two directory entries sharing one local header", hostile.overlappingEntries, "zip_corrupt"],
      ["an entry encrypted inside the zip", hostile.encryptedZipEntry, "unsupported_zip"],
      ["an entry compressed with bzip2", hostile.bzip2Entry, "unsupported_zip"],
      ["an entry with ZIP64 sizes", hostile.zip64Entry, "unsupported_zip"],
      ["a zip with 1,500 entries", () => hostile.manyEntries(1500), "too_many_entries"],
    ];
    for (const [what, build, code] of cases) {
      it(`refuses ${what} as ${code}`, () => {
        expect(problemOf(inspect(build())).code).toBe(code);
      });
    }

    it("refuses a shared-strings bomb before inflating past the cap", () => {
      const bytes = hostile.sharedStringsBomb(256);
      expect(bytes.length).toBeLessThan(400_000);
      let verdict: ContainerVerdict | undefined;
      const growth = rssGrowth(() => {
        verdict = inspect(bytes);
      });
      expect(problemOf(verdict!)).toMatchObject({
        code: "zip_bomb",
        limit: DEFAULT_LIMITS.maxEntryInflatedBytes,
      });
      expect(growth).toBeLessThan(300);
    });

    it("refuses an entry whose headers claim 2 KB but which inflates past the cap, measuring what it produces", () => {
      const bytes = hostile.lyingSizes(200);
      let verdict: ContainerVerdict | undefined;
      const growth = rssGrowth(() => {
        verdict = inspect(bytes);
      });
      const problem = problemOf(verdict!);
      expect(problem).toMatchObject({ code: "zip_bomb", limit: DEFAULT_LIMITS.maxEntryInflatedBytes });
      expect(problem.detail).toContain("claim 2048");
      expect(growth).toBeLessThan(300);
    });

    it("caps the total inflated across entries, not only each entry", () => {
      const chunk = "x".repeat(64 * 1024);
      const parts = hostile.handXlsxParts([{ name: "Sheet1", body: "<sheetData/>" }]);
      // Two honest 6 MiB parts, then one that claims 1 KB and inflates to 6 MiB: past what is left of 16.
      for (let i = 0; i < 3; i++) {
        parts.push({
          name: `xl/media/filler${i}.xml`,
          deflated: hostile.repeatedDeflate("<a>", chunk, 96, "</a>"),
          ...(i === 2 ? { lie: { size: 1024 } } : {}),
        });
      }
      const limits = { ...DEFAULT_LIMITS, maxEntryInflatedBytes: 8 * MiB, maxInflatedBytes: 16 * MiB };
      const problem = problemOf(inspect(hostile.writeZip(parts), limits));
      expect(problem).toMatchObject({ code: "zip_bomb", limit: 16 * MiB });
      expect(problem.detail).toContain("total");
    });
  });

  describe("refuses valid containers whose content would make SheetJS slow or huge", () => {
    it("refuses a workbook with 1,000 sheets", () => {
      expect(problemOf(inspect(hostile.manySheets(1000)))).toMatchObject({
        code: "too_many_sheets",
        limit: 50,
        actual: 1000,
      });
    });

    it("refuses a workbook.xml declaring more sheets than the limit", () => {
      const sheets = Array.from({ length: 3 }, (_, i) => ({ name: `S${i}`, body: "<sheetData/>" }));
      const limits = { ...DEFAULT_LIMITS, maxSheets: 2 };
      expect(problemOf(inspect(hostile.writeZip(hostile.handXlsxParts(sheets)), limits))).toMatchObject({
        code: "too_many_sheets",
        actual: 3,
      });
    });

    it("refuses a workbook declaring no sheet", () => {
      expect(problemOf(inspect(hostile.noSheets())).code).toBe("no_sheets");
    });

    it("refuses a hyperlink over A1:XFD1048576 (SheetJS would create 17 billion cells)", () => {
      expect(problemOf(inspect(hostile.hyperlinkBomb()))).toMatchObject({
        code: "hyperlink_range",
        actual: 1048576 * 16384,
      });
    });

    it("refuses a sheet with more merged ranges than the limit", () => {
      expect(problemOf(inspect(hostile.manyMerges(6000))).code).toBe("too_many_merges");
    });

    it("refuses a sheet with more multi-cell array formulas than SheetJS can check in time", () => {
      expect(problemOf(inspect(hostile.manyArrayFormulas(200))).code).toBe("too_many_array_formulas");
    });

    it("refuses a chart caching a point at index 4,000,000,000 (SheetJS would walk every index up to it)", () => {
      expect(problemOf(inspect(hostile.chartPointBomb()))).toMatchObject({
        code: "chart_range",
        actual: 4_000_000_001,
      });
    });

    it("accepts a chart sheet with ordinary point indexes", () => {
      expect(inspect(hostile.chartPointBomb(5))).toMatchObject({ ok: true, sheetCount: 2 });
    });

    it("refuses 100,000 comments on one cell (SheetJS takes count²/2 steps to attach them)", () => {
      expect(problemOf(inspect(hostile.commentFlood(100_000)))).toMatchObject({
        code: "too_many_comments",
        limit: 100,
      });
    });

    it("accepts a cell that calls itself A4000000000 (the reader clamps rows)", () => {
      expect(inspect(hostile.farCellReference())).toMatchObject({ ok: true });
    });

    it("refuses an .xls hyperlink over a whole BIFF8 sheet", () => {
      expect(problemOf(inspect(hostile.xlsHyperlinkBomb())).code).toBe("hyperlink_range");
    });

    it("refuses an .xls sheet with more merged ranges than the limit", () => {
      expect(problemOf(inspect(hostile.xlsManyMerges(6000))).code).toBe("too_many_merges");
    });
  });

  describe("refuses password-protected and crafted OLE files", () => {
    it("refuses a password-protected xlsx (EncryptionInfo + EncryptedPackage)", () => {
      expect(problemOf(inspect(hostile.encryptedXlsx())).code).toBe("encrypted");
    });

    it("refuses an .xls with a FILEPASS record", () => {
      expect(problemOf(inspect(hostile.passwordXls())).code).toBe("encrypted");
    });

    it("refuses a sector chain that loops (SheetJS would follow it until V8 aborts)", () => {
      expect(problemOf(inspect(hostile.craftedCfb({ loop: true, aliases: 1 }))).code).toBe("xls_corrupt");
    });

    it("refuses directory entries sharing one chain (SheetJS would copy it once for each)", () => {
      const problem = problemOf(inspect(hostile.craftedCfb({ aliases: 200, dataSectors: 2000 })));
      expect(problem.code).toBe("xls_corrupt");
      expect(problem.detail).toContain("share sectors");
    });

    it("refuses an OLE directory with more entries than maxZipEntries", () => {
      const limits = { ...DEFAULT_LIMITS, maxZipEntries: 8 };
      expect(problemOf(inspect(hostile.craftedCfb({ aliases: 20 }), limits)).code).toBe("too_many_entries");
    });
  });

  describe("never throws", () => {
    it("returns a verdict for every truncation and byte flip of an xlsx and an xls", () => {
      const next = hostile.prng(42);
      for (const original of [hostile.writeXlsx(), hostile.writeXls(), hostile.craftedCfb()]) {
        const variants: Buffer[] = [];
        for (let cut = 0; cut < original.length; cut += 61) variants.push(original.subarray(0, cut));
        for (let i = 0; i < 400; i++) {
          const copy = Buffer.from(original);
          for (let flips = 1 + Math.floor(next() * 3); flips > 0; flips--) {
            copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
          }
          variants.push(copy);
        }
        for (const bytes of variants) {
          const verdict = inspect(bytes);
          if (!verdict.ok) expect(verdict.problem.detail).not.toMatch(/^container check failed/);
        }
      }
    });
  });
});

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
    expect(error.stack).toContain("workbook-container.test");
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
