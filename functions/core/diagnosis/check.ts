import { type Constraint, constraintsByVariable, holds, type LinearSystem } from "./linear-system";
import { ceilDiv, floorDiv, type Interval, intervalOf, type Row, solveResidual } from "./residual";

/**
 * Whether freeing a set of cells (the others keep their values) lets every constraint hold with whole
 * values of each cell's kind. A constraint left with one unknown pins it (`a·x = −rest`) or bounds it
 * (`a·x ≥ −rest`); what propagation leaves open goes to the exact residual solver. An infeasible set
 * comes with its conflict: the fixed cells of the constraints that together rule it out — a larger
 * feasible set must free one of them.
 */

export type CheckResult =
  | { feasible: true }
  | {
      feasible: false;
      /** Variables of an infeasible subsystem (some of them free). */
      conflict: readonly number[];
      /** false when the residual search stopped at its bound rather than proving infeasibility. */
      exact: boolean;
    };

/** A repair's values: each freed variable's value, or null where several values would do. */
export type RepairValues = Map<number, bigint | null>;

interface Propagated {
  pinned: Map<number, bigint>;
  bounds: Map<number, Interval>;
  /** The constraints that pinned or bounded each freed variable (directly). */
  reasons: Map<number, number[]>;
  /** Constraints still holding two or more unknowns (or one bounded by an inequality). */
  open: number[];
  /** The constraint found broken, when one is. */
  broken?: number;
}

export class Checker {
  readonly byVariable: readonly number[][];
  /** Constraints broken at the values as read. */
  readonly violated: readonly number[];
  /** Each constraint's sum at the values as read (a check corrects it for the cells it frees). */
  private readonly base: readonly bigint[];
  /** Each variable's terms: the constraint and its coefficient there. */
  private readonly memberships: readonly { constraint: number; coefficient: bigint }[][];

  constructor(readonly system: LinearSystem) {
    this.byVariable = constraintsByVariable(system);
    const valueAt = (v: number) => system.variables[v]!.value;
    this.violated = system.constraints.flatMap((constraint, index) =>
      holds(constraint, valueAt) ? [] : [index],
    );
    this.base = system.constraints.map((constraint) =>
      constraint.terms.reduce((sum, term) => sum + term.coefficient * valueAt(term.variable), 0n),
    );
    const memberships: { constraint: number; coefficient: bigint }[][] = system.variables.map(() => []);
    system.constraints.forEach((constraint, index) => {
      for (const term of constraint.terms) {
        memberships[term.variable]!.push({ constraint: index, coefficient: term.coefficient });
      }
    });
    this.memberships = memberships;
  }

  /** The variables of a constraint. */
  variablesOf(constraint: number): number[] {
    return this.system.constraints[constraint]!.terms.map((term) => term.variable);
  }

  /**
   * Whether the constraints the freed cells (and the overridden ones) are in can all hold, the other
   * cells at their values, `overrides` fixing some at other values. Constraints no such cell is in are
   * not looked at: which broken ones must be hit is the search's business (it works part by part).
   */
  check(free: readonly number[], overrides?: ReadonlyMap<number, bigint>): CheckResult {
    const freed = new Set(free);
    const touched = this.touched([...free, ...(overrides?.keys() ?? [])]);
    const state = this.propagate(freed, touched, overrides);
    if (state.broken !== undefined) {
      return {
        feasible: false,
        conflict: this.conflictVariables(this.explain([state.broken], state)),
        exact: true,
      };
    }
    const open = free.filter((v) => !state.pinned.has(v));
    if (open.length === 0) return { feasible: true };
    const answer = solveResidual(this.residualRows(state, open, overrides), open.length);
    if (answer === "feasible") return { feasible: true };
    const why = [...state.open];
    for (const v of open) why.push(...(state.reasons.get(v) ?? []));
    return {
      feasible: false,
      conflict: this.conflictVariables(this.explain(why, state)),
      exact: answer === "infeasible",
    };
  }

  /** The values a feasible set of freed cells takes: determined where every solution agrees. */
  values(free: readonly number[]): RepairValues {
    const freed = new Set(free);
    const state = this.propagate(freed, this.touched(free));
    const values: RepairValues = new Map();
    const open = free.filter((v) => !state.pinned.has(v));
    for (const v of free) if (state.pinned.has(v)) values.set(v, state.pinned.get(v)!);
    if (open.length === 0) return values;
    const rows = this.residualRows(state, open);
    open.forEach((v, j) => {
      const interval = intervalOf(rows, j, open.length);
      const single = typeof interval !== "string" && interval.lo !== null && interval.lo === interval.hi;
      values.set(v, single ? interval.lo : null);
    });
    return values;
  }

  private touched(variables: Iterable<number>): Set<number> {
    const touched = new Set<number>();
    for (const v of variables) for (const c of this.byVariable[v]!) touched.add(c);
    return touched;
  }

