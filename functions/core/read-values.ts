import { type Finding, finding } from "../../schemas/finding";
import { type FormatSpec, type TableCode, tablesOf } from "../../schemas/formats";
import type { CellSource, ReportTables } from "../../schemas/report";
import { cellName } from "./findings";
import type { LocatedTable } from "./locate";
import { parseValue, type ValueProblem } from "./normalize-values";
import { address } from "./workbook/grid";

/** One value cell as read: its number, where it stands, and whether it was blank or unreadable. */
export interface ValueCell {
  table: TableCode;
  row: string;
  column: string;
  value: number;
  sheet: string;
  cell: string;
  blank: boolean;
  /** The cell's value could not be read; rules skip sums that need it. */
  invalid: boolean;
  /** false when the row or column was not found (its value counts as 0). */
  present: boolean;
}

export interface ReadValues {
  tables: ReportTables;
  cells: ValueCells;
  notes: CellSource[];
  findings: Finding[];
}

/** One value cell read: its number in the table, its record in `cells` (a literal, not a spread: hot loop). */
function record(
  cells: ValueCells,
  values: Record<string, number>,
  at: { table: TableCode; row: string; column: string; sheet: string },
  value: number,
  cell: string,
  blank: boolean,
  invalid: boolean,
  present: boolean,
) {
  values[at.column] = value;
  cells.set({
    table: at.table,
    row: at.row,
    column: at.column,
    value,
    sheet: at.sheet,
    cell,
    blank,
    invalid,
    present,
  });
}

/** Cell text is the clerk's (or an attacker's): keep what goes into findings and records short. */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Every value cell as read, looked up by table, row and column (the rules' hot path: no string keys). */
export class ValueCells {
  private readonly tables = new Map<TableCode, Map<string, Map<string, ValueCell>>>();

  set(cell: ValueCell): void {
    let rows = this.tables.get(cell.table);
    if (!rows) {
      rows = new Map();
      this.tables.set(cell.table, rows);
    }
    let columns = rows.get(cell.row);
    if (!columns) {
      columns = new Map();
      rows.set(cell.row, columns);
    }
    columns.set(cell.column, cell);
  }

  get(table: TableCode, row: string, column: string): ValueCell | undefined {
    return this.tables.get(table)?.get(row)?.get(column);
  }

  *values(): IterableIterator<ValueCell> {
    for (const rows of this.tables.values()) for (const columns of rows.values()) yield* columns.values();
  }
}

const PROBLEM_TEXT: Record<ValueProblem, { zh: string; en: string }> = {
  not_a_number: { zh: "不是数字", en: "is not a number" },
  not_whole: { zh: "应为整数", en: "must be a whole number" },
  negative: { zh: "不能为负数", en: "cannot be negative" },
  too_precise: {
    zh: "金额最多保留 6 位小数（以万元计，精确到分）",
    en: "has more than 6 decimals (万元, to the 分)",
  },
  formula_error: { zh: "公式计算出错", en: "is a formula that evaluates to an error" },
  formula_uncached: { zh: "是没有计算结果的公式", en: "is a formula saved without its computed value" },
  too_large: { zh: "大得不合常理，请核对", en: "is implausibly large; check it" },
};

const TWO_NUMBERS_TEXT = {
  zh: "不是一个数字（一个单元格里有两个数，中间隔着空格或换行）",
  en: "is not one number (two numbers in one cell, apart by a space or a line break)",
};

const KIND_HINT = {
  count: { zh: "请填写非负整数，没有的填 0", en: "write a whole number ≥ 0, or 0 for none" },
  signed_count: { zh: "请填写整数，减少的写负数如 -4", en: "write a whole number; a decrease as e.g. -4" },
  amount: { zh: "请填写以万元为单位的数字，如 2020.97", en: "write the amount in 万元, e.g. 2020.97" },
};

export function readValues(
  format: FormatSpec,
  located: Partial<Record<TableCode, LocatedTable>>,
): ReadValues {
  const tables = {} as ReportTables;
  const cells = new ValueCells();
  const notes: CellSource[] = [];
  const findings: Finding[] = [];
  for (const spec of tablesOf(format)) {
    const table = spec.code;
    tables[table] = {};
    const found = located[table];
    const kinds = new Map(spec.columns.map((column) => [column.code, column.kind]));
    const allColumns = spec.columns.map((column) => column.code);
    for (const row of spec.rows) {
      const values: Record<string, number> = {};
      for (const column of row.columns ?? allColumns) {
        const kind = kinds.get(column)!;
        const position = found?.cells.get(row.code)?.get(column);
        const sheet = found?.sheet.name ?? "";
        const at = { table, row: row.code, column, sheet };
        if (!found || !position) {
          record(cells, values, at, 0, "", true, false, false);
          continue;
        }
        if (position.unread) {
          // The locator's finding says why; a number guessed from one copy would be checked as if read.
          record(cells, values, at, 0, address(position.r, position.c), false, true, true);
          continue;
        }
        const { cell, r, c } = position.none
          ? { cell: undefined, r: position.r, c: position.c }
          : found.sheet.valueCell(position.r, position.c);
        const a1 = address(r, c);
        const parsed = parseValue(cell, kind, position.unit);
        if (!parsed.ok) {
          record(cells, values, at, 0, a1, false, true, true);
          const name = cellName(format, table, row.code, column);
          const problem = parsed.twoNumbers ? TWO_NUMBERS_TEXT : PROBLEM_TEXT[parsed.problem];
          const shown = parsed.text ? `“${clip(parsed.text, 40)}”` : "";
          findings.push(
            finding(
              `value.${parsed.problem}` as const,
              { table, row: row.code, column, sheet, cell: a1 },
              {
                zh: `${name.zh}填写的${shown || "内容"}${problem.zh}；${KIND_HINT[kind].zh}。`,
                en: `${name.en}: ${shown || "the cell"} ${problem.en}; ${KIND_HINT[kind].en}.`,
              },
              kind === "amount" ? "amount" : kind === "signed_count" ? "whole number" : "whole number ≥ 0",
              clip(parsed.text, 200),
            ),
          );
          continue;
        }
        record(cells, values, at, parsed.value, a1, parsed.blank, false, true);
        if (parsed.headerUnit) {
          // Converted by the header's unit: right if the clerk followed the header, 10,000× off if not.
          const name = cellName(format, table, row.code, column);
          findings.push(
            finding(
              "value.unit_from_header",
              { table, row: row.code, column, sheet, cell: a1 },
              {
                zh: `${name.zh}按表头单位“${parsed.headerUnit}”换算为 ${parsed.value} 万元。请确认该单元格填写的确实是${parsed.headerUnit}；国家格式以万元为单位。`,
                en: `${name.en}: converted by the header's unit (${parsed.headerUnit}) to ${parsed.value} 万元. Check the cell really is in ${parsed.headerUnit}; the national format uses 万元.`,
              },
              "万元",
              parsed.headerUnit,
            ),
          );
        }
        if (parsed.note)
          notes.push({ table, row: row.code, column, sheet, cell: a1, text: clip(parsed.note, 200) });
      }
      tables[table][row.code] = values;
    }
  }
  return { tables, cells, notes, findings };
}
