import type { YearEntry } from "../../../schemas/feed";
import { cellKey, type FormatSpec, formatCells, type ValueKind } from "../../../schemas/formats";
import type { ReportTables } from "../../../schemas/report";

/**
 * `v1/years/{year}.csv`: a year as one table for spreadsheets — a row per published report, a column per
 * cell code of the year's format, each header the code and its Chinese label — UTF-8 with a BOM (so
 * Excel opens it as UTF-8) and CRLF line ends (RFC 4180). Built from the listing pages' entries, each of
 * which keeps its report's cells (`listedCells`), so a rebuild reads the year's pages and no report.
 */

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";
export const CSV_BOM = "\uFEFF";

/** What a column of the year's CSV holds (the CSVW metadata gives each its datatype). */
export type CsvValue = "department_id" | "text" | "format" | "timestamp" | "report_path" | ValueKind;

/** A column of the year's CSV: its code, its header (code and Chinese label) and the same in English. */
export interface CsvColumn {
  name: string;
  title: string;
  titleEn: string;
  value: CsvValue;
  /** Every row has a value; a cell is empty only in the row of a report whose format lacks it. */
  required: boolean;
}

/** The columns before the cells. */
const LEADING: readonly (readonly [name: string, zh: string, en: string, value: CsvValue])[] = [
  ["department_id", "单位代码", "department id", "department_id"],
  ["department_name", "单位名称", "department name", "text"],
  ["format", "格式", "format", "format"],
  ["published_at", "发布时间", "published at", "timestamp"],
  ["report", "报告文档", "report document", "report_path"],
];

/**
 * The columns of a year in `format`, in order: what the header line writes and the CSVW metadata
 * describes (one source). A cell's header is its code, then its label along the form's headings
 * (`三、… › （三）不予公开 › 1.… · 总计`).
 */
export function csvColumns(format: FormatSpec): CsvColumn[] {
  const leading = LEADING.map(([name, zh, en, value]) => ({
    name,
    title: `${name} ${zh}`,
    titleEn: `${name} ${en}`,
    value,
    required: true,
  }));
  const cells = formatCells(format).map((cell) => {
    const spec = format.tables[cell.table as keyof FormatSpec["tables"]];
    const row = spec.rows.find((candidate) => candidate.code === cell.row)!;
    const column = spec.columns.find((candidate) => candidate.code === cell.column)!;
    const headingEn = new Map((spec.headings ?? []).map((heading) => [heading.label, heading.en]));
    const key = cellKey(cell);
    const zh = [...(row.parents ?? []), row.label].join(" › ");
    const en = [...(row.parents ?? []).map((parent) => headingEn.get(parent) ?? parent), row.en].join(" › ");
    return {
      name: key,
      title: `${key} ${spec.section}、${zh} · ${column.label}`,
      titleEn: `${key} ${en} · ${column.en}`,
      value: column.kind,
      required: false,
    };
  });
  return [...leading, ...cells];
}

/** The header line of a year in `format`. */
export function csvHeader(format: FormatSpec): string {
  return csvLine(csvColumns(format).map((column) => column.title));
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
