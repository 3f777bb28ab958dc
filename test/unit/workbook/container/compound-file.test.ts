import { describe, expect, it } from "vitest";
import { readCompoundFile, rootChildren } from "../../../../functions/core/workbook/container/compound-file";
import { refusalOf } from "../../../../functions/core/workbook/container/verdict";
import { DEFAULT_LIMITS } from "../../../../functions/core/workbook/limits";
import * as hostile from "../../../fixtures/hostile";
import { inspect, keepPrototypesClean, problemOf } from "./inspect";

keepPrototypesClean();

describe("inspectContainer › the OLE compound file", () => {
  describe("refuses password-protected and crafted OLE files", () => {
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
});

describe("readCompoundFile", () => {
  it("reads the directory and the streams SheetJS wrote, from the big and the mini stream alike", () => {
    const cfb = readCompoundFile(hostile.wordDoc(), DEFAULT_LIMITS);
    const names = rootChildren(cfb.entries)
      .map((entry) => entry.name)
      .sort();
    expect(names).toContain("WordDocument");
    const word = cfb.entries.find((entry) => entry.name === "WordDocument")!;
    const table = cfb.entries.find((entry) => entry.name === "1Table")!;
    expect(cfb.read(word)).toEqual(new Uint8Array(5000).fill(0x20)); // 5000 bytes: the big FAT
    expect(cfb.read(table)).toEqual(new Uint8Array(100)); // 100 bytes: the mini stream
  });

  it("reads a stream laid out by hand, sector by sector", () => {
    const cfb = readCompoundFile(hostile.craftedCfb(), DEFAULT_LIMITS);
    const workbook = cfb.entries[1]!;
    expect(workbook).toMatchObject({ name: "Workbook", type: 2, size: 16 * 512 });
    expect(Array.from(cfb.read(workbook).subarray(0, 2))).toEqual([0x09, 0x08]);
  });

  it("refuses a file shorter than its header, and an unknown version", () => {
    expect(refusalOf(() => readCompoundFile(new Uint8Array(100), DEFAULT_LIMITS))).toMatchObject({
      code: "xls_corrupt",
    });
    const odd = hostile.craftedCfb();
    odd.writeUInt16LE(5, 26);
    expect(refusalOf(() => readCompoundFile(odd, DEFAULT_LIMITS))?.detail).toBe(
      "unknown compound file version 5 with sector shift 9",
    );
  });

  it("refuses a chain that loops as soon as a stream of it is named, before reading it", () => {
    expect(refusalOf(() => readCompoundFile(hostile.craftedCfb({ loop: true }), DEFAULT_LIMITS))).toEqual({
      code: "xls_corrupt",
      detail: 'the sector chain of "Workbook" loops or leaves the file',
    });
  });

  it("refuses a directory without a root entry", () => {
    const rootless = hostile.craftedCfb();
    rootless[512 * 2 + 66] = 1; // the root entry's type, in the directory after one FAT sector
    expect(refusalOf(() => readCompoundFile(rootless, DEFAULT_LIMITS))?.detail).toBe(
      "the compound file has no root entry",
    );
  });
});

describe("rootChildren", () => {
  it("walks the root's tree once, even when the siblings point back at each other", () => {
    const entry = (name: string, left: number, right: number, child = -1) => ({
      name,
      type: 2,
      left,
      right,
      child,
      start: 0,
      size: 0,
    });
    const entries = [entry("Root Entry", -1, -1, 1), entry("a", 2, 3), entry("b", 1, -1), entry("c", -1, 1)];
    expect(rootChildren(entries).map((e) => e.name)).toEqual(["a", "c", "b"]);
  });
});
