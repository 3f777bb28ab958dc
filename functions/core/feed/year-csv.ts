import type { YearEntry } from "../../../schemas/feed";
import { cellKey, type FormatSpec, formatCells } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";

/**
 * `v1/years/{year}.csv`: a year as one table for spreadsheets — a row per published report, a column per
 * cell code of the year's format, each header the code and its Chinese label — UTF-8 with a BOM (so
 * Excel opens it as UTF-8) and CRLF line ends (RFC 4180). Built from the listing pages' entries, each of
 * which keeps its report's cells (`listedCells`), so a rebuild reads the year's pages and no report.
 */

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";
export const CSV_BOM = "\uFEFF";

/** The columns before the cells: code and Chinese label. */
const LEADING = [
  ["department_id", "单位代码"],
  ["department_name", "单位名称"],
  ["format", "格式"],
  ["published_at", "发布时间"],
  ["report", "报告文档"],
] as const;

/** A cell's header: its code, then its label along the form's headings (`三、… › （三）不予公开 › 1.… · 总计`). */
function cellHeader(format: FormatSpec, key: string, table: string, row: string, column: string): string {
  const spec = format.tables[table as keyof FormatSpec["tables"]];
  const rowSpec = spec.rows.find((candidate) => candidate.code === row)!;
  const columnSpec = spec.columns.find((candidate) => candidate.code === column)!;
  const rowLabel = [...(rowSpec.parents ?? []), rowSpec.label].join(" › ");
  return `${key} ${spec.section}、${rowLabel} · ${columnSpec.label}`;
}

/** The header line of a year in `format`. */
export function csvHeader(format: FormatSpec): string {
  const cells = formatCells(format).map((cell) =>
    cellHeader(format, cellKey(cell), cell.table, cell.row, cell.column),
  );
  return csvLine([...LEADING.map(([code, label]) => `${code} ${label}`), ...cells]);
}

/** A report's cells in its format's order: what a listing entry keeps for the CSV. */
export function listedCells(format: FormatSpec, tables: ReportTables): number[] {
  return formatCells(format).map((cell) => tables[cell.table]?.[cell.row]?.[cell.column] ?? 0);
}

/**
 * A report's line: its entry and its cells (in `entryFormat`'s order), laid out in the columns of the
 * year's `format` (a cell the entry's format lacks is left empty).
 */
export function csvRow(
  format: FormatSpec,
  entry: YearEntry,
  cells: readonly number[],
  entryFormat: FormatSpec = format,
): string {
  let values: (number | null)[] = cells as number[];
  if (entryFormat !== format) {
    const byKey = new Map(formatCells(entryFormat).map((cell, i) => [cellKey(cell), cells[i] ?? null]));
    values = formatCells(format).map((cell) => byKey.get(cellKey(cell)) ?? null);
  }
  const leading = [entry.department.id, entry.department.name, entry.format, entry.publishedAt, entry.path];
  return csvLine([...leading.map(text), ...values.map((value) => (value === null ? "" : String(value)))]);
}

/**
 * Text as a spreadsheet must not run it: a leading `=`, `+`, `-`, `@`, tab or CR makes Excel read a
 * formula (CSV injection), so such text gets a leading apostrophe. Numbers are never passed here.
 */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(quoted).join(",")}\r\n`;
}

function quoted(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
