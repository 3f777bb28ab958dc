import {
  FORMATS,
  type FormatId,
  type FormatSpec,
  TABLE_CODES,
  type TableCode,
  type TableSpec,
  tablesOf,
  type ValueKind,
} from "./formats";
import { z } from "./zod";

/**
 * The normalized report: every number of the three tables keyed by the codes of
 * `spec/report-formats.md`. Its zod schema is generated from the format description, so a format's
 * shape is written down once.
 */

/** `{ row: { column: number } }` */
export type TableValues = Record<string, Record<string, number>>;
export type ReportTables = Record<TableCode, TableValues>;

/** Where a number came from, and any text the clerk wrote beside it (a unit, a bracketed note). */
export const CellSourceSchema = z.object({
  table: z.enum(TABLE_CODES),
  row: z.string(),
  column: z.string(),
  sheet: z.string(),
  cell: z.string(),
  text: z.string(),
});
export type CellSource = z.infer<typeof CellSourceSchema>;

export const AMOUNT_DECIMALS = 6;

function valueSchema(kind: ValueKind) {
  switch (kind) {
    case "count":
      return z.number().int().nonnegative();
    case "signed_count":
      return z.number().int();
    case "amount":
      return z
        .number()
        .nonnegative()
        .refine((value) => Number.isFinite(value) && Math.abs(Math.round(value * 1e6) / 1e6 - value) < 1e-9, {
          message: `at most ${AMOUNT_DECIMALS} decimals`,
        });
  }
}

export function tableValuesSchema(table: TableSpec) {
  const rows: Record<string, z.ZodType> = {};
  for (const row of table.rows) {
    const columns: Record<string, z.ZodType> = {};
    for (const code of row.columns ?? table.columns.map((column) => column.code)) {
      const column = table.columns.find((candidate) => candidate.code === code);
      if (!column) throw new Error(`format error: row ${row.code} names unknown column ${code}`);
      columns[code] = valueSchema(column.kind);
    }
    rows[row.code] = z.strictObject(columns);
  }
  return z.strictObject(rows);
}

export function tablesSchema(format: FormatSpec) {
  return z.strictObject(
    Object.fromEntries(tablesOf(format).map((table) => [table.code, tableValuesSchema(table)])) as Record<
      TableCode,
      ReturnType<typeof tableValuesSchema>
    >,
  );
}

const formatIds = FORMATS.map((format) => format.id) as [FormatId, ...FormatId[]];

export const ReportMetaSchema = z.object({
  format: z.enum(formatIds),
  year: z.number().int().min(2000).max(2100),
  department: z.string(),
});

/** A report whose tables fit its format, for one department and year. */
export function reportSchema(format: FormatSpec) {
  return ReportMetaSchema.extend({
    format: z.literal(format.id),
    tables: tablesSchema(format),
    notes: z.array(CellSourceSchema),
  });
}

export const NormalizedReportSchema = z.union(
  FORMATS.map((format) => reportSchema(format)) as [
    ReturnType<typeof reportSchema>,
    ...ReturnType<typeof reportSchema>[],
  ],
);

export interface NormalizedReport {
  format: FormatId;
  year: number;
  department: string;
  tables: ReportTables;
  /** Cells whose text carried more than the number (`22（其中修订16件）`, `2020.97 万元`). */
  notes: CellSource[];
}
