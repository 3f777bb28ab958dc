import { cellKey, type TableSpec } from "../../schemas/formats";
import type { ReportTables } from "../../schemas/report";

/**
 * How the national form lays out each table — merged headers and all — computed from the format
 * description by the table's layout kind, independent of what writes it: the plain writer of
 * `template.ts` (filled reports for tests and examples) and the printable one of `printable-template.ts`
 * (the template people fill in and print) both write this.
 */

export interface LayoutOptions {
  values?: ReportTables;
  /** A title row above the table, e.g. `某某局 2024 年政府信息公开工作年度报告`. */
  title?: string;
}

/** Where a value cell of the format stands on its sheet (0-based). */
export interface ValuePosition {
  row: string;
  column: string;
  r: number;
  c: number;
}

export interface LaidOutTable {
  spec: TableSpec;
  rows: Row[];
  merges: Merge[];
  /** Column widths, in characters. */
  widths: number[];
  /** `table.row.column` → where its number goes. */
  values: Map<string, ValuePosition>;
  /** Rows of titles above the table (not part of its grid). */
  titleRows: number;
  /** Columns the table spans. */
  width: number;
}

/** One row of a laid-out sheet: labels, numbers, or nothing. */
export type Row = (string | number | null)[];

/** A merged range, 0-based and inclusive (SheetJS's shape). */
export interface Merge {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

class SheetBuilder {
  readonly rows: Row[] = [];
  readonly merges: Merge[] = [];
  set(r: number, c: number, value: string | number | null) {
    const row = this.rows[r] ?? [];
    row[c] = value;
    this.rows[r] = row;
  }
  merge(r1: number, c1: number, r2: number, c2: number, value: string) {
    this.set(r1, c1, value);
    if (r1 !== r2 || c1 !== c2) this.merges.push({ s: { r: r1, c: c1 }, e: { r: r2, c: c2 } });
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

/** One table laid out on its own sheet: title rows, then the table as its layout kind writes it. */
export function layOut(spec: TableSpec, options: LayoutOptions = {}): LaidOutTable {
  const builder = new SheetBuilder();
  const values = new Map<string, ValuePosition>();
  const width = tableWidth(spec);
  let top = 0;
  if (options.title) builder.merge(top++, 0, 0, width - 1, options.title);
  builder.merge(top, 0, top, width - 1, spec.title.zh);
  top++;
  const place = (row: string, column: string, r: number, c: number) => {
    builder.set(r, c, options.values?.[spec.code]?.[row]?.[column] ?? null);
    values.set(cellKey({ table: spec.code, row, column }), { row, column, r, c });
  };
  const widths = WRITERS[spec.layout.kind]({ builder, spec, top, place });
  const rows = Array.from({ length: builder.rows.length }, (_, r) =>
    Array.from({ length: width }, (_, c) => builder.rows[r]?.[c] ?? null),
  );
  return { spec, rows, merges: builder.merges, widths, values, titleRows: top, width };
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
