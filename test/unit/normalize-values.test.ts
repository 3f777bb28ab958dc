import { describe, expect, it } from "vitest";
import { headerUnit, parseValue } from "../../functions/core/normalize-values";
import type { Cell } from "../../functions/core/workbook/grid";

/** The spec's "Values", one example each: how a cell's text or number becomes the number it means. */

const text = (value: string): Cell => ({ type: "s", value, formula: false });
const number = (value: number): Cell => ({ type: "n", value, formula: false });

describe("parseValue › counts", () => {
  it.each([
    ["a blank cell", undefined, 0],
    ["-", text("-"), 0],
    ["—", text("—"), 0],
    ["－ (full-width)", text("－"), 0],
    ["/", text("/"), 0],
    ["无", text("无"), 0],
    ["full-width digits", text("１０５"), 105],
    ["thousands separators", text("1,234"), 1234],
    ["a number stored as text", text(" 96 "), 96],
    ["a number", number(441), 441],
  ])("reads %s as %s", (_name, cell, expected) => {
    expect(parseValue(cell, "count")).toMatchObject({ ok: true, value: expected });
  });

  it("tells an empty cell from a dash or 无, which is 0 written so", () => {
    expect(parseValue(undefined, "count")).toMatchObject({ blank: true });
    expect(parseValue(text(""), "count")).toMatchObject({ blank: true });
    for (const dash of ["—", "/", "无", "－"])
      expect(parseValue(text(dash), "count")).toMatchObject({ value: 0, blank: false, dash: true });
    expect(parseValue(number(0), "count")).toMatchObject({ blank: false });
  });

  it("reads a count followed by a note in brackets as the count, keeping the note", () => {
    expect(parseValue(text("22（其中修订16件）"), "count")).toEqual({
      ok: true,
      value: 22,
      blank: false,
      note: "22（其中修订16件）",
    });
  });

  it.each([
    ["约20", "not_a_number"],
    ["十四", "not_a_number"],
    ["2.5", "not_whole"],
    ["-3", "negative"],
  ])("refuses %s as a count (%s)", (value, problem) => {
    expect(parseValue(text(value), "count")).toMatchObject({ ok: false, problem });
  });

  it.each([
    ["1,234,56", "not_a_number"],
    ["1,2345", "not_a_number"],
  ])("refuses %s, whose separators do not separate thousands (%s)", (value, problem) => {
    expect(parseValue(text(value), "count")).toMatchObject({ ok: false, problem });
  });

  it.each([
    ["a line break", "1036\n52", "count"],
    ["a space", "245 12", "count"],
    ["a full-width space", "１０３６\u300052", "count"],
    ["a no-break space", "10\u00a036", "signed_count"],
    ["a space, as an amount", "20.5 3", "amount"],
  ] as const)("refuses two numbers apart by %s, never their digits run together", (_name, value, kind) => {
    expect(parseValue(text(value), kind)).toMatchObject({
      ok: false,
      problem: "not_a_number",
      twoNumbers: true,
    });
  });

  it("still reads a number with spaces around it, before its unit or in its note", () => {
    expect(parseValue(text(" 1036\n"), "count")).toMatchObject({ ok: true, value: 1036 });
    expect(parseValue(text("20 万元"), "amount")).toMatchObject({ ok: true, value: 20 });
    expect(parseValue(text("22（其中 3 16 件）"), "count")).toMatchObject({ ok: true, value: 22 });
    expect(parseValue(text("减 4"), "signed_count")).toMatchObject({ ok: true, value: -4 });
  });

  it("refuses counts beyond any real report, which arithmetic could not hold exactly", () => {
    expect(parseValue(text("9007199254740993"), "count")).toMatchObject({ ok: false, problem: "too_large" });
    expect(parseValue(number(1e21), "count")).toMatchObject({ ok: false, problem: "too_large" });
    expect(parseValue(text("+99999999999"), "signed_count")).toMatchObject({
      ok: false,
      problem: "too_large",
    });
  });

  it("refuses a fractional number and a negative number", () => {
    expect(parseValue(number(2.5), "count")).toMatchObject({ ok: false, problem: "not_whole" });
    expect(parseValue(number(-1), "count")).toMatchObject({ ok: false, problem: "negative" });
  });
});

describe("parseValue › signed counts (本年增/减)", () => {
  it.each([
    ["-18", -18],
    ["+1036", 1036],
    ["−4 (minus sign)", -4],
    ["减4", -4],
    ["增3", 3],
    ["0", 0],
  ])("reads %s as %s", (value, expected) => {
    expect(parseValue(text(value.split(" ")[0]!), "signed_count")).toMatchObject({
      ok: true,
      value: expected,
    });
  });
});

