import type { ValueKind } from "../../schemas/formats";
import { INVISIBLE } from "./labels";
import type { Cell } from "./workbook/grid";

/**
 * One cell's text or number → the number it means, by the spec's "Values": blanks and dashes are 0,
 * full-width digits and thousands separators are digits, `减4` is −4, a count may carry a bracketed note,
 * an amount may carry its unit (元 / 万元 / 亿元), converted exactly.
 */

export type ValueProblem =
  /** text that is not a number of this kind (`约20`, `十四`) */
  | "not_a_number"
  /** a fraction where a whole number belongs (`2.5` as a count) */
  | "not_whole"
  | "negative"
  /** an amount finer than 1 分 (0.000001 万元) */
  | "too_precise"
  /** beyond any real report (and beyond exact arithmetic): a typo or a hostile sheet */
  | "too_large"
  /** `#REF!`, `#DIV/0!` */
  | "formula_error"
  /** a formula never calculated, so no value was saved with it */
  | "formula_uncached";

export type ParsedValue =
  | {
      ok: true;
      value: number;
      /** For amounts: the exact value in millionths of 万元 (1 分), for exact sums. */
      micro?: number;
      /** The cell was empty (nothing written in it). */
      blank: boolean;
      /** The cell held a dash or 无: 0, written so (a table of dashes is filled in, not blank). */
      dash?: true;
      /** The cell's text, kept when it carried more than the number (a unit, a note). */
      note?: string;
      /** Converted by the unit its column's header names (`采购总金额（元）`), not one written in the cell. */
      headerUnit?: AmountUnit;
    }
  | {
      ok: false;
      problem: ValueProblem;
      text: string;
      /** Why it is not a number when the reason is not plain: two numbers in one cell (`1036 52`). */
      twoNumbers?: true;
    };

const BLANKS = new Set(["", "-", "--", "—", "——", "–", "－", "/", "\\", "无"]);

function clean(text: string): string {
  return text
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(/[\s\u00a0\u3000]+/g, "")
    .replace(/[−‐‑‒]/g, "-");
}

/**
 * Footnote marks: superscript and subscript digits, circled and parenthesised numbers, asterisks, daggers.
 * NFKC folds `¹` and `①` into `1`, so `31¹` would read 311: they are taken off before anything else, kept
 * with the cell as its note, and a mark anywhere but at the end refuses the cell.
 */
const FOOTNOTE_MARK =
  /[\u00b2\u00b3\u00b9\u2070-\u209f\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf*＊※†‡]/u;
const TRAILING_MARKS = new RegExp(`^(.*?)\\s*((?:${FOOTNOTE_MARK.source})+)\\s*$`, "su");

/** The text without its trailing footnote marks, the marks, and whether a mark stands anywhere else. */
function footnote(text: string): { body: string; marks: string; misplaced: boolean } {
  const trailing = TRAILING_MARKS.exec(text);
  const body = trailing ? trailing[1]! : text;
  return { body, marks: trailing ? trailing[2]! : "", misplaced: FOOTNOTE_MARK.test(body) };
}

/** Counts above this are typos (a billion requests), and amounts above MAX_AMOUNT_MICRO (9 billion 万元). */
export const MAX_COUNT = 1_000_000_000;
const MAX_AMOUNT_MICRO = 9_000_000_000_000_000;

/** Exact decimal text → an integer count of millionths, "too_precise" when finer, "too_large" past the limit. */
function toMicro(digits: string, shift: number): number | "too_precise" | "too_large" {
  const [whole = "0", fraction = ""] = digits.split(".");
  // shift moves the decimal point: 元 → 万元 is -4, 亿元 → 万元 is +4.
  let intPart = whole;
  let fracPart = fraction;
  if (shift > 0) {
    fracPart = fracPart.padEnd(shift, "0");
    intPart += fracPart.slice(0, shift);
    fracPart = fracPart.slice(shift);
  } else if (shift < 0) {
    intPart = intPart.padStart(-shift + 1, "0");
    fracPart = intPart.slice(shift) + fracPart;
    intPart = intPart.slice(0, shift);
  }
  fracPart = fracPart.replace(/0+$/, "");
  if (fracPart.length > 6) return "too_precise";
  intPart = intPart.replace(/^0+(?=\d)/, "");
  if (intPart.length > 10) return "too_large";
  const micro = Number(intPart) * 1_000_000 + Number(fracPart.padEnd(6, "0"));
  return micro <= MAX_AMOUNT_MICRO ? micro : "too_large";
}

