import type { Diagnosis } from "../../schemas/diagnosis";
import { type Finding, hasErrors } from "../../schemas/finding";
import { FORMATS, type FormatId, type FormatSpec, formatForYear } from "../../schemas/formats";
import type { NormalizedReport, ReportTables } from "../../schemas/report";
import { diagnose } from "./diagnosis";
import { sortFindings } from "./findings";
import { detectFormat, type Location, locateTables, markerCell } from "./locate";
import { readValues } from "./read-values";
import { shapeCheckOf } from "./report-shape";
import { RULES } from "./rules";
import { NOT_STATED, type StatedTitle, statedTitle } from "./stated-title";
import type { WorkbookLimits } from "./workbook/limits";
import { readWorkbook } from "./workbook/read-workbook";
import { SheetView } from "./workbook/sheet-view";

/**
 * The core use: the bytes of an uploaded workbook, the department and the year → a normalized report, or
 * the reasons it cannot be published. Pure: no AWS, no files, no clock.
 */

export interface ValidateOptions {
  /** The uploading department's id. */
  department?: string;
  /** Its registered name, to compare with the name in the workbook's title. */
  departmentName?: string;
  /** The report year of the upload; else the year the workbook's title states. */
  year?: number;
  /** Last year's published report of the same department, for the cross-year warnings. */
  previous?: NormalizedReport;
  limits?: WorkbookLimits;
  /** The formats to read (every format the product knows, unless a test describes another). */
  formats?: readonly FormatSpec[];
}

export interface Validation {
  /** No errors: the report may be published (warnings allowed). */
  ok: boolean;
  /** The file could be read as a workbook at all. */
  readable: boolean;
  format: FormatId | null;
  year: number | null;
  department: string | null;
  findings: Finding[];
  /** Every number of the three tables, whenever the tables could be read, even with errors. */
  tables: ReportTables | null;
  /** The normalized report, when ok and the year is known. */
  report: NormalizedReport | null;
  /** Which cells are most likely wrong, when a hard arithmetic rule fails (else null). */
  diagnosis: Diagnosis | null;
  /** What the workbook's own title states, and where. */
  stated: StatedTitle;
}

export function validateWorkbook(bytes: Uint8Array, options: ValidateOptions = {}): Validation {
  const read = readWorkbook(bytes, options.limits);
  if (!read.ok) return unreadable(read.findings, options);
  return validateSheets(
    read.workbook.sheets.map((grid) => new SheetView(grid)),
    options,
  ).validation;
}

/** The outcome for a file that cannot be read at all: its findings, nothing else. */
export function unreadable(findings: Finding[], options: ValidateOptions): Validation {
  return {
    ok: false,
    readable: false,
    format: null,
    year: options.year ?? null,
    department: options.department ?? null,
    findings,
    tables: null,
    report: null,
    diagnosis: null,
    stated: NOT_STATED,
  };
}

/**
 * How a reader names the diagnosis's places before the rules quote them: as they are in a workbook; in a
 * document's own terms for a document's grid, whose sheet and A1 addresses exist only inside the core.
 */
export type DiagnosisPlaces = (diagnosis: Diagnosis) => Diagnosis;

/**
 * The sheets of a workbook (or the grid of a document) → the validation, and where each table was found
 * (a document's reader names the places in its own terms from it).
 */
export function validateSheets(
  views: readonly SheetView[],
  options: ValidateOptions,
  placeDiagnosis: DiagnosisPlaces = (diagnosis) => diagnosis,
): { validation: Validation; location: Location } {
  const department = options.department ?? null;
  const year = options.year ?? statedTitle(views).year;
  // A sheet that names the upload's year, in its title or its name, is this year's (last year's may be kept beside it).
  const namesYear = year === null ? null : new RegExp(`(^|\\D)${year}(\\D|$)`);
  const preferred = (view: SheetView) =>
    namesYear !== null && (statedTitle([view]).year === year || namesYear.test(view.name));
  const formats = options.formats ?? FORMATS;
  const detected = detectFormat(views, formats);
  const expectedFormat = year === null ? undefined : formatForYear(year, formats);
  const { format, location } = chooseFormat(views, formats, detected, expectedFormat, preferred);
  // What the workbook says of itself, read first from the sheet the report was read from.
  const reportSheet = mainSheet(location);
  const stated = statedTitle(
    reportSheet ? [reportSheet, ...views.filter((view) => view !== reportSheet)] : views,
  );
  const values = readValues(format, location.tables);
  const findings = [...location.findings, ...values.findings];
  const misfit = shapeCheckOf(format)(values.tables);
  if (misfit !== null) {
    // Reading guarantees the shape: a failure here is ours, never the clerk's. Fail loudly (the
    // pipeline retries and alarms) rather than publish or blame the workbook.
    throw new Error(`internal: the numbers read do not fit format ${format.id}: ${misfit}`);
  }
  // Before the rules: their messages must agree with it, and name its cells where the clerk finds them.
  const diagnosed = diagnose(format, values.cells);
  const diagnosis = diagnosed && placeDiagnosis(diagnosed);
  const context = {
    format,
    diagnosis,
    year,
    expectedFormat,
    formatDetected: detected !== undefined,
    marker: markerCell(location, format),
    tables: values.tables,
    cells: values.cells,
    stated,
    ...(options.previous ? { previous: options.previous } : {}),
    ...(options.departmentName ? { departmentName: options.departmentName } : {}),
  };
  for (const rule of RULES) findings.push(...rule(context));
  const sorted = sortFindings(findings);
  const ok = !hasErrors(sorted);
  const report: NormalizedReport | null =
    ok && year !== null
      ? { format: format.id, year, department: department ?? "", tables: values.tables, notes: values.notes }
      : null;
  return {
    validation: {
      ok,
      readable: true,
      format: format.id,
      year,
      department,
      findings: sorted,
      tables: values.tables,
      report,
      diagnosis,
      stated,
    },
    location,
  };
}

/** The sheet most of the report was read from (where its title is looked for first). */
function mainSheet(location: Location): SheetView | undefined {
  const cells = new Map<SheetView, number>();
  for (const table of Object.values(location.tables)) {
    if (!table) continue;
    let n = cells.get(table.sheet) ?? 0;
    for (const row of table.cells.values()) n += row.size;
    cells.set(table.sheet, n);
  }
  let best: SheetView | undefined;
  for (const [sheet, n] of cells) if (!best || n > cells.get(best)!) best = sheet;
  return best;
}

/** The format told by the headers; failing that, the one whose tables are found best. */
function chooseFormat(
  views: readonly SheetView[],
  formats: readonly FormatSpec[],
  detected: FormatSpec | undefined,
  expected: FormatSpec | undefined,
  preferred: (view: SheetView) => boolean,
): { format: FormatSpec; location: Location } {
  const candidates = detected
    ? [detected]
    : expected
      ? [expected, ...formats.filter((f) => f !== expected)]
      : [...formats].reverse();
  let best: { format: FormatSpec; location: Location; cells: number } | undefined;
  for (const format of candidates) {
    const location = locateTables(views, format, preferred);
    let cells = 0;
    for (const table of Object.values(location.tables))
      for (const row of table.cells.values()) cells += row.size;
    if (!best || cells > best.cells) best = { format, location, cells };
  }
  return best!;
}
