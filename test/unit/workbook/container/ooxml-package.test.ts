import { describe, expect, it } from "vitest";
import type { LooksLike, WorkbookProblemCode } from "../../../../functions/core/workbook/container";
import { ByteView } from "../../../../functions/core/workbook/container/bytes";
import {
  checkSheetRelationships,
  checkWorksheetParts,
  classifyPackage,
  countDeclaredSheets,
  relationshipsPart,
  unreadParts,
  workbookPart,
} from "../../../../functions/core/workbook/container/ooxml-package";
import { refusalOf } from "../../../../functions/core/workbook/container/verdict";
import { entriesByKey, readCentralDirectory } from "../../../../functions/core/workbook/container/zip";
import { DEFAULT_LIMITS } from "../../../../functions/core/workbook/limits";
import { readWorkbook } from "../../../../functions/core/workbook/read-workbook";
import * as hostile from "../../../fixtures/hostile";
import { inspect, keepPrototypesClean, problemOf } from "./inspect";

keepPrototypesClean();

describe("inspectContainer › the Office package", () => {
  describe("refuses what is not a workbook, saying what it looks like", () => {
    const cases: Array<[string, () => Uint8Array, WorkbookProblemCode, LooksLike?]> = [
      ["a .docx", hostile.docx, "not_spreadsheet_zip", "word"],
      ["an OpenDocument spreadsheet", hostile.odsWorkbook, "not_spreadsheet_zip", "opendocument"],
      ["a zip of text files", hostile.plainZip, "not_spreadsheet_zip", "archive"],
    ];
    for (const [what, build, code, looksLike] of cases) {
      it(`refuses ${what} as ${code} (${looksLike})`, () => {
        const problem = problemOf(inspect(build()));
        expect(problem.code).toBe(code);
        expect(problem.looksLike).toBe(looksLike);
      });
    }
  });

  describe("refuses valid containers whose content would make SheetJS slow or huge", () => {
    it("refuses a workbook with 1,000 sheets", () => {
      expect(problemOf(inspect(hostile.manySheets(1000)))).toMatchObject({
        code: "too_many_sheets",
        limit: 50,
        actual: 1000,
      });
    });

    it("refuses a workbook.xml declaring more sheets than the limit", () => {
      const sheets = Array.from({ length: 3 }, (_, i) => ({ name: `S${i}`, body: "<sheetData/>" }));
      const limits = { ...DEFAULT_LIMITS, maxSheets: 2 };
      expect(problemOf(inspect(hostile.writeZip(hostile.handXlsxParts(sheets)), limits))).toMatchObject({
        code: "too_many_sheets",
        actual: 3,
      });
    });

    it("refuses a workbook declaring no sheet", () => {
      expect(problemOf(inspect(hostile.noSheets())).code).toBe("no_sheets");
    });
  });
});

/** The entries of a (stored, empty-part) zip holding these names, by key. */
function packageOf(...names: string[]) {
  const zip = hostile.writeZip(names.map((name) => ({ name, data: new Uint8Array(0), method: 0 })));
  const { entries } = readCentralDirectory(new ByteView(zip));
  return { entries, byKey: entriesByKey(entries) };
}

const WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

describe("classifyPackage", () => {
  it("passes an xlsx's parts", () => {
    const { byKey } = packageOf("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml");
    expect(refusalOf(() => classifyPackage(byKey))).toBeNull();
  });

  it("says what other packages are, in the order SheetJS tells them apart", () => {
    const cases: Array<[string[], LooksLike]> = [
      [["mimetype", "content.xml", "xl/workbook.xml"], "opendocument"],
      [["Index/Document.iwa"], "numbers"],
      [["OFD.xml"], "ofd"],
      [["[Content_Types].xml", "word/document.xml"], "word"],
      [["[Content_Types].xml", "ppt/slides/slide1.xml"], "presentation"],
      [["[Content_Types].xml", "xl/workbook.bin"], "xlsb"],
      [["xl/workbook.xml"], "archive"],
      [["[Content_Types].xml", "docProps/app.xml"], "archive"],
    ];
    for (const [names, looksLike] of cases) {
      expect(refusalOf(() => classifyPackage(packageOf(...names).byKey))).toMatchObject({
        code: "not_spreadsheet_zip",
        looksLike,
      });
    }
  });
});

describe("checkWorksheetParts", () => {
  it("counts worksheet parts whatever the workbook declares", () => {
    const { entries } = packageOf(
      "xl/worksheets/sheet1.xml",
      "xl/worksheets/sheet2.xml",
      "xl/worksheets/_rels/sheet1.xml.rels",
    );
    expect(refusalOf(() => checkWorksheetParts(entries, { ...DEFAULT_LIMITS, maxSheets: 2 }))).toBeNull();
    expect(refusalOf(() => checkWorksheetParts(entries, { ...DEFAULT_LIMITS, maxSheets: 1 }))).toMatchObject({
      code: "too_many_sheets",
      limit: 1,
      actual: 2,
    });
  });
});

