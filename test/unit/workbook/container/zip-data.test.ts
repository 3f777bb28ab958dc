import { crc32, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { ContainerVerdict } from "../../../../functions/core/workbook/container";
import { ByteView } from "../../../../functions/core/workbook/container/bytes";
import { refusalOf } from "../../../../functions/core/workbook/container/verdict";
import { checkLocalHeaders, readCentralDirectory } from "../../../../functions/core/workbook/container/zip";
import { checkDeclaredSizes, readEntryData } from "../../../../functions/core/workbook/container/zip-data";
import { DEFAULT_LIMITS } from "../../../../functions/core/workbook/limits";
import * as hostile from "../../../fixtures/hostile";
import { inspect, keepPrototypesClean, MiB, problemOf, rssGrowth } from "./inspect";

keepPrototypesClean();

describe("inspectContainer › inflating within the caps", () => {
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

/** A zip of the given parts with its local headers checked, ready to read entries from. */
function openZip(parts: hostile.ZipPart[]) {
  const bytes = hostile.writeZip(parts);
  const zip = new ByteView(bytes);
  const { entries, cdOffset } = readCentralDirectory(zip);
  checkLocalHeaders(zip, entries, cdOffset);
  return { zip, entries };
}

describe("checkDeclaredSizes", () => {
  it("refuses an entry declaring more than the per-entry cap, before anything is inflated", () => {
    const { entries } = openZip([
      { name: "a.xml", deflated: hostile.repeatedDeflate("", "a".repeat(MiB), 40, "") },
    ]);
    expect(refusalOf(() => checkDeclaredSizes(entries, DEFAULT_LIMITS))).toMatchObject({
      code: "zip_bomb",
      limit: DEFAULT_LIMITS.maxEntryInflatedBytes,
      actual: 40 * MiB,
    });
  });

  it("calls a size no deflate stream of that length can reach a damaged header, not a bomb", () => {
    const { entries } = openZip([{ name: "a.xml", data: new Uint8Array(100), lie: { size: 10 * MiB } }]);
    expect(refusalOf(() => checkDeclaredSizes(entries, DEFAULT_LIMITS))).toMatchObject({
      code: "zip_corrupt",
    });
  });

  it("refuses a stored entry whose size differs from its compressed size", () => {
    const { entries } = openZip([{ name: "a.xml", data: new Uint8Array(100), method: 0, lie: { size: 99 } }]);
    expect(refusalOf(() => checkDeclaredSizes(entries, DEFAULT_LIMITS))?.detail).toBe(
      '"a.xml" claims 99 bytes from 100 compressed',
    );
  });
});

describe("readEntryData", () => {
  const xml = new TextEncoder().encode(`<root>${"<v>1034</v>".repeat(2000)}</root>`);

  it("gives a deflated entry's bytes and a stored entry's own", () => {
    const { zip, entries } = openZip([
      { name: "deflated.xml", data: xml },
      { name: "stored.xml", data: xml, method: 0 },
    ]);
    expect(new Uint8Array(readEntryData(zip, entries[0]!, DEFAULT_LIMITS, 0))).toEqual(xml);
    expect(new Uint8Array(readEntryData(zip, entries[1]!, DEFAULT_LIMITS, 0))).toEqual(xml);
  });

  it("refuses data whose CRC-32 is not the header's", () => {
    const { zip, entries } = openZip([{ name: "a.xml", data: xml, lie: { crc: 1 } }]);
    expect(refusalOf(() => readEntryData(zip, entries[0]!, DEFAULT_LIMITS, 0))).toEqual({
      code: "zip_corrupt",
      detail: '"a.xml" fails its CRC-32 check',
    });
  });

  it("refuses a damaged deflate stream with what zlib would say of it", () => {
    const raw = deflateRawSync(xml);
    raw[5] = raw[5]! ^ 0xff;
    const { zip, entries } = openZip([
      { name: "a.xml", deflated: { bytes: raw, size: xml.length, crc: crc32(xml) } },
    ]);
    expect(refusalOf(() => readEntryData(zip, entries[0]!, DEFAULT_LIMITS, 0))?.detail).toMatch(
      /^"a\.xml" does not inflate: invalid /,
    );
  });

  it("gives an entry only what is left of the total, and says which cap it hit", () => {
    const { zip, entries } = openZip([{ name: "a.xml", data: xml }]);
    const limits = { ...DEFAULT_LIMITS, maxInflatedBytes: 30_000 };
    expect(refusalOf(() => readEntryData(zip, entries[0]!, limits, 29_000))).toEqual({
      code: "zip_bomb",
      detail: `"a.xml" inflates to more than 1000 bytes (its headers claim ${xml.length}), past the total cap of 30000 bytes`,
      limit: 30_000,
    });
    expect(refusalOf(() => readEntryData(zip, entries[0]!, limits, 30_000 - xml.length))).toBeNull();
  });
});