/** An amount and its unit, the unit bare or in brackets (`2020.97万元`, `2020.97（万元）`). */
const AMOUNT = /^(\d+(?:\.\d+)?)(?:(万元|万|元|亿元|亿)|\((万元|万|元|亿元|亿)\))?$/;
const COUNT_WITH_NOTE = /^(\d+)(?:件|项|个|条|次|人|家)?(?:\((.+)\))?$/;
const SIGNED = /^(增加|减少|增|减|\+|-)?(\d+)(?:件|项|个)?$/;

/** The unit an amount column's header names (`采购总金额（元）`); bare amounts are 万元 otherwise. */
export type AmountUnit = "元" | "万元" | "亿元";

const SHIFT: Record<AmountUnit, number> = { 元: -4, 万元: 0, 亿元: 4 };

/** The unit a header names in brackets or after 单位, if any. */
export function headerUnit(normalizedHeader: string): AmountUnit | undefined {
  const match = /(?:\(|单位:?)(亿元|万元|元)\)?/.exec(normalizedHeader);
  return match ? (match[1] as AmountUnit) : undefined;
}

export function parseValue(cell: Cell | undefined, kind: ValueKind, unit: AmountUnit = "万元"): ParsedValue {
  if (!cell) return { ok: true, value: 0, blank: true };
  if (cell.type === "e") return { ok: false, problem: "formula_error", text: String(cell.value) };
  if (cell.uncachedFormula) return { ok: false, problem: "formula_uncached", text: "" };
  if (cell.type === "b" || cell.type === "d")
    return { ok: false, problem: "not_a_number", text: String(cell.value) };
  if (cell.type === "n") return fromNumber(Number(cell.value), kind, unit);
  const original = String(cell.value);
  const marked = footnote(original.replace(INVISIBLE, ""));
  if (marked.misplaced || cell.misplacedMark) return { ok: false, problem: "not_a_number", text: original };
  const marks = marked.marks + (cell.footnote ?? "");
  const parsed = parseText(marked.body, original, kind, unit);
  if (!marks || !parsed.ok) return parsed;
  if (parsed.blank || parsed.dash) return { ok: false, problem: "not_a_number", text: original };
  // Never folded into the digits: the count is what stands before the mark, the mark is kept as a note.
  return { ...parsed, note: `${original.trim()}${cell.footnote ? `（上标 ${cell.footnote}）` : ""}` };
}

/**
 * Digits, white space (a line break, a full-width space), digits: two numbers in one cell (`1036⏎52`, a
 * count and another beside it), never one number of their digits run together. Notes in brackets aside.
 */
const TWO_NUMBERS = /\d\s+\d/u;
const BRACKETED = /\([^)]*\)/g;

