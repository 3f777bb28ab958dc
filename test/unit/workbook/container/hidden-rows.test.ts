import { describe, expect, it } from "vitest";
import { hiddenRowsOf, sheetPartKeys } from "../../../../functions/core/workbook/container/hidden-rows";

describe("hiddenRowsOf", () => {
  it("reads hidden rows by their number, counting on from the previous where a row states none", () => {
    const xml =
      '<worksheet><sheetData><row r="2" hidden="1"/><row/><x:row hidden="true"><c/></x:row>' +
      '<row r="9" hidden="0"/><row r="10" ht="12" hidden = "1"></row></sheetData></worksheet>';
    expect(hiddenRowsOf(xml, 1000)).toEqual([1, 3, 9]);
  });

  it("stops at the rows the reader reads", () => {
    expect(hiddenRowsOf('<row r="3" hidden="1"/><row r="400" hidden="1"/>', 100)).toEqual([2]);
  });
});

describe("sheetPartKeys", () => {
  it("follows each declared sheet's relationship to its part, relative or absolute, in declared order", () => {
    const workbook =
      '<workbook><sheets><sheet name="b" sheetId="7" r:id="rId2"/><sheet name="a" sheetId="1" r:id="rId1"/>' +
      '<sheet name="lost" sheetId="3" r:id="rId9"/></sheets></workbook>';
    const rels =
      '<Relationships><Relationship Id="rId1" Target="worksheets/Sheet1.xml" Type="…/worksheet"/>' +
      '<Relationship Id="rId2" Target="/xl/worksheets/../worksheets/sheet2.xml" Type="…/worksheet"/></Relationships>';
    expect(sheetPartKeys(workbook, rels, "xl/workbook.xml")).toEqual([
      "xl/worksheets/sheet2.xml",
      "xl/worksheets/sheet1.xml",
      undefined,
    ]);
  });
});