describe("parseValue › amounts (万元, exact to the 分)", () => {
  it.each([
    ["2020.97 万元", 2020.97, 2_020_970_000],
    ["75394432.52元", 7539.443252, 7_539_443_252],
    ["1.2亿元", 12000, 12_000_000_000],
    ["2020.97（万元）", 2020.97, 2_020_970_000],
    ["3000(元)", 0.3, 300_000],
    ["24252.311082", 24252.311082, 24_252_311_082],
    ["1,234.5", 1234.5, 1_234_500_000],
  ])("reads %s as %s 万元 exactly", (value, expected, micro) => {
    expect(parseValue(text(value), "amount")).toMatchObject({ ok: true, value: expected, micro });
  });

  it("keeps the original text when a unit was written in the cell", () => {
    expect(parseValue(text("75394432.52元"), "amount")).toMatchObject({ note: "75394432.52元" });
    expect(parseValue(text("2020.97"), "amount")).not.toHaveProperty("note");
  });

  it("reads a number cell's amount and refuses one finer than 1 分", () => {
    expect(parseValue(number(24252.311082), "amount")).toMatchObject({ ok: true, micro: 24_252_311_082 });
    expect(parseValue(number(1.0000001), "amount")).toMatchObject({ ok: false, problem: "too_precise" });
    expect(parseValue(text("0.0000001"), "amount")).toMatchObject({ ok: false, problem: "too_precise" });
  });

  it("refuses amounts beyond 9 billion 万元, which exact sums could not hold", () => {
    expect(parseValue(number(1e21), "amount")).toMatchObject({ ok: false, problem: "too_large" });
    expect(parseValue(text("12345678901.5"), "amount")).toMatchObject({ ok: false, problem: "too_large" });
    expect(parseValue(text("8999999999.999999"), "amount")).toMatchObject({ ok: true });
  });

  it("refuses a negative amount", () => {
    expect(parseValue(number(-5), "amount")).toMatchObject({ ok: false, problem: "negative" });
  });
});

describe("parseValue › formulas", () => {
  it("reads a formula by its cached value", () => {
    expect(parseValue({ type: "n", value: 105, formula: true }, "count")).toMatchObject({
      ok: true,
      value: 105,
    });
  });

  it("refuses an error value and a formula saved without its value", () => {
    expect(parseValue({ type: "e", value: "#REF!", formula: true }, "count")).toMatchObject({
      ok: false,
      problem: "formula_error",
      text: "#REF!",
    });
    expect(parseValue({ type: "s", value: "", formula: true, uncachedFormula: true }, "count")).toMatchObject(
      {
        ok: false,
        problem: "formula_uncached",
      },
    );
  });
});

describe("parseValue › amounts under a header that names the unit", () => {
  it("reads the unit a header names, and nothing from a header that names none", () => {
    expect(headerUnit("采购总金额(元)")).toBe("元");
    expect(headerUnit("本年收费金额(单位:万元)")).toBe("万元");
    expect(headerUnit("采购总金额(亿元)")).toBe("亿元");
    expect(headerUnit("采购总金额")).toBeUndefined();
  });

  it("converts a bare amount by the header's unit exactly, keeping a note of it", () => {
    expect(parseValue(text("20,209,700.00"), "amount", "元")).toMatchObject({
      ok: true,
      value: 2020.97,
      micro: 2_020_970_000,
      note: "20,209,700.00（表头单位：元）",
    });
    expect(parseValue(number(5000), "amount", "元")).toMatchObject({ ok: true, value: 0.5, micro: 500_000 });
  });

  it("lets a unit written in the cell win over the header's", () => {
    expect(parseValue(text("2020.97万元"), "amount", "元")).toMatchObject({ ok: true, value: 2020.97 });
  });
});

describe("parseValue › footnote marks are never digits", () => {
  it("reads a count with a superscript mark as the count, keeping the mark as a note", () => {
    expect(parseValue(text("31¹"), "count")).toEqual({ ok: true, value: 31, blank: false, note: "31¹" });
    expect(parseValue(text("105²³"), "count")).toMatchObject({ ok: true, value: 105, note: "105²³" });
    expect(parseValue(text("12①"), "count")).toMatchObject({ ok: true, value: 12, note: "12①" });
    expect(parseValue(text("7*"), "count")).toMatchObject({ ok: true, value: 7, note: "7*" });
    expect(parseValue(text("2020.97※"), "amount")).toMatchObject({ ok: true, value: 2020.97 });
    expect(parseValue(text("-4¹"), "signed_count")).toMatchObject({ ok: true, value: -4 });
  });

  it("refuses a mark that stands before digits, where it cannot be told from them", () => {
    expect(parseValue(text("3¹1"), "count")).toMatchObject({ ok: false, problem: "not_a_number" });
    expect(parseValue(text("¹31"), "count")).toMatchObject({ ok: false, problem: "not_a_number" });
    expect(parseValue(text("¹"), "count")).toMatchObject({ ok: false, problem: "not_a_number" });
  });

  it("reads a rich-text superscript run as the note, not as a digit", () => {
    const cell: Cell = { type: "s", value: "31", formula: false, footnote: "1" };
    expect(parseValue(cell, "count")).toMatchObject({ ok: true, value: 31, note: "31（上标 1）" });
    expect(parseValue({ ...cell, misplacedMark: true }, "count")).toMatchObject({ ok: false });
  });

  it("ignores characters that print as nothing", () => {
    expect(parseValue(text("1\u200b0\u00ad5"), "count")).toMatchObject({ ok: true, value: 105 });
  });
});
