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

export const FindingSchema = z.object({
  /** Stable code from the catalogue (`applications.results_total`); never changes once published. */
  rule: z.enum(ALL_FINDING_CODES),
  severity: SeveritySchema,
  /** The table the finding is about, or null for the workbook as a whole. */
  table: z.enum(TABLE_CODES).nullable(),
  /** The row and column codes of the cell, where one cell of the format is meant. */
  row: z.string().nullable(),
  column: z.string().nullable(),
  /** Sheet name, or null where no sheet applies (a file that is not a workbook). */
  sheet: z.string().nullable(),
  /** A1 address, or null where no single cell applies. */
  cell: z.string().nullable(),
  expected: z.union([z.string(), z.number()]).nullable(),
  actual: z.union([z.string(), z.number()]).nullable(),
  message: BilingualSchema,
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

/** `三、依申请公开!J26`, or the sheet or the cell alone, or "" for the file as a whole. */
export function placeText(finding: Pick<Finding, "sheet" | "cell">): string {
  if (finding.sheet && finding.cell) return `${finding.sheet}!${finding.cell}`;
  return finding.sheet ?? finding.cell ?? "";
}
