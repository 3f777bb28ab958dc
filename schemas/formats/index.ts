import { format2019 } from "./2019";
import { format2021 } from "./2021";
import type { FormatId, FormatSpec, TableCode, TableSpec } from "./types";

export * from "./types";

/** Every format the product reads, oldest first. Adding a format is adding an entry here. */
export const FORMATS: readonly FormatSpec[] = [format2019, format2021];

export function formatById(id: FormatId): FormatSpec {
  const format = FORMATS.find((candidate) => candidate.id === id);
  if (!format) throw new Error(`unknown format ${id}`);
  return format;
}

/** The format a report for `year` must use, or undefined for a year before the first format. */
export function formatForYear(year: number): FormatSpec | undefined {
  return FORMATS.find(
    (format) => year >= format.years.from && (format.years.to === undefined || year <= format.years.to),
  );
}

export function tableSpec(format: FormatSpec, table: TableCode): TableSpec {
  return format.tables[table];
}

/** The column codes a row has. */
export function rowColumns(table: TableSpec, rowCode: string): readonly string[] {
  const row = table.rows.find((candidate) => candidate.code === rowCode);
  return row?.columns ?? table.columns.map((column) => column.code);
}
