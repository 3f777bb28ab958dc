import { describe, expect, it } from "vitest";
import { documentGrid } from "../../../functions/core/document/document-grid";
import type { DocumentBlock, DocumentCell, DocumentTable } from "../../../functions/core/document/model";

/** A document's paragraphs and tables as the one grid the spreadsheet path reads, each row's origin kept. */

const c = (r: number, col: number, text: string, rowSpan = 1, colSpan = 1): DocumentCell => ({
  r,
  c: col,
  rowSpan,
  colSpan,
  text,
});
const table = (rowCount: number, colCount: number, cells: DocumentCell[]): DocumentBlock => ({
  kind: "table",
  table: { rowCount, colCount, cells } satisfies DocumentTable,
});
const texts = (grid: ReturnType<typeof documentGrid>["grid"]) =>
  Array.from(grid.rows, (row) => Array.from(row ?? [], (cell) => (cell ? String(cell.value) : "")).join("|"));

const header = [c(0, 0, "项目"), c(0, 1, "申请人情况", 1, 2), c(1, 1, "自然人"), c(1, 2, "总计")];

describe("documentGrid", () => {
  it("puts the titles first, then headings and tables, merged cells as merged ranges", () => {
    const document = documentGrid(
      {
        titles: ["某局2024年政府信息公开工作年度报告"],
        blocks: [
          { kind: "paragraph", text: "三、收到和处理政府信息公开申请情况" },
          table(3, 3, [...header, c(2, 0, "一、本年新收"), c(2, 1, "4"), c(2, 2, "4")]),
        ],
      },
      "网页",
    );
    expect(texts(document.grid)).toEqual([
      "某局2024年政府信息公开工作年度报告",
      "三、收到和处理政府信息公开申请情况",
      "",
      "项目|申请人情况",
      "|自然人|总计",
      "一、本年新收|4|4",
    ]);
    expect(document.grid.merges).toEqual([{ r1: 3, c1: 1, r2: 3, c2: 2 }]);
    expect(document.placeOf(5, 2)).toEqual({
      table: 1,
      row: 3,
      column: 3,
      rowLabel: "一、本年新收",
      columnLabel: "申请人情况 / 总计",
    });
    expect(document.placeOf(1, 0)).toBeNull();
  });

  it("joins a table continued in a second table, dropping the header rows it repeats", () => {
    const first = table(3, 3, [...header, c(2, 0, "一、本年新收"), c(2, 1, "4"), c(2, 2, "4")]);
    const second = table(3, 3, [...header, c(2, 0, "（七）总计"), c(2, 1, "3"), c(2, 2, "3")]);
    const document = documentGrid({ titles: [], blocks: [first, second] }, "网页");
    expect(texts(document.grid)).toEqual([
      "",
      "项目|申请人情况",
      "|自然人|总计",
      "一、本年新收|4|4",
      "（七）总计|3|3",
    ]);
    expect(document.placeOf(4, 2)).toMatchObject({
      table: 2,
      row: 3,
      column: 3,
      columnLabel: "申请人情况 / 总计",
    });
    expect(document.tableCount).toBe(2);
  });

  it("drops a header of two rows typed again inside a table", () => {
    const cells = [
      ...header,
      c(2, 0, "a"),
      c(2, 1, "1"),
      ...header.map((cell) => ({ ...cell, r: cell.r + 3 })),
      c(5, 0, "b"),
      c(5, 1, "2"),
    ];
    const document = documentGrid({ titles: [], blocks: [table(6, 3, cells)] }, "网页");
    expect(texts(document.grid)).toEqual(["", "项目|申请人情况", "|自然人|总计", "a|1", "b|2"]);
    expect(document.placeOf(4, 1)).toMatchObject({ row: 6 });
  });

  it("reads a table of one row or one column as lines of text, not a counted table", () => {
    const document = documentGrid(
      {
        titles: [],
        blocks: [
          table(1, 2, [c(0, 0, "首页"), c(0, 1, "政务公开")]),
          table(2, 2, [c(0, 0, "a"), c(0, 1, "b"), c(1, 0, "c"), c(1, 1, "1")]),
        ],
      },
      "网页",
    );
    expect(document.tableCount).toBe(1);
    expect(texts(document.grid).slice(0, 2)).toEqual(["首页", "政务公开"]);
  });
});
