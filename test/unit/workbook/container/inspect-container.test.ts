import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { DEFAULT_LIMITS } from "../../../../functions/core/workbook/limits";
import * as hostile from "../../../fixtures/hostile";
import { inspect, keepPrototypesClean, problemOf, READ_OPTIONS } from "./inspect";

keepPrototypesClean();

describe("inspectContainer", () => {
  describe("accepts well-formed workbooks", () => {
    it("accepts an xlsx written by SheetJS", () => {
      expect(inspect(hostile.writeXlsx())).toEqual({
        ok: true,
        kind: "xlsx",
        sheetCount: 2,
        notes: [],
        parts: expect.any(Array),
      });
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
    it("refuses an empty file", () => {
      expect(problemOf(inspect(hostile.emptyFile()))).toMatchObject({ code: "empty", actual: 0 });
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

    it("reads a view into a larger buffer from the view's own start", () => {
      const xlsx = hostile.writeXlsx();
      const padded = new Uint8Array(xlsx.length + 100).fill(0x20);
      padded.set(xlsx, 50);
      expect(inspect(padded.subarray(50, 50 + xlsx.length))).toEqual(inspect(new Uint8Array(xlsx)));
    });
  });
});
