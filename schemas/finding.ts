import { z } from "./zod";

/**
 * A finding: one thing wrong (error) or worth a look (warning) in an upload, with where it is and a
 * message a clerk can act on. Findings are values: a bad spreadsheet is a result, never a thrown error.
 */
export const SeveritySchema = z.enum(["error", "warning"]);
export type Severity = z.infer<typeof SeveritySchema>;

export const BilingualSchema = z.object({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof BilingualSchema>;

export const FindingSchema = z.object({
  /** Stable code of the rule (`applications.results_total`); never changes once published. */
  rule: z.string(),
  severity: SeveritySchema,
  /** The table the finding is about, or null for the workbook as a whole. */
  table: z.enum(["proactive", "applications", "appeals"]).nullable(),
  /** Sheet name, or null where no sheet applies (a file that is not a workbook). */
  sheet: z.string().nullable(),
  /** A1 address, or null where no single cell applies. */
  cell: z.string().nullable(),
  expected: z.union([z.string(), z.number()]).nullable(),
  actual: z.union([z.string(), z.number()]).nullable(),
  message: BilingualSchema,
});
export type Finding = z.infer<typeof FindingSchema>;

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === "error");
}
