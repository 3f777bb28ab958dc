import type { Checker } from "./check";

/**
 * Error localisation in one connected part of the system: the smallest sets of cells whose freeing
 * makes the part feasible, for k = 1, 2, … cells. Sets are grown the way a hitting-set search grows
 * them: while a broken constraint has no freed cell, one of its cells must be freed (branch on the
 * smallest such constraint); once all are hit but the set is still infeasible, one fixed cell of its
 * conflict must be freed. Every minimal set is reached this way, and each once: a branch never frees a
 * cell an earlier sibling branch freed (those sets were that sibling's). A lower bound (broken
 * constraints with no allowed cell in common each need a cell of their own) prunes, and the work is
 * bounded.
 */

export interface SearchLimits {
  /** The most cells a repair may have: beyond it, the report has too many errors to localise. */
  maxCells: number;
  /** Steps allowed in all (sets grown and checked), shared by the parts of one report. */
  budget: { steps: number };
  /** Minimal sets kept; finding one more ends the search with `more`. */
  maxSets: number;
  /** Cells tried first when branching (the totals): where more sets exist than are kept, theirs are kept. */
  first?: ReadonlySet<number>;
}

export type SearchResult =
  | { kind: "found"; sets: number[][]; more: boolean; exact: boolean }
  | { kind: "too_many"; atLeast: number }
  | { kind: "budget" };

export function localise(checker: Checker, violated: readonly number[], limits: SearchLimits): SearchResult {
  const preferred = (a: number, b: number) =>
    Number(limits.first?.has(b) ?? 0) - Number(limits.first?.has(a) ?? 0);
  const broken = violated
    .map((index) => checker.variablesOf(index).sort(preferred))
    .sort((a, b) => a.length - b.length);
  const size = checker.system.variables.length;
  // The search's state, changed in place as it goes down and undone as it comes back.
  const free = new Uint8Array(size);
  const forbidden = new Uint16Array(size);
  const hits = new Uint16Array(size);
  const set: number[] = [];
  const known = new Map<string, ReturnType<Checker["check"]>>();
  const check = (sorted: readonly number[]) => {
    const key = sorted.join(",");
    let result = known.get(key);
    if (!result) {
      limits.budget.steps--;
      result = checker.check(sorted);
      known.set(key, result);
    }
    return result;
  };
  /**
   * The broken constraints no freed cell hits (their allowed cells), and how many more cells they need
   * at least: the larger of a packing (constraints with no allowed cell in common need one each) and the
   * fewest cells whose hit counts add up to the number of constraints left.
   */
  const unhitNow = (): { unhit: number[][]; needed: number } => {
    const unhit: number[][] = [];
    for (const variables of broken) {
      if (variables.some((v) => free[v])) continue;
      const allowed = variables.some((v) => forbidden[v])
        ? variables.filter((v) => !forbidden[v])
        : variables;
      if (allowed.length === 0) return { unhit, needed: Number.POSITIVE_INFINITY };
      unhit.push(allowed);
    }
    if (unhit.length === 0) return { unhit, needed: 0 };
    const touched: number[] = [];
    let packing = 0;
    for (const allowed of unhit) {
      let disjoint = true;
      for (const v of allowed) {
        if (hits[v] === 0) touched.push(v);
        else disjoint = false;
        hits[v] = hits[v]! + 1;
      }
      if (disjoint) packing++;
    }
    const counts = touched.map((v) => hits[v]!).sort((a, b) => b - a);
    for (const v of touched) hits[v] = 0;
    let covered = 0;
    let cells = 0;
    while (covered < unhit.length) covered += counts[cells++]!;
    return { unhit, needed: Math.max(packing, cells) };
  };
  const first = unhitNow().needed;
  if (first > limits.maxCells) return { kind: "too_many", atLeast: first };
  let exact = true;
  for (let k = Math.max(1, first); k <= limits.maxCells; k++) {
    const found: number[][] = [];
    let more = false;
    /** false: stop (out of budget, or enough sets found). */
    const grow = (): boolean => {
      if (--limits.budget.steps <= 0) return false;
      const { unhit, needed } = unhitNow();
      if (set.length + needed > k) return true;
      let branches: readonly number[];
      if (unhit.length > 0) {
        branches = unhit.reduce((a, b) => (b.length < a.length ? b : a));
      } else {
        const sorted = [...set].sort((a, b) => a - b);
        const result = check(sorted);
        if (result.feasible) {
          if (found.length === limits.maxSets) {
            more = true;
            return false;
          }
          found.push(sorted);
          return true;
        }
        if (!result.exact) exact = false;
        if (set.length === k) return true;
        branches = result.conflict.filter((v) => !free[v] && !forbidden[v]).sort(preferred);
      }
      let tried = 0;
      let going = true;
      for (const v of branches) {
        free[v] = 1;
        set.push(v);
        going = grow();
        set.pop();
        free[v] = 0;
        if (!going) break;
        forbidden[v]!++;
        tried++;
      }
      for (let i = 0; i < tried; i++) forbidden[branches[i]!]!--;
      return going;
    };
    const finished = grow();
    if (!finished && !more) return { kind: "budget" };
    if (found.length > 0) return { kind: "found", sets: found, more, exact };
  }
  return { kind: "too_many", atLeast: limits.maxCells + 1 };
}