function parseText(body: string, original: string, kind: ValueKind, unit: AmountUnit): ParsedValue {
  if (TWO_NUMBERS.test(body.normalize("NFKC").replace(INVISIBLE, "").replace(BRACKETED, "")))
    return { ok: false, problem: "not_a_number", text: original, twoNumbers: true };
  const text = clean(body);
  if (BLANKS.has(text))
    return text ? { ok: true, value: 0, blank: false, dash: true } : { ok: true, value: 0, blank: true };
  // Thousands separators only where they really separate thousands (`1,234`, not `1,2345`).
  const withoutSeparators = (
    /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?(?![\d,])/.test(text) ? text.replace(/,/g, "") : text
  ).replace(/^(\d+)\.0+$/, "$1");
  switch (kind) {
    case "count": {
      const match = COUNT_WITH_NOTE.exec(withoutSeparators);
      if (!match) return problemFor(withoutSeparators, original, kind);
      const noted = match[2] !== undefined || withoutSeparators !== match[1];
      if (match[1]!.length > 10 || Number(match[1]) > MAX_COUNT)
        return { ok: false, problem: "too_large", text: original };
      return { ok: true, value: Number(match[1]), blank: false, ...(noted ? { note: original.trim() } : {}) };
    }
    case "signed_count": {
      const match = SIGNED.exec(withoutSeparators);
      if (!match) return problemFor(withoutSeparators, original, kind);
      const negative = match[1] === "-" || match[1]?.startsWith("减");
      if (match[2]!.length > 10 || Number(match[2]) > MAX_COUNT)
        return { ok: false, problem: "too_large", text: original };
      const value = Number(match[2]) * (negative ? -1 : 1);
      return { ok: true, value: value === 0 ? 0 : value, blank: false };
    }
    case "amount": {
      const match = AMOUNT.exec(withoutSeparators);
      if (!match) return problemFor(withoutSeparators, original, kind);
      // A unit in the cell wins; else the header's; else 万元.
      const unitWritten = match[2] ?? match[3];
      const written = unitWritten
        ? ((unitWritten.endsWith("元") ? unitWritten : `${unitWritten}元`) as AmountUnit)
        : undefined;
      const micro = toMicro(match[1]!, SHIFT[written ?? unit]);
      if (typeof micro === "string") return { ok: false, problem: micro, text: original };
      const note = written
        ? original.trim()
        : unit !== "万元"
          ? `${original.trim()}（表头单位：${unit}）`
          : undefined;
      return {
        ok: true,
        value: micro / 1_000_000,
        micro,
        blank: false,
        ...(note ? { note } : {}),
        ...(!written && unit !== "万元" ? { headerUnit: unit } : {}),
      };
    }
  }
}

function fromNumber(value: number, kind: ValueKind, unit: AmountUnit): ParsedValue {
  const text = String(value);
  if (!Number.isFinite(value)) return { ok: false, problem: "not_a_number", text };
  if (kind === "amount" && unit !== "万元") {
    if (value < 0) return { ok: false, problem: "negative", text };
    // In the header's unit: convert the number's decimal digits exactly.
    const digits = /e/i.test(text) ? value.toFixed(6) : text;
    const micro = toMicro(digits, SHIFT[unit]);
    if (typeof micro === "string") return { ok: false, problem: micro, text };
    return {
      ok: true,
      value: micro / 1_000_000,
      micro,
      blank: false,
      note: `${text}（表头单位：${unit}）`,
      headerUnit: unit,
    };
  }
  if (kind === "amount") {
    if (value < 0) return { ok: false, problem: "negative", text };
    if (value * 1_000_000 > MAX_AMOUNT_MICRO) return { ok: false, problem: "too_large", text };
    const micro = Math.round(value * 1_000_000);
    // A double carries ~15 significant digits: anything past the 6th decimal beyond that noise is real.
    if (Math.abs(micro - value * 1_000_000) > Math.max(1e-6, Math.abs(value) * 1e-6)) {
      return { ok: false, problem: "too_precise", text };
    }
    return { ok: true, value: micro / 1_000_000, micro, blank: false };
  }
  if (!Number.isInteger(value)) return { ok: false, problem: "not_whole", text };
  if (Math.abs(value) > MAX_COUNT) return { ok: false, problem: "too_large", text };
  if (kind === "count" && value < 0) return { ok: false, problem: "negative", text };
  return { ok: true, value: value === 0 ? 0 : value, blank: false };
}

function problemFor(cleaned: string, original: string, kind: ValueKind): ParsedValue {
  if (/^-\d+(\.\d+)?$/.test(cleaned) && kind !== "signed_count")
    return { ok: false, problem: "negative", text: original };
  if (/^[+-]?\d+\.\d+$/.test(cleaned) && kind !== "amount")
    return { ok: false, problem: "not_whole", text: original };
  return { ok: false, problem: "not_a_number", text: original };
}
