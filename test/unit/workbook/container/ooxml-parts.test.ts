import { describe, expect, it } from "vitest";
import {
  enclosingTag,
  MAX_ARRAY_FORMULAS,
  MAX_COMMENTS_PER_CELL,
  scanPart,
} from "../../../../functions/core/workbook/container/ooxml-parts";
import { latin1 } from "../../../../functions/core/workbook/container/text";
import { refusalOf } from "../../../../functions/core/workbook/container/verdict";
import { DEFAULT_LIMITS } from "../../../../functions/core/workbook/limits";
import * as hostile from "../../../fixtures/hostile";
import { inspect, keepPrototypesClean, problemOf } from "./inspect";

keepPrototypesClean();

describe("inspectContainer › what SheetJS would expand in a part", () => {
  describe("refuses valid containers whose content would make SheetJS slow or huge", () => {
    it("refuses a hyperlink over A1:XFD1048576 (SheetJS would create 17 billion cells)", () => {
      expect(problemOf(inspect(hostile.hyperlinkBomb()))).toMatchObject({
        code: "hyperlink_range",
        actual: 1048576 * 16384,
      });
    });

    it("refuses a worksheet written in UTF-16, whose hyperlinks the scans cannot read (unsupported_zip)", () => {
      for (const bigEndian of [false, true]) {
        expect(problemOf(inspect(hostile.utf16HyperlinkBomb(bigEndian)))).toMatchObject({
          code: "unsupported_zip",
          detail: expect.stringContaining("UTF-16"),
        });
      }
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
  });
});

// The guard reads a part one character per byte, as `latin1` does.
const bytes = (text: string) => latin1(new TextEncoder().encode(text));

/** Scans one part; returns the refusal (or null) and the notes. */
function scan(xml: string, limits = DEFAULT_LIMITS) {
  const notes: string[] = [];
  const problem = refusalOf(() => scanPart("xl/worksheets/sheet1.xml", bytes(xml), limits, notes));
  return { problem, notes };
}

describe("scanPart", () => {
  it("passes an ordinary sheet without a note", () => {
    const xml =
      '<worksheet><dimension ref="A1:J40"/><sheetData/><mergeCells count="1"><mergeCell ref="A1:J1"/></mergeCells>' +
      '<hyperlinks><hyperlink ref="B2" r:id="rId1"/></hyperlinks></worksheet>';
    expect(scan(xml)).toEqual({ problem: null, notes: [] });
  });

  it("counts merges up to one past the limit and says so", () => {
    const xml = '<mergeCell ref="A1:B1"/>'.repeat(11);
    expect(scan(xml, { ...DEFAULT_LIMITS, maxMerges: 10 }).problem).toEqual({
      code: "too_many_merges",
      detail: "xl/worksheets/sheet1.xml has more than 10 merged ranges",
      limit: 10,
      actual: 11,
    });
    expect(scan(xml, { ...DEFAULT_LIMITS, maxMerges: 11 }).problem).toBeNull();
  });

  it("counts only multi-cell array formulas", () => {
    const oneCell = '<c r="A1"><f t="array" ref="A1">1</f></c>'.repeat(MAX_ARRAY_FORMULAS + 1);
    const multiCell = '<c r="A1"><f t="array" ref="A1:A2">1</f></c>'.repeat(MAX_ARRAY_FORMULAS + 1);
    expect(scan(oneCell).problem).toBeNull();
    expect(scan(multiCell).problem).toMatchObject({
      code: "too_many_array_formulas",
      actual: MAX_ARRAY_FORMULAS + 1,
    });
  });

  it("adds up the cells hyperlinks cover, with or without a namespace prefix", () => {
    const links = '<x:hyperlink ref="A1:J1000"/>'.repeat(20); // 200,000 cells: at the limit
    expect(scan(links).problem).toBeNull();
    expect(scan(`${links}<hyperlink ref="A1"/>`).problem).toMatchObject({
      code: "hyperlink_range",
      actual: 200_001,
    });
    expect(scan('<a>hyperlink ref="A1:XFD1048576"</a>').problem).toBeNull();
  });

  it("refuses more comments on one cell than SheetJS can attach in time", () => {
    const comments = '<comment ref="B2" authorId="0"/>'.repeat(MAX_COMMENTS_PER_CELL + 1);
    expect(scan(comments).problem).toMatchObject({
      code: "too_many_comments",
      actual: MAX_COMMENTS_PER_CELL + 1,
    });
  });

  it("adds up a chart's cached points series by series", () => {
    const series = (largest: number) => `<c:numCache><c:pt idx="0"/><c:pt idx="${largest}"/></c:numCache>`;
    expect(scan(series(99_999) + series(99_999)).problem).toBeNull();
    expect(scan(series(99_999) + series(100_000)).problem).toMatchObject({
      code: "chart_range",
      actual: 200_001,
    });
  });

  it("notes a claimed dimension and merges beyond what the reader keeps, three merges at most", () => {
    const far = '<mergeCell ref="A3000:B3000"/>'.repeat(5);
    const { problem, notes } = scan(`<dimension ref="A1:ZZ5000"/>${far}`);
    expect(problem).toBeNull();
    expect(notes).toEqual([
      "xl/worksheets/sheet1.xml claims dimension A1:ZZ5000 (5000 rows x 702 columns); read at most 2000 rows and 200 columns",
      ...Array(3).fill(
        "xl/worksheets/sheet1.xml merges A3000:B3000, beyond the first 2000 rows x 200 columns",
      ),
    ]);
  });
});

describe("enclosingTag", () => {
  it("gives the tag around a position", () => {
    const text = '<row><c r="A1" t="array">x</c></row>';
    expect(enclosingTag(text, text.indexOf('t="array"'))).toBe('<c r="A1" t="array">');
  });

  it("reads at most 4 KB each way", () => {
    const text = `<c ${"x".repeat(5000)} t="array" ${"y".repeat(5000)}>`;
    const tag = enclosingTag(text, 5004);
    expect(tag.startsWith('t="array"')).toBe(true);
    expect(tag.length).toBe(4096);
  });
});
