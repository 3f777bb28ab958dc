import { Buffer } from "node:buffer";
import { constants, deflateRawSync, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { INFLATE_PIECE_BYTES, inflateRaw } from "../../../../functions/core/workbook/container/inflate";
import * as hostile from "../../../fixtures/hostile";
import { MiB } from "./inspect";

function text(size: number, seed = 1): Buffer {
  const next = hostile.prng(seed);
  const words = ["<row r=", '"12"', "><c>", "<v>", "1034", "</v>", "总计", " ", "\n"];
  const parts: string[] = [];
  for (let length = 0; length < size; ) {
    const word = words[Math.floor(next() * words.length)]!;
    parts.push(word);
    length += Buffer.byteLength(word);
  }
  return Buffer.from(parts.join("")).subarray(0, size);
}

describe("inflateRaw", () => {
  it("inflates what zlib deflated, byte for byte, at every level and size", () => {
    for (const size of [0, 1, 100, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 300_000]) {
      for (const level of [0, 1, 6, 9]) {
        const original = text(size, size + level);
        const inflated = inflateRaw(deflateRawSync(original, { level }), 1 * MiB);
        expect(inflated.ok && Buffer.from(inflated.data).equals(original)).toBe(true);
      }
    }
  });

  it("gives a stream exactly its budget, and refuses one byte more", () => {
    const original = text(50_000);
    const raw = deflateRawSync(original);
    expect(inflateRaw(raw, original.length)).toMatchObject({ ok: true });
    expect(inflateRaw(raw, original.length - 1)).toMatchObject({ ok: false, reason: "over_budget" });
  });

  it("stops a 256 MiB bomb within one piece of a 32 MiB budget, without inflating the rest", () => {
    const bomb = hostile.repeatedDeflate("", "A".repeat(MiB), 256, "");
    expect(bomb.bytes.length).toBeLessThan(300_000);
    const inflated = inflateRaw(bomb.bytes, 32 * MiB);
    expect(inflated.ok).toBe(false);
    if (inflated.ok || inflated.reason !== "over_budget") throw new Error("expected over_budget");
    expect(inflated.produced).toBeGreaterThan(32 * MiB);
    expect(inflated.produced).toBeLessThanOrEqual(32 * MiB + INFLATE_PIECE_BYTES);
  });

  it("stops a bomb at once when nothing is left of the budget", () => {
    const bomb = hostile.repeatedDeflate("", "A".repeat(MiB), 64, "");
    const inflated = inflateRaw(bomb.bytes, 0);
    expect(inflated).toMatchObject({ ok: false, reason: "over_budget" });
    if (!inflated.ok && inflated.reason === "over_budget") {
      expect(inflated.produced).toBeLessThanOrEqual(INFLATE_PIECE_BYTES);
    }
  });

  it("refuses a stream cut short, as zlib does", () => {
    const raw = deflateRawSync(text(100_000));
    const cut = raw.subarray(0, raw.length >> 1);
    expect(() => inflateRawSync(cut)).toThrow(/unexpected end of file/);
    expect(inflateRaw(cut, MiB)).toEqual({
      ok: false,
      reason: "corrupt",
      message: "the stream ends before its last block",
    });
  });

  it("refuses an empty stream, as zlib does", () => {
    expect(() => inflateRawSync(new Uint8Array(0))).toThrow();
    expect(inflateRaw(new Uint8Array(0), MiB)).toMatchObject({ ok: false, reason: "corrupt" });
  });

  it("refuses damaged streams with zlib's own messages", () => {
    const raw = deflateRawSync(text(20_000), { level: 9 });
    const next = hostile.prng(7);
    let compared = 0;
    for (let i = 0; i < 200; i++) {
      const copy = Buffer.from(raw);
      const at = Math.floor(next() * 40);
      copy[at] = copy[at]! ^ (1 << Math.floor(next() * 8));
      let zlibMessage: string | null = null;
      try {
        inflateRawSync(copy);
      } catch (error) {
        zlibMessage = (error as Error).message;
      }
      const inflated = inflateRaw(copy, MiB);
      if (zlibMessage === null || zlibMessage === "unexpected end of file") continue;
      expect(inflated).toEqual({ ok: false, reason: "corrupt", message: zlibMessage });
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });

  it("ignores bytes after the end of the stream, as zlib does, without reading them", () => {
    const original = text(1000);
    const raw = Buffer.concat([deflateRawSync(original), Buffer.alloc(8 * MiB, 0x41)]);
    expect(new Uint8Array(inflateRawSync(raw))).toEqual(new Uint8Array(original));
    const started = performance.now();
    expect(inflateRaw(raw, MiB)).toEqual({ ok: true, data: new Uint8Array(original) });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("inflates streams made of full-flushed blocks (how the hostile fixtures build theirs)", () => {
    const chunk = "<si><t>A</t></si>".repeat(100);
    const stream = hostile.repeatedDeflate("<sst>", chunk, 50, "</sst>");
    const inflated = inflateRaw(stream.bytes, MiB);
    expect(inflated.ok && inflated.data.length).toBe(stream.size);
    const flushed = deflateRawSync(text(10_000), { finishFlush: constants.Z_FINISH });
    expect(inflateRaw(flushed, MiB).ok).toBe(true);
  });
});
