import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import type { LooksLike, WorkbookProblemCode } from "../../../../functions/core/workbook/container";
import {
  decodeSample,
  isCompoundFileMagic,
  isZipMagic,
  nonWorkbookProblem,
  whatTextIs,
} from "../../../../functions/core/workbook/container/sniff";
import * as hostile from "../../../fixtures/hostile";
import { inspect, keepPrototypesClean, problemOf } from "./inspect";

keepPrototypesClean();

describe("inspectContainer › what is not a workbook", () => {
  describe("refuses what is not a workbook, saying what it looks like", () => {
    const cases: Array<[string, () => Uint8Array, WorkbookProblemCode, LooksLike?]> = [
      ["a plain text file", hostile.plainText, "not_a_workbook", "text"],
      ["random bytes", () => hostile.randomBytes(), "not_a_workbook", "unknown"],
      ["a CSV renamed .xlsx", hostile.csvRenamed, "not_a_workbook", "csv"],
      [
        "an HTML table saved as .xls, with a ReDoS-style payload",
        () => hostile.htmlXls(),
        "not_a_workbook",
        "html",
      ],
      ["a PDF", hostile.pdfHeader, "not_a_workbook", "pdf"],
      ["an Excel 2003 XML spreadsheet", hostile.xmlSpreadsheet, "not_a_workbook", "xml_spreadsheet"],
    ];
    for (const [what, build, code, looksLike] of cases) {
      it(`refuses ${what} as ${code} (${looksLike})`, () => {
        const problem = problemOf(inspect(build()));
        expect(problem.code).toBe(code);
        expect(problem.looksLike).toBe(looksLike);
      });
    }

    it("refuses a file of NUL bytes as empty", () => {
      expect(problemOf(inspect(Buffer.alloc(4096))).code).toBe("empty");
    });
  });
});

describe("isZipMagic and isCompoundFileMagic", () => {
  it("takes PK and two bytes below 9 for a zip, as SheetJS does", () => {
    expect(isZipMagic(Uint8Array.of(0x50, 0x4b, 0x03, 0x04))).toBe(true);
    expect(isZipMagic(Uint8Array.of(0x50, 0x4b, 0x05, 0x06))).toBe(true);
    expect(isZipMagic(Uint8Array.of(0x50, 0x4b, 0x09, 0x04))).toBe(false);
    expect(isZipMagic(Uint8Array.of(0x50, 0x4b, 0x03))).toBe(false);
  });

  it("knows an OLE compound file by its eight-byte signature", () => {
    expect(isCompoundFileMagic(hostile.writeXls())).toBe(true);
    expect(isCompoundFileMagic(Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a))).toBe(false);
  });
});

describe("nonWorkbookProblem", () => {
  const text = (value: string) => new TextEncoder().encode(value);

  it("names images, archives and RTF by their magic bytes", () => {
    const cases: Array<[number[], LooksLike]> = [
      [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], "image"],
      [[0xff, 0xd8, 0xff, 0xe0], "image"],
      [[0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50], "image"],
      [[0x1f, 0x8b, 0x08], "archive"],
      [[0x7b, 0x5c, 0x72, 0x74, 0x66, 0x31], "old_word"],
    ];
    for (const [magic, looksLike] of cases) {
      expect(nonWorkbookProblem(Uint8Array.from(magic))).toMatchObject({ code: "not_a_workbook", looksLike });
    }
  });

  it("names an Excel 2.x-4.x worksheet by its bare BOF record", () => {
    expect(nonWorkbookProblem(Uint8Array.of(0x09, 0x04, 0x06, 0x00))).toMatchObject({
      looksLike: "old_excel",
    });
  });

  it("calls blanks and NUL bytes empty, saying how many there were", () => {
    expect(nonWorkbookProblem(text(" \r\n\t "))).toEqual({
      code: "empty",
      detail: "the file's 5 bytes are all blanks or NUL bytes",
    });
  });

  it("shows the first bytes of unrecognised binary data in hex", () => {
    const problem = nonWorkbookProblem(Uint8Array.from({ length: 64 }, (_, i) => i % 16));
    expect(problem).toMatchObject({ code: "not_a_workbook", looksLike: "unknown" });
    expect(problem.detail).toContain("starting 00 01 02 03 04 05 06 07");
  });

  it("reads UTF-16 text in either byte order", () => {
    const csv = "名称,数量\r\n申请,12\r\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, "utf16le")]);
    const be = Buffer.from(le);
    be.swap16();
    expect(nonWorkbookProblem(le)).toMatchObject({ looksLike: "csv" });
    expect(nonWorkbookProblem(be)).toMatchObject({ looksLike: "csv" });
    expect(decodeSample(be)).toBe(csv);
  });

  it("keeps a second byte-order mark as U+FEFF after dropping the first", () => {
    expect(decodeSample(Uint8Array.of(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x41))).toBe("\ufeffA");
  });
});

describe("whatTextIs", () => {
  it("tells MHTML, HTML, XML, SpreadsheetML, CSV and plain text apart", () => {
    expect(whatTextIs("MIME-Version: 1.0\r\nContent-Type: multipart/related")[0]).toBe("html");
    expect(whatTextIs("<html><body><table><tr><td>1</td></tr></table></body></html>")[0]).toBe("html");
    expect(whatTextIs('<?xml version="1.0"?><note>hi</note>')[0]).toBe("xml");
    expect(whatTextIs('<?xml version="1.0"?><ss:Workbook xmlns:ss="x">')[0]).toBe("xml_spreadsheet");
    expect(whatTextIs("a;b\n1;2\n3;4\n")[0]).toBe("csv");
    expect(whatTextIs("名称，数量\n申请，12\n")[0]).toBe("csv");
    expect(whatTextIs("政府信息公开工作年度报告\n")[0]).toBe("text");
  });
});
