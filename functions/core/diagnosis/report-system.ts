import { codeEntry } from "../../../schemas/finding-codes";
import { type FormatSpec, type Relation, type TableSpec, tablesOf } from "../../../schemas/formats";
import type { ValueCell, ValueCells } from "../read-values";
import { linesOf } from "../rules/relations";
import type { Constraint, LinearSystem, Term, Variable } from "./linear-system";

/**
 * A report's hard rules as a linear system, derived from the format description alone: every line of
 * every relation whose catalogued severity is `error` (warnings are not hard rules) is one constraint,
 * over exactly the lines the rules check — a line with a cell that is missing or unreadable is left
 * out, as the rules leave it out (that cell has its own finding).
 */

const MICRO = 1_000_000n;

export interface ReportSystem extends LinearSystem {
  /** The cell of each variable. */
  cells: readonly ValueCell[];
  /** Integer units per unit of each variable's cell (1 for counts, 10⁶ for amounts in 万元). */
  scales: readonly bigint[];
  /** For each constraint, the relation and the line it comes from. */
  lines: readonly { relation: Relation; table: TableSpec; line: string }[];
  /** The variables that are the cell a relation names (`at`, a total): the ones a tie is put on. */
  named: ReadonlySet<number>;
}

/** A relation is a hard rule when its code is an error in the catalogue. */
export function isHard(relation: Relation): boolean {
  return codeEntry(relation.rule).severity === "error";
}

export function reportSystem(format: FormatSpec, cells: ValueCells): ReportSystem {
  const variables: Variable[] = [];
  const valueCells: ValueCell[] = [];
  const scales: bigint[] = [];
  const index = new Map<ValueCell, number>();
  const constraints: Constraint[] = [];
  const lines: ReportSystem["lines"][number][] = [];
  const named = new Set<number>();
  const variableOf = (table: TableSpec, cell: ValueCell): number => {
    const known = index.get(cell);
    if (known !== undefined) return known;
    const kind = table.columns.find((column) => column.code === cell.column)?.kind ?? "count";
    const scale = kind === "amount" ? MICRO : 1n;
    variables.push({
      value: kind === "amount" ? BigInt(Math.round(cell.value * 1_000_000)) : BigInt(cell.value),
      lower: kind === "signed_count" ? null : 0n,
    });
    valueCells.push(cell);
    scales.push(scale);
    index.set(cell, variables.length - 1);
    return variables.length - 1;
  };
  for (const table of tablesOf(format)) {
    for (const relation of table.relations) {
      if (!isHard(relation)) continue;
      for (const line of linesOf(table, relation)) {
        const cellOf = (term: string) =>
          relation.along === "row" ? cells.get(table.code, line, term) : cells.get(table.code, term, line);
        const left = relation.left.map(cellOf);
        const right = relation.right.map(cellOf);
        const all = [...left, ...right];
        if (!all.every((cell) => cell?.present && !cell.invalid)) continue;
        const sides = [
          ...left.map((cell) => ({ cell: cell!, sign: 1n })),
          ...right.map((cell) => ({ cell: cell!, sign: -1n })),
        ];
        const ids = sides.map(({ cell }) => variableOf(table, cell));
        const at = cellOf(relation.at);
        if (at) named.add(variableOf(table, at));
        // Sums in one unit: a relation that mixes amounts with counts counts both in millionths.
        const unit = ids.some((id) => scales[id] === MICRO) ? MICRO : 1n;
        const coefficients = new Map<number, bigint>();
        sides.forEach(({ sign }, i) => {
          const id = ids[i]!;
          coefficients.set(id, (coefficients.get(id) ?? 0n) + (sign * unit) / scales[id]!);
        });
        const terms: Term[] = [...coefficients]
          .filter(([, coefficient]) => coefficient !== 0n)
          .map(([variable, coefficient]) => ({ variable, coefficient }));
        // `left ≤ right` is `right − left ≥ 0`.
        const flip = relation.relation === "<=" ? -1n : 1n;
        constraints.push({
          terms: terms.map((term) => ({ variable: term.variable, coefficient: term.coefficient * flip })),
          kind: relation.relation === "=" ? "=" : ">=",
        });
        lines.push({ relation, table, line });
      }
    }
  }
  return { variables, constraints, cells: valueCells, scales, lines, named };
}
