import type { Diagnosis, Repair, RepairCell } from "../../../schemas/diagnosis";
import { type FormatSpec, TABLE_CODES } from "../../../schemas/formats";
import type { ValueCells } from "../read-values";
import { Checker } from "./check";
import { components } from "./linear-system";
import { anyHardRuleBroken, type ReportSystem, reportSystem } from "./report-system";
import { localise, type SearchLimits } from "./search";
import { isTypo, typoNeighbours } from "./typos";

export type { Diagnosis, Repair, RepairCell } from "../../../schemas/diagnosis";

/**
 * Which cells are most likely wrong (spec: "Diagnosis: which cell is wrong"): Fellegi–Holt error
 * localisation over the format's hard relations, exact over whole numbers, part by connected part of
 * the system, bounded in its work. Pure: the format and the cells as read in, the diagnosis out (null
 * when no hard arithmetic rule fails).
 */

export interface DiagnosisLimits {
  /** A repair of more cells than this is not searched for (the report has too many errors). */
  maxCells: number;
  /** Search steps in all (sets grown and checked), for the whole report. */
  steps: number;
  /** Repairs named at most. */
  maxRepairs: number;
}

export const DEFAULT_DIAGNOSIS_LIMITS: DiagnosisLimits = { maxCells: 6, steps: 5_000, maxRepairs: 5 };

/** Minimal sets kept per part, to rank (more are counted as "more", not ranked). */
const SETS_PER_PART = 48;

interface RankedSet {
  cells: RepairCell[];
  /** How many of its changes look like typos. */
  typos: number;
  /** How many of its cells are the cell a relation names (a total): on a tie, a total is the likelier typo. */
  named: number;
  /** The total size of its determined changes. */
  change: number;
}

export function diagnose(
  format: FormatSpec,
  cells: ValueCells,
  limits: DiagnosisLimits = DEFAULT_DIAGNOSIS_LIMITS,
): Diagnosis | null {
  if (!anyHardRuleBroken(format, cells)) return null;
  const system = reportSystem(format, cells);
  const checker = new Checker(system);
  if (checker.violated.length === 0) return null;
  const broken = new Set(checker.violated);
  const search: SearchLimits = {
    maxCells: limits.maxCells,
    budget: { steps: limits.steps },
    maxSets: SETS_PER_PART,
    first: system.named,
  };
  const parts: { sets: RankedSet[]; more: boolean }[] = [];
  let needed = 0;
  for (const part of components(system)) {
    const violated = part.filter((index) => broken.has(index));
    if (violated.length === 0) continue;
    const result = localise(checker, violated, { ...search, maxCells: limits.maxCells - needed });
    if (result.kind === "too_many") return bounded(tooMany(needed + result.atLeast, limits.maxCells));
    if (result.kind === "budget") return bounded(outOfBudget(limits.steps));
    // A feasibility question the residual search could not settle: a smaller repair may have been missed.
    if (!result.exact) return bounded(outOfBudget(limits.steps));
    needed += result.sets[0]!.length;
    parts.push({ sets: rank(system, checker, result.sets), more: result.more });
  }
  const repairs = combine(parts, limits.maxRepairs);
  const unique = parts.every((part) => part.sets.length === 1 && !part.more);
  return { repairs, unique, bounded: false, reason: null };
}

function bounded(reason: Diagnosis["reason"]): Diagnosis {
  return { repairs: [], unique: false, bounded: true, reason };
}

function tooMany(atLeast: number, max: number): Diagnosis["reason"] {
  return {
    zh: `至少有 ${atLeast} 个单元格需要改动，错误太多，无法判断是哪几个（最多判断 ${max} 个）。`,
    en: `At least ${atLeast} cells would have to change: too many errors to tell which cells are wrong (at most ${max} are looked for).`,
  };
}

function outOfBudget(steps: number): Diagnosis["reason"] {
  return {
    zh: `错误较多，在限定的计算量内（${steps} 步）未能判断是哪几个单元格出错。`,
    en: `Many errors: which cells are wrong could not be told within the bound of ${steps} search steps.`,
  };
}

/** Each minimal set with its values, the most plausible first. */
function rank(system: ReportSystem, checker: Checker, sets: readonly number[][]): RankedSet[] {
  const ranked = sets.map((set) => {
    const values = checker.values(set);
    let typos = 0;
    let change = 0;
    let named = 0;
    const cells = set.map((v) => {
      const cell = system.cells[v]!;
      if (system.named.has(v)) named++;
      const units = values.get(v) ?? null;
      const value = units === null ? null : Number(units) / Number(system.scales[v]!);
      if (value === null) {
        if (typoRepairs(system, checker, set, v)) typos++;
      } else {
        if (isTypo(cell.value, value)) typos++;
        change += Math.abs(value - cell.value);
      }
      const { table, row, column, sheet, cell: a1 } = cell;
      return { table, row, column, sheet, cell: a1, actual: cell.value, value };
    });
    return { cells: cells.sort(byPosition), typos, named, change };
  });
  return ranked.sort(plausibly);
}

/** Whether some typo of the cell as read, the other cells of the set free, makes every rule hold. */
function typoRepairs(system: ReportSystem, checker: Checker, set: readonly number[], v: number): boolean {
  const cell = system.cells[v]!;
  const scale = system.scales[v]!;
  const others = set.filter((other) => other !== v);
  const lower = system.variables[v]!.lower;
  for (const typo of typoNeighbours(cell.value, lower === null)) {
    const units = BigInt(Math.round(typo * Number(scale)));
    if (lower !== null && units < lower) continue;
    if (checker.check(others, new Map([[v, units]])).feasible) return true;
  }
  return false;
}

function plausibly(a: RankedSet, b: RankedSet): number {
  return (
    b.typos - a.typos || b.named - a.named || a.change - b.change || byPosition(a.cells[0]!, b.cells[0]!)
  );
}

/** Document order: table, then row, then column of the A1 address. */
function byPosition(a: RepairCell, b: RepairCell): number {
  const at = (cell: RepairCell) => {
    const match = /^([A-Z]+)(\d+)$/.exec(cell.cell);
    const column = match ? [...match[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) : 0;
    return [TABLE_CODES.indexOf(cell.table), match ? Number(match[2]) : 0, column];
  };
  const [x, y] = [at(a), at(b)];
  return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
}

/** The repairs of the whole report: one set from each part, the most plausible combinations first. */
function combine(parts: readonly { sets: RankedSet[] }[], max: number): Repair[] {
  let combos: RankedSet[] = [{ cells: [], typos: 0, named: 0, change: 0 }];
  for (const part of parts) {
    const next: RankedSet[] = [];
    for (const combo of combos) {
      for (const set of part.sets) {
        next.push({
          cells: [...combo.cells, ...set.cells],
          typos: combo.typos + set.typos,
          named: combo.named + set.named,
          change: combo.change + set.change,
        });
      }
    }
    // Keeping the best few at each step keeps the best few overall: the scores add up.
    combos = next.sort(plausibly).slice(0, max);
  }
  return combos.map((combo) => ({ cells: combo.cells.sort(byPosition) }));
}
