import * as XLSX from "xlsx";
import { type FormatSpec, tablesOf } from "../../schemas/formats";
import { type LayoutOptions, layOut } from "./template-layout";
import { address } from "./workbook/grid";

/**
 * A format's tables as the national form lays them out (merged headers and all), generated from the
 * format description, each table on its own sheet — plainly, with SheetJS: no styles, no formulas. With
 * `values` it is a filled report (tests and examples build theirs with it). The template people fill in
 * and print is `printableTemplate` (printable-template.ts), over the same layout.
 */

export type TemplateOptions = LayoutOptions;

export interface Template {
  bytes: Uint8Array;
  /** `table.row.column` → where its number goes. */
  cells: Map<string, { sheet: string; cell: string }>;
}

export function buildTemplate(format: FormatSpec, options: TemplateOptions = {}): Template {
  const cells = new Map<string, { sheet: string; cell: string }>();
  const book = XLSX.utils.book_new();
  for (const spec of tablesOf(format)) {
    const laid = layOut(spec, options);
    const sheet = XLSX.utils.aoa_to_sheet(laid.rows);
    sheet["!merges"] = laid.merges;
    sheet["!cols"] = laid.widths.map((wch) => ({ wch }));
    XLSX.utils.book_append_sheet(book, sheet, spec.sheetName);
    for (const [key, { r, c }] of laid.values) cells.set(key, { sheet: spec.sheetName, cell: address(r, c) });
  }
  const bytes = XLSX.write(book, { type: "buffer", bookType: "xlsx", compression: true }) as Uint8Array;
  return { bytes: new Uint8Array(bytes), cells };
}
