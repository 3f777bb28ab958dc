import type { Bilingual, Finding, Severity } from "../../schemas/finding";
import type { FormatSpec, TableCode } from "../../schemas/formats";

/**
 * Building findings. Messages name the place first (`三、依申请公开!J26：`), then what is wrong in the
 * clerk's words, expected and actual, so a sheet can be fixed without calling anyone.
 */

export interface Place {
  table: TableCode | null;
  sheet: string | null;
  cell: string | null;
}

export const NOWHERE: Place = { table: null, sheet: null, cell: null };

export function finding(
  rule: string,
  severity: Severity,
  place: Place,
  message: Bilingual,
  expected: string | number | null = null,
  actual: string | number | null = null,
): Finding {
  const prefix = place.sheet ? (place.cell ? `${place.sheet}!${place.cell}` : place.sheet) : null;
  return {
    rule,
    severity,
    table: place.table,
    sheet: place.sheet,
    cell: place.cell,
    expected,
    actual,
    message: prefix ? { zh: `${prefix}：${message.zh}`, en: `${prefix}: ${message.en}` } : message,
  };
}

/** How a clerk names a cell of a table: its row label and column header. */
export function cellName(format: FormatSpec, table: TableCode, row: string, column: string): Bilingual {
  const spec = format.tables[table];
  const rowSpec = spec.rows.find((candidate) => candidate.code === row);
  const columnSpec = spec.columns.find((candidate) => candidate.code === column);
  const rowZh = rowSpec ? rowZhLabel(rowSpec.label, rowSpec.parents) : row;
  return {
    zh: `${rowZh}「${columnSpec?.label ?? column}」`,
    en: `${rowSpec?.en ?? row}, ${columnSpec?.en ?? column}`,
  };
}

/** A short row label: a numbered sub-row gets its heading (`（三）不予公开 1.属于国家秘密`). */
function rowZhLabel(label: string, parents: readonly string[] | undefined): string {
  const parent = parents?.[parents.length - 1];
  return parent && /^\d/.test(label) ? `${parent} ${label}` : label;
}

export function rowName(format: FormatSpec, table: TableCode, row: string): Bilingual {
  const rowSpec = format.tables[table].rows.find((candidate) => candidate.code === row);
  return { zh: rowSpec ? rowZhLabel(rowSpec.label, rowSpec.parents) : row, en: rowSpec?.en ?? row };
}

export function tableName(format: FormatSpec, table: TableCode): Bilingual {
  return format.tables[table].title;
}

/** Document order: workbook-level first, then by table, sheet, row, column. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const tableOrder = { proactive: 1, applications: 2, appeals: 3 } as const;
  const position = (cell: string | null): [number, number] => {
    const match = cell ? /^([A-Z]+)(\d+)$/.exec(cell) : null;
    if (!match) return [-1, -1];
    const column = [...match[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return [Number(match[2]), column];
  };
  return [...findings]
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const ta = a.item.table ? tableOrder[a.item.table] : 0;
      const tb = b.item.table ? tableOrder[b.item.table] : 0;
      if (ta !== tb) return ta - tb;
      const [ra, ca] = position(a.item.cell);
      const [rb, cb] = position(b.item.cell);
      return ra - rb || ca - cb || a.index - b.index;
    })
    .map(({ item }) => item);
}
