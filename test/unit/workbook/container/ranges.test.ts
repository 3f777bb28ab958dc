import { describe, expect, it } from "vitest";
import { decodeRange, rangeArea } from "../../../../functions/core/workbook/container/ranges";

describe("decodeRange", () => {
  it("reads a range 0-based, as SheetJS does", () => {
    expect(decodeRange("B3:D10")).toEqual({ sr: 2, sc: 1, er: 9, ec: 3 });
    expect(decodeRange("A1")).toEqual({ sr: 0, sc: 0, er: 0, ec: 0 });
  });

  it("does not clamp to Excel's limits", () => {
    expect(decodeRange("A1:A99999999999")).toMatchObject({ er: 99999999998 });
    expect(decodeRange("A1:XFD1048576")).toEqual({ sr: 0, sc: 0, er: 1048575, ec: 16383 });
  });

  it("stops at what is not an upper-case letter or digit, as safe_decode_range does", () => {
    expect(decodeRange("$A$1")).toEqual({ sr: -1, sc: -1, er: -1, ec: -1 });
    expect(decodeRange("a1")).toEqual({ sr: -1, sc: -1, er: -1, ec: -1 });
  });
});

describe("rangeArea", () => {
  it("counts the cells a loop from start to end visits, none when the end is before the start", () => {
    expect(rangeArea(decodeRange("A1:XFD1048576"))).toBe(1048576 * 16384);
    expect(rangeArea(decodeRange("B2"))).toBe(1);
    expect(rangeArea(decodeRange("D4:B2"))).toBe(0);
  });
});
