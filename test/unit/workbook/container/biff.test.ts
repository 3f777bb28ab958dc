import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { walkBiff } from "../../../../functions/core/workbook/container/biff";
import { refusalOf } from "../../../../functions/core/workbook/container/verdict";
import { DEFAULT_LIMITS } from "../../../../functions/core/workbook/limits";
import * as hostile from "../../../fixtures/hostile";
import { inspect, keepPrototypesClean, problemOf } from "./inspect";

keepPrototypesClean();

describe("inspectContainer › the BIFF records of an .xls", () => {
  it("refuses an .xls hyperlink over a whole BIFF8 sheet", () => {
    expect(problemOf(inspect(hostile.xlsHyperlinkBomb())).code).toBe("hyperlink_range");
  });

  it("refuses an .xls sheet with more merged ranges than the limit", () => {
    expect(problemOf(inspect(hostile.xlsManyMerges(6000))).code).toBe("too_many_merges");
  });

  it("refuses an .xls with a FILEPASS record", () => {
    expect(problemOf(inspect(hostile.passwordXls())).code).toBe("encrypted");
  });
});

function record(type: number, data: Uint8Array = new Uint8Array(0)): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(data.length, 2);
  return Buffer.concat([head, data]);
}

function dimensions(rows: number, cols: number): Buffer {
  const data = Buffer.alloc(14);
  data.writeUInt32LE(rows, 4);
  data.writeUInt16LE(cols, 10);
  return record(0x0200, data);
}

describe("walkBiff", () => {
  it("counts the globals' BoundSheet8 records", () => {
    expect(walkBiff(hostile.biffStream([[], [], []]), DEFAULT_LIMITS, true)).toEqual({
      sheetCount: 3,
      notes: [],
    });
  });

  it("notes a sheet claiming more rows or columns than the reader keeps", () => {
    const stream = hostile.biffStream([[dimensions(10, 5)], [dimensions(65536, 256)]]);
    expect(walkBiff(stream, DEFAULT_LIMITS, true).notes).toEqual([
      "sheet 2 of the .xls claims 65536 rows x 256 columns",
    ]);
  });

  it("counts merges per sheet, starting again at each sheet", () => {
    const merges = (n: number) => {
      const data = Buffer.alloc(2 + 8 * n);
      data.writeUInt16LE(n, 0);
      return record(0x00e5, data);
    };
    const limits = { ...DEFAULT_LIMITS, maxMerges: 10 };
    expect(
      refusalOf(() => walkBiff(hostile.biffStream([[merges(10)], [merges(10)]]), limits, true)),
    ).toBeNull();
    expect(
      refusalOf(() => walkBiff(hostile.biffStream([[merges(6), merges(5)]]), limits, true)),
    ).toMatchObject({
      code: "too_many_merges",
      actual: 11,
    });
  });

  it("refuses a main stream that is not BIFF, and passes over an embedded one", () => {
    const text = new TextEncoder().encode("not a workbook stream");
    expect(refusalOf(() => walkBiff(text, DEFAULT_LIMITS, true))).toMatchObject({ code: "xls_corrupt" });
    expect(walkBiff(text, DEFAULT_LIMITS, false)).toEqual({ sheetCount: 0, notes: [] });
  });

  it("stops at a record running past the stream's end, as SheetJS does", () => {
    const stream = Buffer.concat([
      hostile.biffStream([[]]).subarray(0, 24),
      record(0x0085, Buffer.alloc(8)).subarray(0, 6),
    ]);
    expect(walkBiff(stream, DEFAULT_LIMITS, true)).toEqual({ sheetCount: 0, notes: [] });
  });
});
