import { describe, expect, it } from "vitest";
import { readDocx } from "../../../functions/core/document/docx-reader";
import type { DocumentTable } from "../../../functions/core/document/model";
import { DocumentRefusal } from "../../../functions/core/document/problems";
import { DEFAULT_LIMITS } from "../../../functions/core/workbook/limits";
import { wordBody } from "../../fixtures/hostile/documents";

/** What Word's XML means, element by element, as the reader takes it. */

const read = (body: string) => readDocx(wordBody(body), DEFAULT_LIMITS);
const cell = (text: string, props = "") =>
  `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ""}<w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:tc>`;
const table = (...rows: string[]) => `<w:tbl>${rows.join("")}</w:tbl>`;
const row = (...cells: string[]) => `<w:tr>${cells.join("")}</w:tr>`;

function onlyTable(body: string): DocumentTable {
  const blocks = read(body).blocks.filter((block) => block.kind === "table");
  expect(blocks).toHaveLength(1);
  return (blocks[0] as { table: DocumentTable }).table;
}
const cells = (t: DocumentTable) =>
  t.cells.map(({ r, c, rowSpan, colSpan, text }) => ({ r, c, rowSpan, colSpan, text }));

describe("readDocx", () => {
  it("reads gridSpan as a cell over columns and vMerge as a cell over rows", () => {
    const t = onlyTable(
      table(
        row(cell("申请人情况", '<w:gridSpan w:val="2"/>'), cell("总计", '<w:vMerge w:val="restart"/>')),
        row(cell("自然人"), cell("商业企业"), `<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>`),
      ),
    );
    expect(cells(t)).toEqual([
      { r: 0, c: 0, rowSpan: 1, colSpan: 2, text: "申请人情况" },
      { r: 0, c: 2, rowSpan: 2, colSpan: 1, text: "总计" },
      { r: 1, c: 0, rowSpan: 1, colSpan: 1, text: "自然人" },
      { r: 1, c: 1, rowSpan: 1, colSpan: 1, text: "商业企业" },
    ]);
  });

  it("starts a row with gridBefore right of the first columns, so its numbers stay under their headers", () => {
    const t = onlyTable(
      table(
        row(cell("a"), cell("b"), cell("c")),
        `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${cell("5")}${cell("6")}</w:tr>`,
      ),
    );
    expect(cells(t).filter((item) => item.r === 1)).toEqual([
      { r: 1, c: 1, rowSpan: 1, colSpan: 1, text: "5" },
      { r: 1, c: 2, rowSpan: 1, colSpan: 1, text: "6" },
    ]);
  });

  it("reads the legacy hMerge as the cell before reaching over", () => {
    const t = onlyTable(
      table(row(cell("总计", '<w:hMerge w:val="restart"/>'), cell("", "<w:hMerge/>"), cell("7"))),
    );
    expect(cells(t)).toEqual([
      { r: 0, c: 0, rowSpan: 1, colSpan: 2, text: "总计" },
      { r: 0, c: 2, rowSpan: 1, colSpan: 1, text: "7" },
    ]);
  });

  it("joins a number whose digits are in runs of different formatting", () => {
    const t = onlyTable(
      table(
        row(
          cell("x"),
          `<w:tc><w:p><w:r><w:t>1</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>05</w:t></w:r></w:p></w:tc>`,
        ),
      ),
    );
    expect(t.cells[1]?.text).toBe("105");
  });

  it("keeps a superscript run after a number as its footnote, never as digits", () => {
    const t = onlyTable(
      table(
        row(
          cell("x"),
          `<w:tc><w:p><w:r><w:t>31</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>1</w:t></w:r></w:p></w:tc>`,
        ),
      ),
    );
    expect(t.cells[1]).toMatchObject({ text: "31", footnote: "1" });
  });

  it("marks a superscript run before digits as misplaced", () => {
    const t = onlyTable(
      table(
        row(
          cell("x"),
          `<w:tc><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>1</w:t></w:r><w:r><w:t>31</w:t></w:r></w:p></w:tc>`,
        ),
      ),
    );
    expect(t.cells[1]).toMatchObject({ text: "31", misplacedMark: true });
  });

  it("reads a run's formatting as it is now, not as a tracked revision had it", () => {
    const t = onlyTable(
      table(
        row(
          cell("x"),
          `<w:tc><w:p><w:r><w:t>3</w:t></w:r><w:r><w:rPr><w:b/><w:rPrChange w:id="1" w:author="a"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:rPrChange></w:rPr><w:t>1</w:t></w:r></w:p></w:tc>`,
        ),
      ),
    );
    expect(t.cells[1]).toMatchObject({ text: "31" });
    expect(t.cells[1]?.footnote).toBeUndefined();
  });

  it("takes a footnote reference as a mark", () => {
    const t = onlyTable(
      table(
        row(
          cell("x"),
          `<w:tc><w:p><w:r><w:t>12</w:t></w:r><w:r><w:footnoteReference w:id="3"/></w:r></w:p></w:tc>`,
        ),
      ),
    );
    expect(t.cells[1]).toMatchObject({ text: "12", footnote: "[3]" });
  });

  it("skips struck-through runs and text boxes, never joining their digits to the number", () => {
    const struck = (text: string, strike = "<w:strike/>") =>
      `<w:r><w:rPr>${strike}</w:rPr><w:t>${text}</w:t></w:r>`;
    const box = `<w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>印章</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`;
    const t = onlyTable(
      table(
        row(
          `<w:tc><w:p>${struck("1200")}<w:r><w:t>1286</w:t></w:r></w:p></w:tc>`,
          `<w:tc><w:p>${struck("8", "<w:dstrike/>")}<w:r><w:t>57</w:t></w:r></w:p></w:tc>`,
        ),
        row(
          `<w:tc><w:p>${struck("3", '<w:strike w:val="0"/>')}<w:r><w:t>4</w:t></w:r></w:p></w:tc>`,
          `<w:tc><w:p>${box}<w:r><w:t>57</w:t></w:r></w:p></w:tc>`,
        ),
      ),
    );
    expect(cells(t).map((item) => item.text)).toEqual(["1286", "57", "34", "57"]);
  });

  it("skips hidden text, deleted text, deleted rows, field codes and mc:Fallback copies", () => {
    const t = onlyTable(
      table(
        row(
          cell("a"),
          `<w:tc><w:p><w:r><w:t>4</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>9</w:t></w:r><w:del><w:r><w:delText>8</w:delText></w:r></w:del><w:ins><w:r><w:t>2</w:t></w:r></w:ins></w:p></w:tc>`,
        ),
        `<w:tr><w:trPr><w:del w:id="1" w:author="a"/></w:trPr>${cell("deleted")}${cell("1")}</w:tr>`,
        row(
          cell("b"),
          `<w:tc><w:p><w:r><w:instrText>=SUM(ABOVE)</w:instrText></w:r><w:r><w:t>6</w:t></w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>7</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>7</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p></w:tc>`,
        ),
      ),
    );
    expect(cells(t).map((item) => item.text)).toEqual(["a", "42", "b", "67"]);
  });

  it("reads a table inside a layout table's cell as a table of its own, the layout read through", () => {
    const inner = table(row(cell("商业企业"), cell("3")), row(cell("总计"), cell("4")));
    const document = read(
      `<w:p><w:r><w:t>标题</w:t></w:r></w:p>${table(row(`<w:tc><w:p><w:r><w:t>三、</w:t></w:r></w:p>${inner}<w:p/></w:tc>`))}`,
    );
    expect(document.blocks.map((block) => block.kind)).toEqual(["paragraph", "paragraph", "table"]);
  });

  it("refuses a DOCTYPE without expanding anything", () => {
    expect(() => readDocx(`<!DOCTYPE x [<!ENTITY a "b">]>${wordBody("")}`, DEFAULT_LIMITS)).toThrow(
      DocumentRefusal,
    );
  });

  it("refuses more elements than the cap while reading", () => {
    const limits = { ...DEFAULT_LIMITS, maxElements: 50 };
    expect(() => readDocx(wordBody("<w:p/>".repeat(100)), limits)).toThrow(DocumentRefusal);
  });
});