describe("workbookPart", () => {
  const types = (partName: string, type = WORKBOOK_TYPE) =>
    `<Types><Override PartName="${partName}" ContentType="${type}"/></Types>`;

  it("finds the workbook the content types name, wherever it is", () => {
    const { byKey } = packageOf("[Content_Types].xml", "xl/workbook.xml", "book/Main.xml");
    expect(workbookPart(types("/book/Main.xml"), byKey)).toBe("book/main.xml");
  });

  it("falls back to xl/workbook.xml when the content types name none", () => {
    const { byKey } = packageOf("[Content_Types].xml", "xl/workbook.xml");
    expect(workbookPart("<Types/>", byKey)).toBe("xl/workbook.xml");
  });

  it("refuses a named workbook part that is missing, and a binary one", () => {
    const { byKey } = packageOf("[Content_Types].xml", "xl/workbook.xml", "xl/workbook.bin");
    expect(refusalOf(() => workbookPart(types("/xl/other.xml"), byKey))).toMatchObject({
      code: "zip_corrupt",
    });
    const binary = types("/xl/workbook.bin", "application/vnd.ms-excel.sheet.binary.macroEnabled.main");
    expect(refusalOf(() => workbookPart(binary, byKey))).toMatchObject({ looksLike: "xlsb" });
  });
});

describe("relationshipsPart", () => {
  it("puts a part's relationships under _rels beside it", () => {
    expect(relationshipsPart("xl/workbook.xml")).toBe("xl/_rels/workbook.xml.rels");
    expect(relationshipsPart("workbook.xml")).toBe("_rels/workbook.xml.rels");
  });
});

describe("checkSheetRelationships", () => {
  it("refuses a sheet relationship to a .bin part, which SheetJS would read as xlsb", () => {
    const rel = (target: string) =>
      `<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${target}"/></Relationships>`;
    expect(refusalOf(() => checkSheetRelationships(rel("worksheets/sheet1.xml")))).toBeNull();
    expect(refusalOf(() => checkSheetRelationships(rel("worksheets/sheet1.BIN")))).toMatchObject({
      code: "not_spreadsheet_zip",
      looksLike: "xlsb",
    });
  });
});

describe("countDeclaredSheets", () => {
  it("counts <sheet> elements with or without a namespace prefix", () => {
    const xml = '<workbook><sheets><sheet name="a"/><x:sheet name="b"/></sheets></workbook>';
    expect(countDeclaredSheets(xml, "xl/workbook.xml", DEFAULT_LIMITS)).toBe(2);
  });

  it("refuses a workbook declaring none", () => {
    expect(
      refusalOf(() =>
        countDeclaredSheets("<workbook><sheets/></workbook>", "xl/workbook.xml", DEFAULT_LIMITS),
      ),
    ).toEqual({
      code: "no_sheets",
      detail: "xl/workbook.xml declares no <sheet>",
    });
  });
});

describe("unreadParts", () => {
  const override = (part: string, type: string) => `<Override PartName="${part}" ContentType="${type}"/>`;
  const types = (overrides: string) =>
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${overrides}</Types>`;
  const rels = (targets: [string, string][]) =>
    `<Relationships>${targets
      .map(
        ([type, target], i) =>
          `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`,
      )
      .join("")}</Relationships>`;

  it("names the styles, sheet metadata and document properties SheetJS may be handed empty", () => {
    const contentTypes = types(
      override("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml") +
        override(
          "/xl/metadata.xml",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml",
        ) +
        override("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml") +
        override(
          "/docProps/app.xml",
          "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ) +
        override(
          "/xl/worksheets/sheet1.xml",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        ) +
        override(
          "/xl/sharedStrings.xml",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
        ),
    );
    const workbookRels = rels([
      ["worksheet", "worksheets/sheet1.xml"],
      ["styles", "styles.xml"],
    ]);
    expect([...unreadParts(contentTypes, workbookRels)].sort()).toEqual([
      "docprops/app.xml",
      "docprops/core.xml",
      "xl/metadata.xml",
      "xl/styles.xml",
    ]);
  });

  it("never names a part a sheet relationship points at, whatever its content type says", () => {
    const contentTypes = types(
      override(
        "/xl/worksheets/sheet2.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
      ),
    );
    const workbookRels = rels([["worksheet", "/xl/worksheets/Sheet2.xml"]]);
    expect([...unreadParts(contentTypes, workbookRels)]).toEqual([]);
  });

  it("reads the cells of a worksheet whose content type claims it is the styles", () => {
    const parts = hostile.handXlsxParts([{ name: "Sheet1", body: hostile.SMALL_SHEET }]);
    const types = parts.find((part) => part.name === "[Content_Types].xml")!;
    types.data = hostile.utf8(
      Buffer.from(types.data!)
        .toString("utf8")
        .replace("spreadsheetml.worksheet+xml", "spreadsheetml.styles+xml"),
    );
    const read = readWorkbook(hostile.writeZip(parts));
    expect(read.ok && read.workbook.sheets[0]!.rows[0]!.map((cell) => cell?.value)).toEqual([
      "收到申请数",
      12,
    ]);
  });
});
