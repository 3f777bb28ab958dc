import { codeEntry } from "../../../schemas/finding-codes";
import {
  type FormatSpec,
  type Relation,
  type TableSpec,
  tablesOf,
  type ValueKind,
} from "../../../schemas/formats";
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

/** A line of a hard relation, its terms resolved to cells and signs once per format. */
interface LineTemplate {
  relation: Relation;
  table: TableSpec;
  line: string;
  terms: { row: string; column: string; sign: 1n | -1n; kind: ValueKind }[];
  at: { row: string; column: string };
}

const templates = new WeakMap<FormatSpec, LineTemplate[]>();

/** Every line of every hard relation of a format (computed once per format). */
function hardLines(format: FormatSpec): LineTemplate[] {
  const known = templates.get(format);
  if (known) return known;
  const lines: LineTemplate[] = [];
  for (const table of tablesOf(format)) {
    const kinds = new Map(table.columns.map((column) => [column.code, column.kind]));
    for (const relation of table.relations) {
      if (!isHard(relation)) continue;
      for (const line of linesOf(table, relation)) {
        const place = (term: string) =>
          relation.along === "row" ? { row: line, column: term } : { row: term, column: line };
        const term = (code: string, sign: 1n | -1n) => {
          const { row, column } = place(code);
          return { row, column, sign, kind: kinds.get(column) ?? "count" };
        };
        lines.push({
          relation,
          table,
          line,
          terms: [
            ...relation.left.map((code) => term(code, 1n)),
            ...relation.right.map((code) => term(code, -1n)),
          ],
          at: place(relation.at),
        });
      }
    }
  }
  templates.set(format, lines);
  return lines;
}

/**
 * Whether some hard relation is broken, in plain numbers where they are exact (whole counts far below
 * 2^53), in bigints otherwise: the common case, a report with no arithmetic error, costs little.
 */
export function anyHardRuleBroken(format: FormatSpec, cells: ValueCells): boolean {
  // Plain loops: this runs on every validation, over every line of every hard relation.
  lines: for (const template of hardLines(format)) {
    const { terms } = template;
    let exact = true;
    for (const term of terms) {
      const cell = cells.get(template.table.code, term.row, term.column);
      if (!cell?.present || cell.invalid) continue lines;
      if (term.kind === "amount") exact = false;
    }
    let sum = 0;
    let big = 0n;
    for (const term of terms) {
      const value = cells.get(template.table.code, term.row, term.column)!.value;
      if (exact) sum += term.sign === 1n ? value : -value;
      else big += term.sign * BigInt(Math.round(value * 1_000_000));
    }
    const total = exact ? BigInt(sum) : big;
    const holds =
      template.relation.relation === "="
        ? total === 0n
        : template.relation.relation === ">="
          ? total >= 0n
          : total <= 0n;
    if (!holds) return true;
  }
  return false;
}

export function reportSystem(format: FormatSpec, cells: ValueCells): ReportSystem {
  const variables: Variable[] = [];
  const valueCells: ValueCell[] = [];
  const scales: bigint[] = [];
  const index = new Map<ValueCell, number>();
  const constraints: Constraint[] = [];
  const lines: ReportSystem["lines"][number][] = [];
  const named = new Set<number>();
  const variableOf = (kind: ValueKind, cell: ValueCell): number => {
    const known = index.get(cell);
    if (known !== undefined) return known;
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
  for (const template of hardLines(format)) {
    const { relation, table } = template;
    const found = template.terms.map((term) => cells.get(table.code, term.row, term.column));
    if (!found.every((cell) => cell?.present && !cell.invalid)) continue;
    const ids = found.map((cell, i) => variableOf(template.terms[i]!.kind, cell!));
    const at = cells.get(table.code, template.at.row, template.at.column);
    if (at) named.add(variableOf(table.columns.find((c) => c.code === at.column)?.kind ?? "count", at));
    // Sums in one unit: a relation that mixes amounts with counts counts both in millionths.
    const unit = ids.some((id) => scales[id] === MICRO) ? MICRO : 1n;
    const coefficients = new Map<number, bigint>();
    template.terms.forEach(({ sign }, i) => {
      const id = ids[i]!;
      coefficients.set(id, (coefficients.get(id) ?? 0n) + (sign * unit) / scales[id]!);
    });
    // `left ≤ right` is `right − left ≥ 0`.
    const flip = relation.relation === "<=" ? -1n : 1n;
    const terms: Term[] = [...coefficients]
      .filter(([, coefficient]) => coefficient !== 0n)
      .map(([variable, coefficient]) => ({ variable, coefficient: coefficient * flip }));
    constraints.push({ terms, kind: relation.relation === "=" ? "=" : ">=" });
    lines.push({ relation, table, line: template.line });
  }
  return { variables, constraints, cells: valueCells, scales, lines, named };
}
