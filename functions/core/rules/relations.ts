import type { Relation, TableSpec } from "../../../schemas/formats";
import { rowHas, tablesOf } from "../../../schemas/formats";
import type { ValueCell } from "../read-values";
import { type RuleContext, usable, valueCell } from "./rule";

/**
 * Evaluating a format's linear relations (`Relation`) over the cells read: for every line (a row, or a
 * column) where every term's cell is found and readable, whether `sum(left) relation sum(right)` holds,
 * in exact integers (amounts in millionths, i.e. 分).
 */

export interface RelationLine {
  relation: Relation;
  table: TableSpec;
  /** The row code (`along: "row"`) or the column code (`along: "column"`) of the line. */
  line: string;
  left: ValueCell[];
  right: ValueCell[];
  /** The term's cell a finding names. */
  at: ValueCell;
  /** The sums, in the cells' own unit. */
  leftSum: number;
  rightSum: number;
  holds: boolean;
  /** The value `at` would need for the two sides to be equal, the others unchanged. */
  balancing: number;
}

const MICRO = 1_000_000;
const exact = (cells: readonly ValueCell[]) =>
  cells.reduce((total, cell) => total + Math.round(cell.value * MICRO), 0);

/** Every line of every relation with this code, in the tables of the context's format. */
export function relationLines(context: RuleContext, rule: Relation["rule"]): RelationLine[] {
  const lines: RelationLine[] = [];
  for (const table of tablesOf(context.format)) {
    for (const relation of table.relations) {
      if (relation.rule !== rule) continue;
      for (const line of linesOf(table, relation)) {
        const evaluated = evaluate(context, table, relation, line);
        if (evaluated) lines.push(evaluated);
      }
    }
  }
  return lines;
}

const lines = new WeakMap<Relation, readonly string[]>();

/**
 * The lines a relation is checked on: rows that have all its columns, or every column. A property of the
 * format, worked out once per relation (every validation, diagnosis and template asks again).
 */
export function linesOf(table: TableSpec, relation: Relation): readonly string[] {
  let known = lines.get(relation);
  if (!known) {
    known = computeLines(table, relation);
    lines.set(relation, known);
  }
  return known;
}

function computeLines(table: TableSpec, relation: Relation): string[] {
  const terms = [...relation.left, ...relation.right];
  if (relation.along === "row") {
    return table.rows
      .filter((row) => terms.every((term) => rowHas(table, row.code, term)))
      .map((row) => row.code);
  }
  return table.columns
    .map((column) => column.code)
    .filter((column) => terms.every((term) => rowHas(table, term, column)));
}

/** A term's cell on a line: the line is a row (`along: "row"`, the term a column) or a column. */
function termCell(context: RuleContext, table: TableSpec, relation: Relation, line: string, term: string) {
  return relation.along === "row"
    ? valueCell(context, table.code, line, term)
    : valueCell(context, table.code, term, line);
}

function evaluate(
  context: RuleContext,
  table: TableSpec,
  relation: Relation,
  line: string,
): RelationLine | undefined {
  const left = relation.left.map((term) => termCell(context, table, relation, line, term));
  const right = relation.right.map((term) => termCell(context, table, relation, line, term));
  const at = termCell(context, table, relation, line, relation.at);
  if (!usable(left) || !usable(right) || !at || !usable([at])) return undefined;
  const l = exact(left);
  const r = exact(right);
  const holds = relation.relation === "=" ? l === r : relation.relation === "<=" ? l <= r : l >= r;
  const atMicro = Math.round(at.value * MICRO);
  const onLeft = relation.left.includes(relation.at);
  const balancing = (onLeft ? r - (l - atMicro) : l - (r - atMicro)) / MICRO;
  return {
    relation,
    table,
    line,
    left,
    right,
    at,
    leftSum: l / MICRO,
    rightSum: r / MICRO,
    holds,
    balancing,
  };
}
