import type { Diagnosis, RepairCell } from "../../../schemas/diagnosis";
import { type Bilingual, placeText } from "../../../schemas/finding";
import { cellName } from "../findings";
import type { RelationLine } from "./relations";
import type { RuleContext } from "./rule";

/**
 * What a broken hard relation may say so as not to contradict the diagnosis: an `应为` worked out from
 * the other numbers of the line is right only if those numbers are; the diagnosis knows which are not.
 * A finding gives a value only where the leading repair changes its cell to a determined value, and
 * otherwise names the cells of its line that the leading repair changes.
 */

export type Agreement =
  /** No diagnosis was made (a rule run on its own): the line's own arithmetic stands. */
  | { kind: "none" }
  /** Too many errors to localise: no value can be trusted. */
  | { kind: "bounded" }
  /** The leading repair changes this cell, to `value` (null where several values would do). */
  | { kind: "repaired"; value: number | null; others: RepairCell[]; alternatives: boolean }
  /** The leading repair leaves this cell and changes `suspects` of the line instead. */
  | { kind: "elsewhere"; suspects: RepairCell[]; alternatives: boolean };

export function agreement(context: RuleContext, line: RelationLine): Agreement {
  const diagnosis: Diagnosis | null | undefined = context.diagnosis;
  if (diagnosis === undefined || diagnosis === null) return { kind: "none" };
  const lead = diagnosis.repairs[0];
  if (diagnosis.bounded || !lead) return { kind: "bounded" };
  const alternatives = !diagnosis.unique;
  const inLine = [...line.left, ...line.right];
  const changed = lead.cells.filter((cell) =>
    inLine.some((term) => term.table === cell.table && term.row === cell.row && term.column === cell.column),
  );
  const { at } = line;
  const mine = changed.find((cell) => cell.row === at.row && cell.column === at.column);
  const others = changed.filter((cell) => cell !== mine);
  if (mine) return { kind: "repaired", value: mine.value, others, alternatives };
  return { kind: "elsewhere", suspects: others, alternatives };
}

/**
 * `F6（一、本年新收…「科研机构」，表中为 2，应为 0）` (in a document `第 2 个表格 第 6 行第 10 列（…）`), for
 * naming the cells a repair changes.
 */
export function suspectList(context: RuleContext, cells: readonly RepairCell[]): Bilingual {
  const one = (cell: RepairCell, lang: "zh" | "en") => {
    const name = cellName(context.format, cell.table, cell.row, cell.column)[lang];
    const should = lang === "zh" ? `，应为 ${cell.value}` : `, should be ${cell.value}`;
    const value = cell.value === null ? "" : should;
    // A document's cell by its table, row and column, as its findings are placed; a workbook's by its address.
    const where = cell.location ? placeText(cell, lang) : cell.cell;
    return lang === "zh"
      ? `${where}（${name}，表中为 ${cell.actual}${value}）`
      : `${where} (${name}: ${cell.actual}${value})`;
  };
  return {
    zh: cells.map((cell) => one(cell, "zh")).join("、"),
    en: cells.map((cell) => one(cell, "en")).join(", "),
  };
}

/** What is appended when other equally small repairs exist. */
export const ALTERNATIVES: Bilingual = {
  zh: "（也有其他同样少的改法，见诊断）",
  en: " (other equally small repairs exist: see the diagnosis)",
};
