import { format2019 } from "./2019";
import { format2021 } from "./2021";
import { type FormatId, type FormatSpec, TABLE_CODES, type TableSpec } from "./types";

export * from "./types";

/** Every format the product reads, oldest first. Adding a format is adding an entry here. */
export const FORMATS: readonly FormatSpec[] = [format2019, format2021];

export function formatById(id: FormatId, formats: readonly FormatSpec[] = FORMATS): FormatSpec {
  const format = formats.find((candidate) => candidate.id === id);
  if (!format) throw new Error(`unknown format ${id}`);
  return format;
}

/**
 * The format a report for `year` must use, or undefined for a year before the first format. Where several
 * cover the year (an open-ended one and its successor), the one that starts latest.
 */
export function formatForYear(
  year: number,
  formats: readonly FormatSpec[] = FORMATS,
): FormatSpec | undefined {
  let chosen: FormatSpec | undefined;
  for (const format of formats) {
    const covers = year >= format.years.from && (format.years.to === undefined || year <= format.years.to);
    if (covers && (!chosen || format.years.from > chosen.years.from)) chosen = format;
  }
  return chosen;
}

/** A format's tables in the report's order (sections 二, 三, 四). */
export function tablesOf(format: FormatSpec): readonly TableSpec[] {
  return TABLE_CODES.map((code) => format.tables[code]);
}

/** The column codes a row has. */
export function rowColumns(table: TableSpec, rowCode: string): readonly string[] {
  const row = table.rows.find((candidate) => candidate.code === rowCode);
  return row?.columns ?? table.columns.map((column) => column.code);
}

/** Whether a row has a column (rows of section 二 have only their block's columns). */
export function rowHas(table: TableSpec, rowCode: string, columnCode: string): boolean {
  return rowColumns(table, rowCode).includes(columnCode);
}

export { type CellCode, cellKey, formatCells } from "./cells";
