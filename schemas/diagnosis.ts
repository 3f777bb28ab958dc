import { BilingualSchema, DocumentPlaceSchema } from "./finding";
import { TABLE_CODES } from "./formats/types";
import { z } from "./zod";

/**
 * Which cells are most likely wrong: error localisation in the sense of Fellegi and Holt (1976) over the
 * format's hard relations — the fewest cells whose change lets every hard rule hold at once with whole
 * values of their kind. Shaped as spec/report-formats.md ("Diagnosis") fixes it; `bounded` and `reason`
 * say when the search gave up rather than search forever.
 */

/**
 * One cell of a repair: where it is, what the sheet has, and the value that makes every rule hold. Its
 * place is put as a finding's is: in a workbook the sheet and the A1 address; in a document (a Word file,
 * a web page), which has neither, `sheet` is its table (`第 2 个表格`), `cell` the row and column
 * (`第 6 行第 10 列`) and `location` the same as data.
 */
export const RepairCellSchema = z.object({
  table: z.enum(TABLE_CODES),
  row: z.string(),
  column: z.string(),
  /** Sheet name (in a document, its table: `第 2 个表格`). */
  sheet: z.string(),
  /** A1 address (in a document, the row and column: `第 6 行第 10 列`). */
  cell: z.string(),
  /** The number as read (a blank cell reads 0). */
  actual: z.number(),
  /** The value the other numbers determine, or null when several values would do. */
  value: z.number().nullable(),
  /** In a document: the place as data, in the document's own terms, as on its findings. Absent for a workbook. */
  location: DocumentPlaceSchema.optional(),
});
export type RepairCell = z.infer<typeof RepairCellSchema>;

/** One minimal set of cells whose change satisfies every hard rule. */
export const RepairSchema = z.object({ cells: z.array(RepairCellSchema) });
export type Repair = z.infer<typeof RepairSchema>;

export const DiagnosisSchema = z.object({
  /** The minimal repairs found, the most plausible first (a typo-like change before others); a few at most. */
  repairs: z.array(RepairSchema),
  /** Exactly one minimal set of cells exists. */
  unique: z.boolean(),
  /** The search stopped at its bound (very many cells wrong): `repairs` is empty and `reason` says why. */
  bounded: z.boolean(),
  reason: BilingualSchema.nullable(),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;
