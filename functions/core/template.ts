import * as XLSX from "xlsx";
import { cellKey, type FormatSpec, type TableSpec, tablesOf } from "../../schemas/formats";
import type { ReportTables } from "../../schemas/report";
import { address } from "./workbook/grid";

/**
 * The official blank template of a format, laid out as the national format lays it out (merged headers
 * and all), generated from the format description: each table on its own sheet, written by its layout.
 * With `values` it is a filled report (examples, tests).
 */

export interface TemplateOptions {
  values?: ReportTables;
  /** A title row above the tables, e.g. `某某局 2024 年政府信息公开工作年度报告`. */
  title?: string;
}

export interface Template {
  bytes: Uint8Array;
  /** `table.row.column` → where its number goes. */
  cells: Map<string, { sheet: string; cell: string }>;
}

type Row = (string | number | null)[];

class SheetBuilder {
  readonly rows: Row[] = [];
  readonly merges: XLSX.Range[] = [];
  set(r: number, c: number, value: string | number | null) {
    const row = this.rows[r] ?? [];
    row[c] = value;
    this.rows[r] = row;
  }
  merge(r1: number, c1: number, r2: number, c2: number, value: string) {
    this.set(r1, c1, value);
    if (r1 !== r2 || c1 !== c2) this.merges.push({ s: { r: r1, c: c1 }, e: { r: r2, c: c2 } });
  }
  toSheet(widths: number[]): XLSX.WorkSheet {
    let width = 0;
    for (let r = 0; r < this.rows.length; r++) width = Math.max(width, this.rows[r]?.length ?? 0);
    const filled = Array.from({ length: this.rows.length }, (_, r) =>
      Array.from({ length: width }, (_, c) => this.rows[r]?.[c] ?? null),
    );
    const sheet = XLSX.utils.aoa_to_sheet(filled);
    sheet["!merges"] = this.merges;
    sheet["!cols"] = widths.map((wch) => ({ wch }));
    return sheet;
  }
}

/** Writes one table onto its sheet; `place` puts a value cell and records where it went. */
interface TableWriter {
  builder: SheetBuilder;
  spec: TableSpec;
  /** First row free below the title and the table's heading. */
  top: number;
  place(row: string, column: string, r: number, c: number): void;
}

const label = (spec: TableSpec, code: string) =>
  spec.columns.find((column) => column.code === code)?.label ?? code;
const rowLabel = (spec: TableSpec, code: string) => spec.rows.find((row) => row.code === code)?.label ?? code;

/** Blocks of rows, each under its heading and a header row (二、主动公开). */
function writeRowBlocks({ builder, spec, top, place }: TableWriter): number[] {
  if (spec.layout.kind !== "row_blocks") return [];
  const { blocks, labelHeader } = spec.layout;
  const width = 1 + Math.max(...blocks.map((block) => block.columns.length));
  let r = top;
  for (const block of blocks) {
    builder.merge(r, 0, r, width - 1, block.heading);
    r++;
    builder.set(r, 0, labelHeader);
    block.columns.forEach((code, i) => {
      builder.set(r, i + 1, label(spec, code));
    });
    r++;
    for (const rowCode of block.rows) {
      builder.set(r, 0, rowLabel(spec, rowCode));
      block.columns.forEach((code, i) => {
        place(rowCode, code, r, i + 1);
      });
      r++;
    }
  }
  return [24, ...Array(width - 1).fill(16)];
}

/**
 * Row labels in as many columns as the deepest row has levels, the columns under a two-level header:
 * the table's header over all, each column group over its columns, the rest merged down (三、依申请公开).
 */
