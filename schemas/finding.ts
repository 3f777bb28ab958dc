import { ALL_FINDING_CODES, codeEntry, type FindingCode } from "./finding-codes";
import { TABLE_CODES, type TableCode } from "./formats/types";
import { z } from "./zod";

export { ALL_FINDING_CODES, FINDING_CODES, type FindingCode } from "./finding-codes";

/**
 * A finding: one thing wrong (error) or worth a look (warning) in an upload, with where it is and a
 * message a clerk can act on. Findings are values: a bad spreadsheet is a result, never a thrown error.
 * The place is data (`table`, `row`, `column`, `sheet`, `cell`); the message says what is wrong, and
 * whoever shows the finding (CLI, mail, page) renders the place (`三、依申请公开!J26`) beside it.
 */
export const SeveritySchema = z.enum(["error", "warning"]);
export type Severity = z.infer<typeof SeveritySchema>;

export const BilingualSchema = z.object({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof BilingualSchema>;

/**
 * Where a finding is in a report written as a document (a Word file, a web page), which has no sheets
 * and no A1 addresses: the table counted in reading order, its row and column counted from 1 on the
 * table's grid (a merged cell counts as every column it spans), and the labels the document itself
 * gives that row and column. A finding about a whole table has no row or column.
 */
export const DocumentPlaceSchema = z.object({
  table: z.number().int().positive(),
  row: z.number().int().positive().nullable(),
  column: z.number().int().positive().nullable(),
  rowLabel: z.string().nullable(),
  columnLabel: z.string().nullable(),
});
export type DocumentPlace = z.infer<typeof DocumentPlaceSchema>;

export const FindingSchema = z.object({
  /** Stable code from the catalogue (`applications.results_total`); never changes once published. */
  rule: z.enum(ALL_FINDING_CODES),
  severity: SeveritySchema,
  /** The table the finding is about, or null for the workbook as a whole. */
  table: z.enum(TABLE_CODES).nullable(),
  /** The row and column codes of the cell, where one cell of the format is meant. */
  row: z.string().nullable(),
  column: z.string().nullable(),
  /** Sheet name (in a document, its table: `第 2 个表格`), or null where none applies (a file that cannot be read). */
  sheet: z.string().nullable(),
  /** A1 address (in a document, the row and column: `第 6 行第 10 列`), or null where no single cell applies. */
  cell: z.string().nullable(),
  expected: z.union([z.string(), z.number()]).nullable(),
  actual: z.union([z.string(), z.number()]).nullable(),
  message: BilingualSchema,
  /** In a document: the place as data, in the document's own terms. Absent for a workbook. */
  location: DocumentPlaceSchema.optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Where a finding is: the cell of the format and where it stands in the workbook. */
export interface Place {
  table: TableCode | null;
  row?: string | null;
  column?: string | null;
  sheet: string | null;
  cell: string | null;
}

export const NOWHERE: Place = { table: null, sheet: null, cell: null };

/** A finding of a catalogued code, its severity the catalogue's. */
export function finding(
  rule: FindingCode,
  place: Place,
  message: Bilingual,
  expected: string | number | null = null,
  actual: string | number | null = null,
): Finding {
  return {
    rule,
    severity: codeEntry(rule).severity,
    table: place.table,
    row: place.row ?? null,
    column: place.column ?? null,
    sheet: place.sheet,
    cell: place.cell,
    expected,
    actual,
    message,
  };
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === "error");
}

/**
 * `三、依申请公开!J26`, or the sheet or the cell alone, or "" for the file as a whole; in a document
 * `第 2 个表格 第 6 行第 10 列` (`table 2, row 6, column 10`).
 */
export function placeText(
  finding: Pick<Finding, "sheet" | "cell" | "location">,
  lang: "zh" | "en" = "zh",
): string {
  const location = finding.location;
  if (location) return documentPlaceText(location, lang);
  if (finding.sheet && finding.cell) return `${finding.sheet}!${finding.cell}`;
  return finding.sheet ?? finding.cell ?? "";
}

/** The document's table (`第 2 个表格`), in Chinese as the clerk's document counts it. */
export const documentTableName = (table: number) => `第 ${table} 个表格`;
/** A row and column of a document's table (`第 6 行第 10 列`). */
export const documentCellName = (row: number, column: number) => `第 ${row} 行第 ${column} 列`;

function documentPlaceText(place: DocumentPlace, lang: "zh" | "en"): string {
  if (lang === "en") {
    const cell =
      place.row !== null && place.column !== null ? `, row ${place.row}, column ${place.column}` : "";
    return `table ${place.table}${cell}`;
  }
  const cell =
    place.row !== null && place.column !== null ? ` ${documentCellName(place.row, place.column)}` : "";
  return `${documentTableName(place.table)}${cell}`;
}
