import { type FormatSpec, tablesOf, type ValueKind } from "../../schemas/formats";

/**
 * Whether the numbers read fit their format, asked on every validation: the same shape as the format's
 * zod schema (`tablesSchema` of `schemas/report.ts`: strict objects of tables, rows and columns, each value
 * a number of its column's kind), as a plain loop over a plan made once per format. zod's `safeParse`
 * of that schema cost more than all the rules together; the schema stays what the feed is checked with.
 */

/** The first problem with the tables, as a path and a reason, or null when they fit the format. */
export type ShapeCheck = (tables: unknown) => string | null;

interface RowPlan {
  code: string;
  columnCodes: readonly string[];
  columns: readonly { code: string; fits: (value: unknown) => boolean }[];
}

interface TablePlan {
  code: string;
  rowCodes: readonly string[];
  rows: readonly RowPlan[];
}

/** What `valueSchema` of `schemas/report.ts` accepts for each kind. */
const FITS: Record<ValueKind, (value: unknown) => boolean> = {
  count: (value) => typeof value === "number" && Number.isSafeInteger(value) && value >= 0,
  signed_count: (value) => typeof value === "number" && Number.isSafeInteger(value),
  amount: (value) =>
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= 0 &&
    Math.abs(Math.round(value * 1e6) / 1e6 - value) < 1e-9,
};

const plans = new Map<FormatSpec, ShapeCheck>();

/** The shape check of a format, planned on first use. */
export function shapeCheckOf(format: FormatSpec): ShapeCheck {
  let check = plans.get(format);
  if (!check) {
    check = planShapeCheck(format);
    plans.set(format, check);
  }
  return check;
}

function planShapeCheck(format: FormatSpec): ShapeCheck {
  const tables: TablePlan[] = tablesOf(format).map((table) => {
    const kinds = new Map(table.columns.map((column) => [column.code, column.kind]));
    return {
      code: table.code,
      rowCodes: table.rows.map((row) => row.code),
      rows: table.rows.map((row) => {
        const columnCodes = row.columns ?? table.columns.map((column) => column.code);
        const columns = columnCodes.map((code) => {
          const kind = kinds.get(code);
          if (!kind) throw new Error(`format error: row ${row.code} names unknown column ${code}`);
          return { code, fits: FITS[kind] };
        });
        return { code: row.code, columnCodes, columns };
      }),
    };
  });
  const tableCodes = tables.map((table) => table.code);
  return (input) => {
    if (!isRecord(input)) return "the tables are not an object";
    for (const table of tables) {
      const rows = input[table.code];
      if (!isRecord(rows)) return `${table.code}: not an object`;
      for (const row of table.rows) {
        const values = rows[row.code];
        if (!isRecord(values)) return `${table.code}.${row.code}: not an object`;
        for (const column of row.columns) {
          const value = values[column.code];
          if (!column.fits(value))
            return `${table.code}.${row.code}.${column.code}: ${String(value)} does not fit`;
        }
        const extra = extraKey(values, row.columnCodes);
        if (extra !== undefined) return `${table.code}.${row.code}.${extra}: not in the format`;
      }
      const extra = extraKey(rows, table.rowCodes);
      if (extra !== undefined) return `${table.code}.${extra}: not in the format`;
    }
    const extra = extraKey(input, tableCodes);
    return extra === undefined ? null : `${extra}: not in the format`;
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A key beyond those named (zod's strict objects refuse them). Every named key was found already, so
 * there is one exactly when there are more own keys than names.
 */
function extraKey(value: Record<string, unknown>, named: readonly string[]): string | undefined {
  const keys = Object.keys(value);
  if (keys.length === named.length) return undefined;
  return keys.find((key) => !named.includes(key));
}