function writeRowLabels({ builder, spec, top, place }: TableWriter): number[] {
  if (spec.layout.kind !== "row_labels") return [];
  const depth = 1 + Math.max(0, ...spec.rows.map((row) => row.parents?.length ?? 0));
  const first = depth;
  const last = first + spec.columns.length - 1;
  const headerRows = spec.layout.header ? 3 : 2;
  builder.merge(top, 0, top + headerRows - 1, depth - 1, spec.layout.corner ?? "");
  if (spec.layout.header) builder.merge(top, first, top, last, spec.layout.header);
  const groupRow = top + headerRows - 2;
  spec.columns.forEach((column, i) => {
    const group = spec.columnGroups?.find((candidate) => candidate.columns.includes(column.code));
    if (!group) builder.merge(groupRow, first + i, groupRow + 1, first + i, column.label);
    else builder.set(groupRow + 1, first + i, column.label);
  });
  for (const group of spec.columnGroups ?? []) {
    const at = group.columns.map((code) => spec.columns.findIndex((column) => column.code === code));
    builder.merge(groupRow, first + Math.min(...at), groupRow, first + Math.max(...at), group.label);
  }
  let r = top + headerRows;
  const spans = new Map<string, { level: number; label: string; from: number; to: number }>();
  for (const row of spec.rows) {
    const parents = row.parents ?? [];
    parents.forEach((parent, level) => {
      const key = `${level}:${parent}`;
      const span = spans.get(key) ?? { level, label: parent, from: r, to: r };
      span.to = r;
      spans.set(key, span);
    });
    builder.merge(r, parents.length, r, depth - 1, row.label);
    spec.columns.forEach((column, i) => {
      place(row.code, column.code, r, first + i);
    });
    r++;
  }
  for (const span of spans.values()) builder.merge(span.from, span.level, span.to, span.level, span.label);
  const labelWidths = Array.from({ length: depth }, (_, level) => (level === depth - 1 ? 40 : 14));
  return [...labelWidths, ...spec.columns.map(() => 9)];
}

/**
 * Each row a block of the columns, side by side under the row's label (and its group's heading over the
 * grouped rows), one line of numbers (四、复议诉讼).
 */
function writeColumnBlocks({ builder, spec, top, place }: TableWriter): number[] {
  const width = spec.columns.length;
  spec.rows.forEach((row, block) => {
    const c = block * width;
    const group = spec.rowGroups?.find((candidate) => candidate.rows.includes(row.code));
    if (group) builder.merge(top + 1, c, top + 1, c + width - 1, row.label);
    else builder.merge(top, c, top, c + width - 1, row.label);
    spec.columns.forEach((column, i) => {
      if (group) builder.set(top + 2, c + i, column.label);
      else builder.merge(top + 1, c + i, top + 2, c + i, column.label);
      place(row.code, column.code, top + 3, c + i);
    });
  });
  for (const group of spec.rowGroups ?? []) {
    const at = group.rows.map((code) => spec.rows.findIndex((row) => row.code === code));
    builder.merge(top, Math.min(...at) * width, top, (Math.max(...at) + 1) * width - 1, group.label);
  }
  return Array(spec.rows.length * width).fill(9);
}

const WRITERS = {
  row_blocks: writeRowBlocks,
  row_labels: writeRowLabels,
  column_blocks: writeColumnBlocks,
} as const;

export function buildTemplate(format: FormatSpec, options: TemplateOptions = {}): Template {
  const cells = new Map<string, { sheet: string; cell: string }>();
  const book = XLSX.utils.book_new();
  for (const spec of tablesOf(format)) {
    const builder = new SheetBuilder();
    const width = tableWidth(spec);
    let top = 0;
    if (options.title) builder.merge(top++, 0, 0, width - 1, options.title);
    builder.merge(top, 0, top, width - 1, spec.title.zh);
    top++;
    const place = (row: string, column: string, r: number, c: number) => {
      builder.set(r, c, options.values?.[spec.code]?.[row]?.[column] ?? null);
      cells.set(cellKey({ table: spec.code, row, column }), { sheet: spec.sheetName, cell: address(r, c) });
    };
    const widths = WRITERS[spec.layout.kind]({ builder, spec, top, place });
    XLSX.utils.book_append_sheet(book, builder.toSheet(widths), spec.sheetName);
  }
  const bytes = XLSX.write(book, { type: "buffer", bookType: "xlsx", compression: true }) as Uint8Array;
  return { bytes: new Uint8Array(bytes), cells };
}

/** How many columns a table's layout takes (for the title rows merged over it). */
function tableWidth(spec: TableSpec): number {
  switch (spec.layout.kind) {
    case "row_blocks":
      return 1 + Math.max(...spec.layout.blocks.map((block) => block.columns.length));
    case "row_labels":
      return 1 + Math.max(0, ...spec.rows.map((row) => row.parents?.length ?? 0)) + spec.columns.length;
    case "column_blocks":
      return spec.rows.length * spec.columns.length;
  }
}
