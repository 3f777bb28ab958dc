import { describe, expect, it } from "vitest";
import { declaredCharset, decodeHtml } from "../../../functions/core/document/html-encoding";
import { readHtml } from "../../../functions/core/document/html-reader";
import type { DocumentTable } from "../../../functions/core/document/model";
import { DEFAULT_LIMITS } from "../../../functions/core/workbook/limits";

/** A page's markup as a reader of the page sees it. */

const read = (body: string) =>
  readHtml(`<html><head><title>题</title></head><body>${body}</body></html>`, DEFAULT_LIMITS);
const tables = (body: string) =>
  read(body)
    .blocks.filter((block) => block.kind === "table")
    .map((block) => (block as { table: DocumentTable }).table);
const layout = (t: DocumentTable) =>
  t.cells.map(({ r, c, rowSpan, colSpan, text }) => [r, c, rowSpan, colSpan, text]);

describe("readHtml", () => {
  it("lays out rowspan and colspan as a browser does, later cells skipping covered slots", () => {
    const [t] = tables(
      '<table><tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>3</td></tr><tr><td>2.其他</td><td>4</td></tr><tr><td colspan="2">（七）总计</td><td>7</td></tr></table>',
    );
    expect(layout(t!)).toEqual([
      [0, 0, 2, 1, "（三）不予公开"],
      [0, 1, 1, 1, "1.属于国家秘密"],
      [0, 2, 1, 1, "3"],
      [1, 1, 1, 1, "2.其他"],
      [1, 2, 1, 1, "4"],
      [2, 0, 1, 2, "（七）总计"],
      [2, 2, 1, 1, "7"],
    ]);
  });

  it("clamps a rowspan past the table's end to its last row, and reads rowspan=0 to the end", () => {
    const [t] = tables(
      '<table><tr><td rowspan="9999">a</td><td rowspan="0">b</td></tr><tr><td>c</td></tr></table>',
    );
    expect(layout(t!)).toEqual([
      [0, 0, 2, 1, "a"],
      [0, 1, 2, 1, "b"],
      [1, 2, 1, 1, "c"],
    ]);
  });

  it("reads &nbsp; as blank, numbers split into spans as one, and <sup> as a footnote", () => {
    const [t] = tables(
      "<table><tr><td>&nbsp;</td><td><span>1</span><span style='x'>05</span></td><td>31<sup>1</sup></td></tr><tr><td>x</td><td>y</td></tr></table>",
    );
    expect(t!.cells.slice(0, 3).map((item) => [item.text.trim(), item.footnote])).toEqual([
      ["", undefined],
      ["105", undefined],
      ["31", "1"],
    ]);
  });

  it("skips struck-through text (<del>, <s>, <strike>, line-through), never joining its digits to the number", () => {
    const [t] = tables(
      "<table><tr><td><del cite='x'>1200</del><ins>1286</ins></td><td><s>8</s>57</td><td><strike>3</strike>4</td>" +
        "<td><span style='color:red; text-decoration: line-through'>50</span>57</td>" +
        "<td><span style='text-decoration-line:underline'>9</span></td></tr><tr><td>x</td><td>y</td></tr></table>",
    );
    expect(t!.cells.slice(0, 5).map((item) => item.text.trim())).toEqual(["1286", "57", "4", "57", "9"]);
  });

  it("skips scripts, styles, templates, hidden elements and frames, and runs nothing", () => {
    const document = read(
      '<script>throw new Error("ran")</script><style>td{}</style><template><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table></template><div hidden><p>秘</p></div><p style="display: none">隐</p><iframe src="https://example.gov.cn"></iframe><p>正文</p>',
    );
    expect(document.blocks).toEqual([{ kind: "paragraph", text: "正文" }]);
  });

  it("takes the page's title and its ArticleTitle meta as titles", () => {
    const document = readHtml(
      '<html><head><title>某局2024年报告_某市政府</title><meta name="ArticleTitle" content="某局2024年政府信息公开工作年度报告"></head><body><h1>某局</h1></body></html>',
      DEFAULT_LIMITS,
    );
    expect(document.titles).toEqual([
      "某局2024年报告_某市政府",
      "某局2024年政府信息公开工作年度报告",
      "某局",
    ]);
  });
});

describe("decodeHtml", () => {
  it("decodes UTF-8, and a GB2312 page by its meta charset", () => {
    expect(decodeHtml(new TextEncoder().encode("<p>总计</p>"))).toBe("<p>总计</p>");
    // 总计 in GBK: D7 DC BC C6
    const gbk = new Uint8Array([
      ...new TextEncoder().encode('<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>'),
      0xd7,
      0xdc,
      0xbc,
      0xc6,
      ...new TextEncoder().encode("</p>"),
    ]);
    expect(decodeHtml(gbk)).toContain("<p>总计</p>");
  });

  it("decodes an undeclared page that is not UTF-8 as GB18030", () => {
    expect(decodeHtml(new Uint8Array([0x3c, 0x70, 0x3e, 0xd7, 0xdc, 0xbc, 0xc6]))).toBe("<p>总计");
  });

  it("finds the charset of <meta charset> and of http-equiv", () => {
    expect(declaredCharset('<meta charset="GBK">')).toBe("GBK");
    expect(declaredCharset('<meta http-equiv="content-type" content="text/html;charset=gb2312">')).toBe(
      "gb2312",
    );
    expect(declaredCharset("<p>none</p>")).toBeUndefined();
  });
});
