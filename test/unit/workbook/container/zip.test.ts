import { describe, expect, it } from "vitest";
import type { WorkbookProblemCode } from "../../../../functions/core/workbook/container";
import { ByteView } from "../../../../functions/core/workbook/container/bytes";
import { refusalOf } from "../../../../functions/core/workbook/container/verdict";
import {
  checkLocalHeaders,
  entriesByKey,
  readCentralDirectory,
  type ZipEntry,
} from "../../../../functions/core/workbook/container/zip";
import * as hostile from "../../../fixtures/hostile";
import { inspect, keepPrototypesClean, problemOf } from "./inspect";

keepPrototypesClean();

describe("inspectContainer › the zip container", () => {
  describe("refuses broken and lying zips", () => {
    const cases: Array<[string, () => Uint8Array, WorkbookProblemCode]> = [
      ["an xlsx cut in half", hostile.truncatedXlsx, "zip_corrupt"],
      ["an xlsx with a flipped byte in a deflate stream", hostile.bitFlippedXlsx, "zip_corrupt"],
      [
        "a local header naming another part than the central directory",
        hostile.localNameMismatch,
        "zip_corrupt",
      ],
      ["an entry whose headers claim another size than it inflates to", hostile.sizeMismatch, "zip_corrupt"],
      ["two directory entries sharing one local header", hostile.overlappingEntries, "zip_corrupt"],
      ["an entry encrypted inside the zip", hostile.encryptedZipEntry, "unsupported_zip"],
      ["an entry compressed with bzip2", hostile.bzip2Entry, "unsupported_zip"],
      ["an entry with ZIP64 sizes", hostile.zip64Entry, "unsupported_zip"],
      ["a zip with 1,500 entries", () => hostile.manyEntries(1500), "too_many_entries"],
    ];
    for (const [what, build, code] of cases) {
      it(`refuses ${what} as ${code}`, () => {
        expect(problemOf(inspect(build())).code).toBe(code);
      });
    }
  });
});

const SHEET = '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>';

function directoryOf(bytes: Uint8Array): { entries: ZipEntry[]; cdOffset: number } {
  return readCentralDirectory(new ByteView(bytes));
}

describe("readCentralDirectory", () => {
  it("lists the entries in directory order, with names, methods and sizes", () => {
    const parts = hostile.handXlsxParts([{ name: "Sheet1", body: SHEET }]);
    const { entries } = directoryOf(hostile.writeZip(parts));
    expect(entries.map((entry) => entry.name)).toEqual(parts.map((part) => part.name));
    expect(entries.every((entry) => entry.method === 8 && entry.size > 0)).toBe(true);
  });

  it("keys entries as SheetJS looks them up: lower case, backslashes as slashes", () => {
    const zip = hostile.writeZip([
      { name: "XL\\Worksheets\\Sheet1.XML", data: new Uint8Array(1), method: 0 },
    ]);
    expect(directoryOf(zip).entries[0]).toMatchObject({
      name: "XL\\Worksheets\\Sheet1.XML",
      key: "xl/worksheets/sheet1.xml",
    });
  });

  it("reads names byte for byte as Latin-1", () => {
    const zip = hostile.writeZip([{ name: "xl/\u00e9\u0080.xml", data: new Uint8Array(1), method: 0 }]);
    expect(directoryOf(zip).entries[0]!.name).toBe("xl/\u00e9\u0080.xml");
  });

  it("takes the last end-of-central-directory record, as SheetJS does", () => {
    const zip = hostile.handXlsx();
    const withComment = hostile.writeZip(hostile.handXlsxParts([{ name: "Sheet1", body: SHEET }]), {
      comment: "PK\u0005\u0006 looks like an end record",
    });
    expect(refusalOf(() => directoryOf(zip))).toBeNull();
    // The signature in the comment is taken for the record, and what follows it is no end record.
    expect(refusalOf(() => directoryOf(withComment))).not.toBeNull();
  });

  it("refuses end records whose two entry counts disagree", () => {
    const zip = hostile.writeZip(hostile.handXlsxParts([{ name: "Sheet1", body: SHEET }]));
    const end = zip.length - 22;
    zip.writeUInt16LE(zip.readUInt16LE(end + 8) - 1, end + 8);
    expect(refusalOf(() => directoryOf(zip))?.detail).toMatch(/^the end record counts \d+ and \d+ entries$/);
  });

  it("refuses a split archive and a ZIP64 end record", () => {
    const split = hostile.handXlsx();
    split.writeUInt16LE(1, split.length - 22 + 4);
    expect(refusalOf(() => directoryOf(split))).toMatchObject({ code: "unsupported_zip" });
    const zip64 = hostile.handXlsx();
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 10);
    expect(refusalOf(() => directoryOf(zip64))).toMatchObject({ code: "unsupported_zip" });
  });
});

describe("entriesByKey", () => {
  it("refuses two entries SheetJS would take for one", () => {
    const zip = hostile.writeZip([
      { name: "xl/workbook.xml", data: new Uint8Array(1), method: 0 },
      { name: "XL\\Workbook.xml", data: new Uint8Array(1), method: 0 },
    ]);
    expect(refusalOf(() => entriesByKey(directoryOf(zip).entries))).toEqual({
      code: "zip_corrupt",
      detail: 'two entries are both named "XL\\Workbook.xml"',
    });
  });
});

describe("checkLocalHeaders", () => {
  it("sets where each entry's data starts and ends", () => {
    const zip = hostile.writeZip([{ name: "a.xml", data: new TextEncoder().encode("<a/>"), method: 0 }]);
    const { entries, cdOffset } = directoryOf(zip);
    checkLocalHeaders(new ByteView(zip), entries, cdOffset);
    expect(entries[0]).toMatchObject({ dataStart: 30 + 5, dataEnd: 30 + 5 + 4 });
    expect(zip.subarray(entries[0]!.dataStart, entries[0]!.dataEnd).toString()).toBe("<a/>");
  });

  it("takes a data descriptor after the data into the entry's extent", () => {
    const { entries, cdOffset } = directoryOf(hostile.streamedXlsx());
    checkLocalHeaders(new ByteView(hostile.streamedXlsx()), entries, cdOffset);
    for (const entry of entries) expect(entry.dataEnd).toBe(entry.dataStart + entry.compressedSize + 16);
  });

  it("refuses a local header whose method disagrees with the directory", () => {
    const zip = hostile.writeZip([{ name: "a.xml", data: new Uint8Array(10), lie: { localMethod: 0 } }]);
    const { entries, cdOffset } = directoryOf(zip);
    expect(refusalOf(() => checkLocalHeaders(new ByteView(zip), entries, cdOffset))?.detail).toBe(
      'the local header of "a.xml" disagrees with the central directory on its method or flags',
    );
  });
});
