import type {
  DepartmentDoc,
  DepartmentRef,
  DepartmentYear,
  IndexDoc,
  ReportDoc,
  Revision,
  WithdrawalEntry,
  YearEntry,
} from "../../../schemas/feed";
import { FEED_VERSION } from "../../../schemas/feed-constants";
import type { Finding } from "../../../schemas/finding";
import { FORMATS, formatById } from "../../../schemas/formats";
import type { NormalizedReport } from "../../../schemas/report";
import { cellValue, tablesInFormatOrder } from "./cells";
import { headline } from "./headline";
import { feedPaths } from "./paths";

/**
 * The feed documents of one report, one department and the index, built from values only (the listings'
 * documents — years, their pages, regions — are `listing-documents.ts`'s). The state behind the
 * department and index documents is one small map each, bounded by the number of years.
 */

export interface ReportSource {
  key: string;
  versionId: string | null;
  sha256: string;
  uploadedAt: string;
}

export interface ReportDocumentInput {
  report: NormalizedReport;
  department: DepartmentRef;
  publishedAt: string;
  source: ReportSource;
  /** The report's findings; all warnings (a report with an error is never published). */
  warnings: readonly Finding[];
  /** The department's explanation of a warning, where it gave one. */
  explanation?: (warning: Finding) => { text: string; at: string } | undefined;
  /** Every earlier published version of this department and year, oldest first. */
  revisions?: readonly Revision[];
}

/** `v1/reports/{year}/{department}.json`. Tables are laid out in the format's order, so equal reports serialize equally. */
export function reportDocument(input: ReportDocumentInput): ReportDoc {
  const { report, department } = input;
  if (report.department !== department.id) {
    throw new Error(`feed: report of ${report.department} published as ${department.id}`);
  }
  return {
    schemaVersion: FEED_VERSION,
    department: { id: department.id, name: department.name },
    year: report.year,
    format: report.format,
    publishedAt: input.publishedAt,
    source: {
      key: input.source.key,
      versionId: input.source.versionId,
      sha256: input.source.sha256,
      uploadedAt: input.source.uploadedAt,
    },
    tables: tablesInFormatOrder(formatById(report.format), (cell) => cellValue(report.tables, cell)),
    notes: report.notes.map((note) => ({
      table: note.table,
      row: note.row,
      column: note.column,
      sheet: note.sheet,
      cell: note.cell,
      text: note.text,
    })),
    warnings: input.warnings.map((finding) => {
      if (finding.severity !== "warning") {
        throw new Error(`feed: a report with error ${finding.rule} cannot be published`);
      }
      const explanation = input.explanation?.(finding);
      return {
        rule: finding.rule,
        severity: finding.severity,
        table: finding.table,
        row: finding.row ?? null,
        column: finding.column ?? null,
        sheet: finding.sheet,
        cell: finding.cell,
        expected: finding.expected,
        actual: finding.actual,
        message: { zh: finding.message.zh, en: finding.message.en },
        ...(explanation ? { explanation: { text: explanation.text, explainedAt: explanation.at } } : {}),
        // A report read from a document names its places in the document's terms.
        ...(finding.location ? { location: { ...finding.location } } : {}),
      };
    }),
    revisions: [...(input.revisions ?? [])],
  };
}

/** A report's line in its year document; `sha256` is that of the report document's bytes as written. */
export function yearEntry(report: ReportDoc, sha256: string): YearEntry {
  return {
    department: { id: report.department.id, name: report.department.name },
    format: report.format,
    publishedAt: report.publishedAt,
    path: feedPaths.report(report.year, report.department.id),
    sha256,
    headline: headline(report.format, report.tables),
    warnings: report.warnings.length,
  };
}

/** A report's line in its department document. */
export function departmentYear(report: ReportDoc): DepartmentYear {
  return {
    year: report.year,
    format: report.format,
    publishedAt: report.publishedAt,
    path: feedPaths.report(report.year, report.department.id),
    headline: headline(report.format, report.tables),
  };
}

/** The state behind one department document: year → its entry. */
export type DepartmentYears = Record<string, DepartmentYear>;

export function upsertDepartmentYear(years: DepartmentYears, entry: DepartmentYear): DepartmentYears {
  return { ...years, [String(entry.year)]: entry };
}

export function removeDepartmentYear(years: DepartmentYears, year: number): DepartmentYears {
  const { [String(year)]: _removed, ...rest } = years;
  return rest;
}

/** The state behind the index: year → how many reports it has and when one last changed. */
export type FeedIndex = Record<string, { reports: number; lastChanged: string }>;

/** The index with one year's count and change time set; a year left with no report drops out. */
export function upsertIndexYear(
  index: FeedIndex,
  year: number,
  reports: number,
  lastChanged: string,
): FeedIndex {
  const { [String(year)]: _previous, ...rest } = index;
  return reports > 0 ? { ...rest, [String(year)]: { reports, lastChanged } } : rest;
}

/** `v1/departments/{department}.json`: the department's reports, newest year first. */
export function departmentDocument(
  department: DepartmentRef,
  years: readonly DepartmentYear[],
  updatedAt: string,
  withdrawn: readonly WithdrawalEntry[] = [],
): DepartmentDoc {
  return {
    schemaVersion: FEED_VERSION,
    department: { id: department.id, name: department.name },
    updatedAt,
    years: [...years].sort((a, b) => b.year - a.year),
    withdrawn: [...withdrawn].sort((a, b) => b.year - a.year || (a.withdrawnAt < b.withdrawnAt ? 1 : -1)),
  };
}

/** `v1/index.json`: one short line per year, newest first, whatever the number of reports. */
export function indexDocument(index: FeedIndex, updatedAt: string): IndexDoc {
  return {
    schemaVersion: FEED_VERSION,
    updatedAt,
    years: Object.entries(index)
      .map(([key, { reports, lastChanged }]) => {
        const year = Number(key);
        return {
          year,
          reports,
          lastChanged,
          paths: {
            year: feedPaths.year(year),
            summary: feedPaths.summary(year),
            csv: feedPaths.yearCsv(year),
          },
        };
      })
      .filter((entry) => entry.reports > 0)
      .sort((a, b) => b.year - a.year),
    formats: FORMATS.map((format) => ({
      id: format.id,
      name: { ...format.name },
      years: { from: format.years.from, to: format.years.to ?? null },
      path: feedPaths.format(format.id),
    })),
    departments: feedPaths.departments,
    schemas: feedPaths.schemaIndex,
  };
}