  /** The constraints given and, transitively, those that pinned or bounded their freed cells. */
  private explain(constraints: readonly number[], state: Propagated): Set<number> {
    const out = new Set<number>();
    const stack = [...constraints];
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (out.has(c)) continue;
      out.add(c);
      for (const term of this.system.constraints[c]!.terms) {
        for (const r of state.reasons.get(term.variable) ?? []) if (!out.has(r)) stack.push(r);
      }
    }
    return out;
  }

  private conflictVariables(constraints: Iterable<number>): number[] {
    const variables = new Set<number>();
    for (const c of constraints)
      for (const term of this.system.constraints[c]!.terms) variables.add(term.variable);
    return [...variables];
  }

  private propagate(
    freed: ReadonlySet<number>,
    touched: ReadonlySet<number>,
    overrides?: ReadonlyMap<number, bigint>,
  ): Propagated {
    const { variables, constraints } = this.system;
    const pinned = new Map<number, bigint>();
    const bounds = new Map<number, Interval>();
    const reasons = new Map<number, number[]>();
    for (const v of freed) bounds.set(v, { lo: variables[v]!.lower, hi: null });
    // Each touched constraint's sum without its freed cells (overridden cells at their new values),
    // and its freed cells' terms: a pass then costs the freed cells only.
    const rests = new Map<number, bigint>();
    const freeTerms = new Map<number, { variable: number; coefficient: bigint }[]>();
    for (const c of touched) rests.set(c, this.base[c]!);
    for (const v of freed) {
      for (const { constraint, coefficient } of this.memberships[v]!) {
        rests.set(constraint, rests.get(constraint)! - coefficient * variables[v]!.value);
        const terms = freeTerms.get(constraint) ?? [];
        terms.push({ variable: v, coefficient });
        freeTerms.set(constraint, terms);
      }
    }
    for (const [v, value] of overrides ?? []) {
      for (const { constraint, coefficient } of this.memberships[v]!) {
        rests.set(constraint, rests.get(constraint)! + coefficient * (value - variables[v]!.value));
      }
    }
    const pending = [...touched];
    const state: Propagated = { pinned, bounds, reasons, open: pending };
    let changed = true;
    while (changed) {
      changed = false;
      for (let i = 0; i < pending.length; i++) {
        const index = pending[i]!;
        const constraint: Constraint = constraints[index]!;
        let rest = rests.get(index)!;
        let variable = -1;
        let a = 0n;
        let unknowns = 0;
        for (const term of freeTerms.get(index) ?? []) {
          const value = pinned.get(term.variable);
          if (value === undefined) {
            unknowns++;
            variable = term.variable;
            a = term.coefficient;
          } else rest += term.coefficient * value;
        }
        if (unknowns > 1) continue;
        if (unknowns === 0) {
          pending.splice(i--, 1);
          if (constraint.kind === "=" ? rest !== 0n : rest < 0n) return { ...state, broken: index };
          continue;
        }
        const interval = bounds.get(variable)!;
        const because = reasons.get(variable) ?? [];
        if (constraint.kind === "=") {
          pending.splice(i--, 1);
          because.push(index);
          reasons.set(variable, because);
          if (-rest % a !== 0n) return { ...state, broken: index };
          const x = -rest / a;
          if ((interval.lo !== null && x < interval.lo) || (interval.hi !== null && x > interval.hi)) {
            return { ...state, broken: index };
          }
          pinned.set(variable, x);
          changed = true;
          continue;
        }
        // a·x ≥ −rest: a bound on x; the constraint stays open until x is pinned.
        const lo = a > 0n ? ceilDiv(-rest, a) : interval.lo;
        const hi = a < 0n ? floorDiv(rest, -a) : interval.hi;
        const moved =
          (a > 0n && (interval.lo === null || lo! > interval.lo)) ||
          (a < 0n && (interval.hi === null || hi! < interval.hi));
        if (!moved) continue;
        bounds.set(variable, { lo, hi });
        because.push(index);
        reasons.set(variable, because);
        if (lo !== null && hi !== null && lo > hi) return { ...state, broken: index };
        if (lo !== null && lo === hi) {
          pinned.set(variable, lo);
          changed = true;
        }
      }
    }
    return state;
  }

  /** The open constraints and the bounds of the open unknowns, as rows over those unknowns. */
  private residualRows(
    state: Propagated,
    open: readonly number[],
    overrides?: ReadonlyMap<number, bigint>,
  ): Row[] {
    const { variables, constraints } = this.system;
    const position = new Map(open.map((v, j) => [v, j]));
    const rows: Row[] = [];
    for (const index of state.open) {
      const constraint = constraints[index]!;
      const c = open.map(() => 0n);
      let k = 0n;
      for (const term of constraint.terms) {
        const j = position.get(term.variable);
        if (j !== undefined) c[j]! += term.coefficient;
        else
          k +=
            term.coefficient *
            (state.pinned.get(term.variable) ??
              overrides?.get(term.variable) ??
              variables[term.variable]!.value);
      }
      rows.push({ c, k });
      if (constraint.kind === "=") rows.push({ c: c.map((x) => -x), k: -k });
    }
    open.forEach((v, j) => {
      const { lo, hi } = state.bounds.get(v)!;
      const unit = (sign: bigint) => open.map((_, i) => (i === j ? sign : 0n));
      if (lo !== null) rows.push({ c: unit(1n), k: -lo });
      if (hi !== null) rows.push({ c: unit(-1n), k: hi });
    });
    return rows;
  }
}
