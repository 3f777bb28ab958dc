import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32 } from "../../../../functions/core/workbook/container/crc32";
import * as hostile from "../../../fixtures/hostile";

describe("crc32", () => {
  it("gives the check value of the standard CRC-32 (ISO-HDLC)", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("agrees with zlib on every length up to 100 and at every alignment", () => {
    const next = hostile.prng(3);
    const bytes = Uint8Array.from({ length: 200 }, () => Math.floor(next() * 256));
    for (let start = 0; start < 8; start++) {
      for (let length = 0; length <= 100; length++) {
        const slice = bytes.subarray(start, start + length);
        expect(crc32(slice)).toBe(zlibCrc32(slice));
      }
    }
  });

  it("agrees with zlib on megabytes of data, all 0xFF and random", () => {
    const next = hostile.prng(4);
    const random = Uint8Array.from({ length: 3_000_001 }, () => Math.floor(next() * 256));
    const ones = new Uint8Array(1_000_003).fill(0xff);
    for (const start of [0, 1, 2, 3])
      expect(crc32(random.subarray(start))).toBe(zlibCrc32(random.subarray(start)));
    expect(crc32(ones)).toBe(zlibCrc32(ones));
  });
});
