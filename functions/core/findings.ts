import type { Bilingual, Finding } from "../../schemas/finding";
import { type FormatSpec, TABLE_CODES, type TableCode } from "../../schemas/formats";

/**
 * How findings name what they are about in a clerk's words (a cell by its row label and column header),
 * and the order they are listed in.
 */

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

export function columnLabel(format: FormatSpec, table: TableCode, column: string): Bilingual {
  const spec = format.tables[table].columns.find((candidate) => candidate.code === column);
  return { zh: spec?.label ?? column, en: spec?.en ?? column };
}

/** Document order: workbook-level first, then by table (in the report's order), sheet, row, column. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((item, index) => ({ item, index, at: findingAt(item) }))
    .sort((a, b) => {
      const ta = tableOrder(a.item.table);
      const tb = tableOrder(b.item.table);
      if (ta !== tb) return ta - tb;
      return a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.index - b.index;
    })
    .map(({ item }) => item);
}

/** An A1 address as [row, column] (1-based), or [-1, -1] for none. */
function cellPosition(cell: string | null): [number, number] {
  const match = cell ? /^([A-Z]+)(\d+)$/.exec(cell) : null;
  if (!match) return [-1, -1];
  let column = 0;
  for (const ch of match[1]!) column = column * 26 + ch.charCodeAt(0) - 64;
  return [Number(match[2]), column];
}

function tableOrder(table: TableCode | null): number {
  return table ? TABLE_CODES.indexOf(table) + 1 : 0;
}

/** A document's places are its table, row and column; a workbook's its A1 addresses. */
function findingAt(item: Finding): [number, number] {
  return item.location
    ? [item.location.table * 1_000_000 + (item.location.row ?? 0), item.location.column ?? 0]
    : cellPosition(item.cell);
}
