import type { ReportDoc } from "../../../schemas/feed";
import type { ReportTables } from "../../../schemas/report";
import {
  type DepartmentYears,
  departmentYear,
  type FeedIndex,
  upsertDepartmentYear,
  upsertIndexYear,
  upsertYearReport,
  type YearReports,
  yearEntry,
} from "./documents";
import { applyReport, emptyTotals, type YearTotals } from "./totals";

/**
 * The aggregate states behind the year, summary, department and index documents, and how each moves to
 * its next state when one department's version of a report is applied. Each state records which version
 * it applied per department (or per year), so every transition below answers "nothing to change"
 * (`undefined`) for a version already applied or older than the one applied: applying is idempotent and
 * never goes back, whatever order and however often the versions arrive. Storing the states (each one
 * small item, changed by optimistic concurrency) is the caller's business.
 */

/** One department's version of a year's report, as the aggregates take it. */
export interface AppliedReport {
  /** The report's feed document. */
  report: ReportDoc;
  /** The order of the upload it came from: later uploads have greater orders. */
  order: string;
  /** sha256 of the report document's bytes as written. */
  sha256: string;
}

/** A year's sums over every published report of it: one item, whatever the number of departments. */
export interface YearSums {
  totals: YearTotals;
  /** department → the order of the version its numbers come from (applied exactly once). */
  applied: Record<string, string>;
  lastChanged: string;
}

/**
 * One shard of a year's list of reports. The list is spread over YEAR_SHARDS shards by department, so a
 * year holds thousands of departments while each shard stays far below an item's size limit.
 */
export interface YearListShard {
  reports: YearReports;
  applied: Record<string, string>;
}

/** One department's reports over the years (its department document). */
export interface DepartmentHistory {
  years: DepartmentYears;
  /** year → the order of the version its entry comes from. */
  applied: Record<string, string>;
  lastChanged: string;
}

/** The feed index: one line per year. */
export interface FeedIndexState {
  index: FeedIndex;
  /** year → the version of its year sums the entry was taken from: entries only move forward. */
  yearVersions: Record<string, number>;
  lastChanged: string;
  /** The revision of the feed's JSON Schemas last written. */
  schemaRevision: number;
}

/** A state as stored, with the version its optimistic concurrency counts. */
export interface VersionedState<T> {
  value: T;
  version: number;
}

export const YEAR_SHARDS = 16;

/** The year list shard of a department: FNV-1a over the id's UTF-8 bytes (portable: no Node Buffer). */
export function yearShard(department: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(department)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % YEAR_SHARDS;
}

/** True when `order`, or a later version, is what `applied` holds for `key`. */
function alreadyApplied(applied: Record<string, string>, key: string, order: string): boolean {
  const done = applied[key];
  return done !== undefined && done >= order;
}

/** The later of two ISO times. */
function later(a: string | undefined, b: string): string {
  return a && a > b ? a : b;
}

/** The year list shard with the department's entry set, or undefined when this version is applied. */
export function nextYearListShard(
  state: YearListShard | null,
  change: AppliedReport,
): YearListShard | undefined {
  const current = state ?? { reports: {}, applied: {} };
  const department = change.report.department.id;
  if (alreadyApplied(current.applied, department, change.order)) return undefined;
  return {
    reports: upsertYearReport(current.reports, yearEntry(change.report, change.sha256)),
    applied: { ...current.applied, [department]: change.order },
  };
}

/**
 * The order of the version whose numbers the year sums hold for this department and that applying
 * `change` replaces: its tables are what must be taken out. Undefined when there is none (a first report)
 * or nothing is to be applied (this version or a later one already is).
 */
export function replacedInYearSums(state: YearSums | null, change: AppliedReport): string | undefined {
  const department = change.report.department.id;
  if (!state || alreadyApplied(state.applied, department, change.order)) return undefined;
  return state.applied[department];
}

/** A version whose numbers leave the sums: its order and its tables. */
export interface ReplacedVersion {
  order: string;
  tables: ReportTables;
}

/**
 * The year sums with the department's new numbers in and (for a replacement) its old ones out, so no
 * department counts twice; undefined when this version is applied. `replaced` must be the version
 * `replacedInYearSums` named: anything else would break the sums, and throws.
 */
export function nextYearSums(
  state: YearSums | null,
  change: AppliedReport,
  replaced?: ReplacedVersion,
): YearSums | undefined {
  const { report } = change;
  const department = report.department.id;
  const current = state ?? {
    totals: emptyTotals(report.year, report.format),
    applied: {},
    lastChanged: report.publishedAt,
  };
  if (alreadyApplied(current.applied, department, change.order)) return undefined;
  const applied = current.applied[department];
  if (applied !== replaced?.order) {
    throw new Error(
      `year sums ${report.year}: ${department}'s applied version is ${applied ?? "none"}, ` +
        `but the tables to take out are of ${replaced?.order ?? "none"}`,
    );
  }
  return {
    totals: applyReport(current.totals, replaced?.tables, report.tables),
    applied: { ...current.applied, [department]: change.order },
    lastChanged: later(current.lastChanged, report.publishedAt),
  };
}

/** The department history with this year's entry set, or undefined when this version is applied. */
export function nextDepartmentHistory(
  state: DepartmentHistory | null,
  change: AppliedReport,
): DepartmentHistory | undefined {
  const { report } = change;
  const current = state ?? { years: {}, applied: {}, lastChanged: report.publishedAt };
  const year = String(report.year);
  if (alreadyApplied(current.applied, year, change.order)) return undefined;
  return {
    years: upsertDepartmentYear(current.years, departmentYear(report)),
    applied: { ...current.applied, [year]: change.order },
    lastChanged: later(current.lastChanged, report.publishedAt),
  };
}

/**
 * The index with the year's line taken from its sums, or undefined when the index already shows that
 * version of the sums (or a later one), or the year has no sums yet.
 */
export function nextFeedIndex(
  state: FeedIndexState | null,
  year: number,
  sums: VersionedState<YearSums> | null,
): FeedIndexState | undefined {
  if (!sums) return undefined;
  const current = state ?? {
    index: {},
    yearVersions: {},
    lastChanged: sums.value.lastChanged,
    schemaRevision: 0,
  };
  if ((current.yearVersions[String(year)] ?? 0) >= sums.version) return undefined;
  return {
    index: upsertIndexYear(
      current.index,
      year,
      Object.keys(sums.value.applied).length,
      sums.value.lastChanged,
    ),
    yearVersions: { ...current.yearVersions, [String(year)]: sums.version },
    lastChanged: later(current.lastChanged, sums.value.lastChanged),
    schemaRevision: current.schemaRevision,
  };
}

/** The index recording that the JSON Schemas of `revision` were written, or undefined when it already does. */
export function withSchemaRevision(
  state: FeedIndexState | null,
  revision: number,
): FeedIndexState | undefined {
  return state && state.schemaRevision < revision ? { ...state, schemaRevision: revision } : undefined;
}
