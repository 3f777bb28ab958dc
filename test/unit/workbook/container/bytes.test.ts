import { describe, expect, it } from "vitest";
import {
  ByteView,
  concatBytes,
  lastIndexOf,
  sameBytes,
  startsWith,
} from "../../../../functions/core/workbook/container/bytes";
import { hexPrefix, latin1, partText, utf8, utf16 } from "../../../../functions/core/workbook/container/text";

describe("ByteView", () => {
  const view = new ByteView(Uint8Array.of(0xff, 0x01, 0x02, 0x03, 0x04, 0xfe, 0xff, 0xff, 0xff).subarray(1));

  it("reads little-endian integers from the view's own start", () => {
    expect(view.u16(0)).toBe(0x0201);
    expect(view.u32(0)).toBe(0x04030201);
    expect(view.i32(4)).toBe(-2);
    expect(view.u32(4)).toBe(0xfffffffe);
  });

  it("throws past the end, and gives null for a short last Int32 when asked", () => {
    expect(() => view.u32(5)).toThrow(RangeError);
    expect(view.i32OrNull(5)).toBeNull();
    expect(view.i32OrNull(4)).toBe(-2);
  });
});

describe("byte searches", () => {
  const bytes = Uint8Array.of(1, 2, 3, 1, 2, 3, 4);

  it("finds a signature at an offset and its last occurrence", () => {
    expect(startsWith(bytes, [1, 2, 3], 3)).toBe(true);
    expect(startsWith(bytes, [3, 4, 5], 5)).toBe(false);
    expect(lastIndexOf(bytes, Uint8Array.of(1, 2, 3))).toBe(3);
    expect(lastIndexOf(bytes, Uint8Array.of(3, 1))).toBe(2);
    expect(lastIndexOf(bytes, Uint8Array.of(4, 5))).toBe(-1);
    expect(lastIndexOf(Uint8Array.of(1), Uint8Array.of(1, 2))).toBe(-1);
  });

  it("compares and joins byte arrays, copying only what is kept", () => {
    expect(sameBytes(bytes.subarray(0, 3), bytes.subarray(3, 6))).toBe(true);
    expect(sameBytes(bytes.subarray(0, 3), bytes.subarray(3, 7))).toBe(false);
    expect(concatBytes([Uint8Array.of(1, 2), Uint8Array.of(3, 4)])).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(concatBytes([Uint8Array.of(1, 2), Uint8Array.of(3, 4)], 3)).toEqual(Uint8Array.of(1, 2, 3));
    expect(concatBytes([], 10)).toEqual(new Uint8Array(0));
  });
});

describe("text", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);

  it("reads names as ISO-8859-1, one code point per byte, exactly", () => {
    expect(Array.from(latin1(all), (ch) => ch.charCodeAt(0))).toEqual(Array.from(all));
    expect(latin1(new Uint8Array(20_000).fill(0x41))).toBe("A".repeat(20_000));
  });

  it("reads a part one character per byte, ASCII as itself", () => {
    const text = partText(all);
    expect(text.length).toBe(256);
    expect(text.slice(0x20, 0x7f)).toBe(latin1(all.subarray(0x20, 0x7f)));
  });

  it("reads UTF-8 keeping a byte-order mark and replacing invalid bytes", () => {
    expect(utf8(Uint8Array.of(0xef, 0xbb, 0xbf, 0xe6, 0x80, 0xbb, 0xff))).toBe("\ufeff总\ufffd");
  });

  it("reads UTF-16 in either order, dropping an odd last byte and keeping lone surrogates", () => {
    expect(utf16(Uint8Array.of(0x3b, 0x60, 0x41, 0x00, 0x42), true)).toBe("总A");
    expect(utf16(Uint8Array.of(0x60, 0x3b, 0x00, 0x41), false)).toBe("总A");
    expect(utf16(Uint8Array.of(0x00, 0xd8), true)).toBe("\ud800");
  });

  it("shows the first bytes in hex", () => {
    expect(hexPrefix(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x0a, 0, 0, 0, 0xff))).toBe(
      "50 4b 03 04 0a 00 00 00",
    );
  });
});
