/**
 * The part of a repair that propagation leaves open: a few unknowns, each in constraints with at least
 * one other unknown. Whether whole values exist is decided by Fourier–Motzkin elimination (exact, over
 * bigints, with the integer rounding of each inequality) and a bounded search over the values it
 * allows; where the search would have to go on without end it answers "unknown" instead.
 */

/** `Σ c[j]·y[j] + k ≥ 0` over the unknowns y. */
export interface Row {
  c: bigint[];
  k: bigint;
}

export interface Interval {
  lo: bigint | null;
  hi: bigint | null;
}

export type ResidualAnswer = "feasible" | "infeasible" | "unknown";

/** Work limits: rows one elimination may make, values tried for one unknown, nodes in all. */
const MAX_ROWS = 2_000;
const VALUES_PER_UNKNOWN = 64;
const MAX_NODES = 4_000;

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}
/** ⌊a / b⌋ for b > 0. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b > a ? q - 1n : q;
}
/** ⌈a / b⌉ for b > 0. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}

/** A row divided by the gcd of its coefficients, its constant rounded down: valid for whole numbers. */
function tighten(row: Row): Row {
  let g = 0n;
  for (const c of row.c) g = gcd(g, c);
  if (g <= 1n) return row;
  return { c: row.c.map((c) => c / g), k: floorDiv(row.k, g) };
}

/** Rows with unknown `j` eliminated; null when the system is infeasible or grows past the bound. */
function eliminate(rows: readonly Row[], j: number): Row[] | "infeasible" | "too_large" {
  const positive: Row[] = [];
  const negative: Row[] = [];
  const out = new Map<string, Row>();
  const keep = (row: Row): boolean => {
    const tight = tighten(row);
    if (tight.c.every((c) => c === 0n)) return tight.k >= 0n;
    out.set(`${tight.c.join(",")}|${tight.k}`, tight);
    return true;
  };
  for (const row of rows) {
    const c = row.c[j]!;
    if (c > 0n) positive.push(row);
    else if (c < 0n) negative.push(row);
    else if (!keep(row)) return "infeasible";
  }
  if (positive.length * negative.length > MAX_ROWS) return "too_large";
  for (const p of positive) {
    for (const n of negative) {
      const a = -n.c[j]!;
      const b = p.c[j]!;
      const row = { c: p.c.map((pc, i) => pc * a + n.c[i]! * b), k: p.k * a + n.k * b };
      if (!keep(row)) return "infeasible";
    }
  }
  return [...out.values()];
}

/** The whole values unknown `j` can take in some real solution of the rows (with integer rounding). */
export function intervalOf(
  rows: readonly Row[],
  j: number,
  unknowns: number,
): Interval | "infeasible" | "too_large" {
  let current: Row[] = [...rows];
  for (let other = 0; other < unknowns; other++) {
    if (other === j) continue;
    const next = eliminate(current, other);
    if (typeof next === "string") return next;
    current = next;
  }
  let lo: bigint | null = null;
  let hi: bigint | null = null;
  for (const row of current) {
    const c = row.c[j]!;
    if (c > 0n) {
      const bound = ceilDiv(-row.k, c);
      if (lo === null || bound > lo) lo = bound;
    } else if (c < 0n) {
      const bound = floorDiv(row.k, -c);
      if (hi === null || bound < hi) hi = bound;
    } else if (row.k < 0n) return "infeasible";
  }
  if (lo !== null && hi !== null && lo > hi) return "infeasible";
  return { lo, hi };
}

/** The values to try for an unknown, nearest its finite end first; `complete` when they are all it has. */
function candidates(interval: Interval): { values: bigint[]; complete: boolean } {
  const { lo, hi } = interval;
  const values: bigint[] = [];
  if (lo !== null) {
    for (let v = lo; (hi === null || v <= hi) && values.length < VALUES_PER_UNKNOWN; v++) values.push(v);
    return { values, complete: hi !== null && hi - lo < BigInt(VALUES_PER_UNKNOWN) };
  }
  if (hi !== null) {
    for (let v = hi; values.length < VALUES_PER_UNKNOWN; v--) values.push(v);
    return { values, complete: false };
  }
  for (let step = 0n; values.length < VALUES_PER_UNKNOWN; step++) {
    values.push(step);
    if (step > 0n) values.push(-step);
  }
  return { values, complete: false };
}

function substitute(rows: readonly Row[], j: number, value: bigint): Row[] {
  return rows.map((row) => ({
    c: row.c.map((c, i) => (i === j ? 0n : c)),
    k: row.k + row.c[j]! * value,
  }));
}

/** Whether whole values of the unknowns satisfy every row. */
export function solveResidual(rows: readonly Row[], unknowns: number): ResidualAnswer {
  let nodes = 0;
  let cut = false;
  const search = (current: readonly Row[], j: number): boolean => {
    if (++nodes > MAX_NODES) {
      cut = true;
      return false;
    }
    if (j === unknowns) return current.every((row) => row.k >= 0n);
    const interval = intervalOf(current, j, unknowns);
    if (interval === "infeasible") return false;
    if (interval === "too_large") {
      cut = true;
      return false;
    }
    const { values, complete } = candidates(interval);
    for (const value of values) {
      if (search(substitute(current, j, value), j + 1)) return true;
      if (nodes > MAX_NODES) return false;
    }
    if (!complete) cut = true;
    return false;
  };
  if (search(rows, 0)) return "feasible";
  return cut ? "unknown" : "infeasible";
}
