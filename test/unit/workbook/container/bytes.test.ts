import { describe, expect, it } from "vitest";
import {
  ByteView,
  concatBytes,
  lastIndexOf,
  sameBytes,
  startsWith,
} from "../../../../functions/core/workbook/container/bytes";
import { hexPrefix, latin1, utf8, utf16 } from "../../../../functions/core/workbook/container/text";

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

  it("reads bytes as ISO-8859-1, one code point per byte, exactly", () => {
    expect(Array.from(latin1(all), (ch) => ch.charCodeAt(0))).toEqual(Array.from(all));
    expect(latin1(Uint8Array.of(0x80, 0x9f, 0xe6))).toBe("\u0080\u009f\u00e6");
  });

  it("reads megabytes the same, ASCII or not, at any offset and across chunks", () => {
    const ascii = new TextEncoder().encode('<c r="A1"><v>12</v></c>'.repeat(10_000));
    expect(latin1(ascii)).toBe('<c r="A1"><v>12</v></c>'.repeat(10_000));
    for (let start = 0; start < 8; start++) {
      for (let length = 0; length < 12; length++) {
        const slice = new Uint8Array(20).fill(0x41).subarray(start, start + length);
        expect(latin1(slice)).toBe("A".repeat(length));
        if (length > 0) slice[length - 1] = 0xe9;
        expect(latin1(slice)).toBe(length > 0 ? `${"A".repeat(length - 1)}\u00e9` : "");
      }
    }
    const mixed = Uint8Array.from({ length: 200_001 }, (_, i) => (i * 7919) & 0xff);
    for (const start of [0, 1, 2, 3]) {
      const text = latin1(mixed.subarray(start));
      expect(text.length).toBe(mixed.length - start);
      expect(text.charCodeAt(150_000)).toBe(mixed[start + 150_000]);
    }
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
