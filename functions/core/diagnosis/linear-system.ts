/**
 * The hard rules of a report as a system of linear relations over whole numbers: each variable a cell
 * (its value as read, in integer units), each constraint `Σ coefficient · cell (= | ≥) 0`. Exact: every
 * number is a bigint.
 */

export interface Variable {
  /** The value as read, in integer units (counts as they are, amounts in millionths of 万元). */
  value: bigint;
  /** The least value of its kind (0 for counts and amounts), or null for a signed count. */
  lower: bigint | null;
}

export interface Term {
  variable: number;
  coefficient: bigint;
}

export interface Constraint {
  terms: readonly Term[];
  /** `Σ terms = 0` or `Σ terms ≥ 0`. */
  kind: "=" | ">=";
}

export interface LinearSystem {
  variables: readonly Variable[];
  constraints: readonly Constraint[];
}

/** Whether a constraint holds at the given values. */
export function holds(constraint: Constraint, valueAt: (variable: number) => bigint): boolean {
  let sum = 0n;
  for (const term of constraint.terms) sum += term.coefficient * valueAt(term.variable);
  return constraint.kind === "=" ? sum === 0n : sum >= 0n;
}

/** For each variable, the constraints it appears in. */
export function constraintsByVariable(system: LinearSystem): number[][] {
  const by: number[][] = system.variables.map(() => []);
  system.constraints.forEach((constraint, index) => {
    for (const term of constraint.terms) by[term.variable]!.push(index);
  });
  return by;
}

/**
 * The connected parts of the system (variables linked by a shared constraint), each as its constraints'
 * indices: errors in one part can be repaired only by cells of that part.
 */
export function components(system: LinearSystem): number[][] {
  const parent = system.variables.map((_, index) => index);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const constraint of system.constraints) {
    const [first, ...rest] = constraint.terms;
    if (!first) continue;
    for (const term of rest) parent[find(term.variable)] = find(first.variable);
  }
  const parts = new Map<number, number[]>();
  system.constraints.forEach((constraint, index) => {
    const first = constraint.terms[0];
    const root = first ? find(first.variable) : -1 - index;
    const list = parts.get(root) ?? [];
    list.push(index);
    parts.set(root, list);
  });
  return [...parts.values()];
}
