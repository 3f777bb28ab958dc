import * as XLSX from "xlsx";
import type { FormatSpec, TableCode } from "../../schemas/formats";
import type { ReportTables } from "../../schemas/report";
import { cellKey } from "./read-values";
import { address } from "./workbook/grid";

/**
 * The official blank template of a format, laid out as the national format lays it out (merged headers
 * and all), generated from the format description. With `values` it is a filled report (examples, tests).
 */

export const TEMPLATE_SHEETS: Record<TableCode, string> = {
  proactive: "二、主动公开",
  applications: "三、依申请公开",
  appeals: "四、复议诉讼",
};

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
    const width = Math.max(...this.rows.map((row) => row?.length ?? 0));
    const filled = Array.from({ length: this.rows.length }, (_, r) =>
      Array.from({ length: width }, (_, c) => this.rows[r]?.[c] ?? null),
    );
    const sheet = XLSX.utils.aoa_to_sheet(filled);
    sheet["!merges"] = this.merges;
    sheet["!cols"] = widths.map((wch) => ({ wch }));
    return sheet;
  }
}

export function buildTemplate(format: FormatSpec, options: TemplateOptions = {}): Template {
  const cells = new Map<string, { sheet: string; cell: string }>();
  const book = XLSX.utils.book_new();
  const value = (table: TableCode, row: string, column: string) =>
    options.values?.[table]?.[row]?.[column] ?? null;
  const place = (
    builder: SheetBuilder,
    table: TableCode,
    row: string,
    column: string,
    r: number,
    c: number,
  ) => {
    builder.set(r, c, value(table, row, column));
    cells.set(cellKey(table, row, column), { sheet: TEMPLATE_SHEETS[table], cell: address(r, c) });
  };
  const titled = (builder: SheetBuilder, heading: string, width: number) => {
    let r = 0;
    if (options.title) builder.merge(r++, 0, 0, width - 1, options.title);
    builder.merge(r, 0, r, width - 1, heading);
    return r + 1;
  };

  // 二、主动公开: a heading and a header row per group (第二十条第（一）项 …).
  {
    const spec = format.tables.proactive;
    const builder = new SheetBuilder();
    const width = 1 + Math.max(...spec.groups.map((group) => group.columns.length));
    let r = titled(builder, spec.title.zh, width);
    for (const group of spec.groups) {
      builder.merge(r, 0, r, width - 1, group.heading);
      r++;
      builder.set(r, 0, "信息内容");
      group.columns.forEach((code, i) => {
        builder.set(r, i + 1, spec.columns.find((column) => column.code === code)!.label);
      });
      r++;
      for (const rowCode of group.rows) {
        builder.set(r, 0, spec.rows.find((row) => row.code === rowCode)!.label);
        group.columns.forEach((code, i) => {
          place(builder, "proactive", rowCode, code, r, i + 1);
        });
        r++;
      }
    }
    XLSX.utils.book_append_sheet(book, builder.toSheet([24, 16, 16, 16]), TEMPLATE_SHEETS.proactive);
  }

  // 三、依申请公开: three label columns (A–C), seven number columns (D–J) under a two-level header.
  {
    const spec = format.tables.applications;
    const builder = new SheetBuilder();
    let r = titled(builder, spec.title.zh, 10);
    const top = r;
    builder.merge(top, 0, top + 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
    builder.merge(top, 3, top, 9, "申请人情况");
    builder.merge(top + 1, 3, top + 2, 3, "自然人");
    builder.merge(top + 1, 4, top + 1, 8, "法人或其他组织");
    builder.merge(top + 1, 9, top + 2, 9, "总计");
    ["commercial", "research", "nonprofit", "legal_services", "other_org"].forEach((code, i) => {
      builder.set(top + 2, 4 + i, spec.columns.find((column) => column.code === code)!.label);
    });
    r = top + 3;
    const firstRow = new Map<string, number>();
    const lastRow = new Map<string, number>();
    for (const row of spec.rows) {
      const parents = row.parents ?? [];
      parents.forEach((parent, level) => {
        if (!firstRow.has(`${level}:${parent}`)) firstRow.set(`${level}:${parent}`, r);
        lastRow.set(`${level}:${parent}`, r);
      });
      const labelColumn = parents.length;
      builder.merge(r, labelColumn, r, 2, row.label);
      spec.columns.forEach((column, i) => {
        place(builder, "applications", row.code, column.code, r, 3 + i);
      });
      r++;
    }
    for (const [key, start] of firstRow) {
      const [level, parent] = [Number(key.split(":")[0]), key.slice(key.indexOf(":") + 1)];
      builder.merge(start, level, lastRow.get(key)!, level, parent);
    }
    XLSX.utils.book_append_sheet(
      book,
      builder.toSheet([14, 14, 40, 9, 9, 9, 9, 9, 9, 9]),
      TEMPLATE_SHEETS.applications,
    );
  }

  // 四、复议诉讼: 行政复议 and the two 行政诉讼 groups side by side, one row of 15 numbers.
  {
    const spec = format.tables.appeals;
    const builder = new SheetBuilder();
    const r = titled(builder, spec.title.zh, 15);
    const [reconsideration, direct, after] = spec.rows;
    builder.merge(r, 0, r, 4, reconsideration!.label);
    builder.merge(r, 5, r, 14, spec.litigationHeading);
    builder.merge(r + 1, 5, r + 1, 9, direct!.label);
    builder.merge(r + 1, 10, r + 1, 14, after!.label);
    spec.columns.forEach((column, i) => {
      builder.merge(r + 1, i, r + 2, i, column.label);
      builder.set(r + 2, 5 + i, column.label);
      builder.set(r + 2, 10 + i, column.label);
    });
    spec.rows.forEach((row, group) => {
      spec.columns.forEach((column, i) => {
        place(builder, "appeals", row.code, column.code, r + 3, group * 5 + i);
      });
    });
    XLSX.utils.book_append_sheet(book, builder.toSheet(Array(15).fill(9)), TEMPLATE_SHEETS.appeals);
  }

  const bytes = XLSX.write(book, { type: "buffer", bookType: "xlsx", compression: true }) as Uint8Array;
  return { bytes: new Uint8Array(bytes), cells };
}
