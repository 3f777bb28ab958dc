import type { DepartmentYear, WithdrawalEntry } from "../../../schemas/feed";
import {
  type DepartmentYears,
  type FeedIndex,
  removeDepartmentYear,
  upsertDepartmentYear,
  upsertIndexYear,
} from "./documents";

/**
 * The small states behind the department and index documents, and how each moves to its next state.
 * Each records which version it applied per year, so every transition answers "nothing to change"
 * (`undefined`) for a version already applied or older than the one applied: applying is idempotent and
 * never goes back, whatever order and however often the versions arrive. Both are bounded by the number of
 * years, not of departments. (The year's and regions' sums are `sums.ts`'s, their listings `listing.ts`'s.)
 */

/** One department's reports over the years (its department document). */
export interface DepartmentHistory {
  years: DepartmentYears;
  /** year → the version its entry comes from, and whether that version was withdrawn. */
  applied: Record<string, { order: string; removed: boolean }>;
  /** year → the latest withdrawal of that year's report. */
  withdrawn: Record<string, WithdrawalEntry>;
  lastChanged: string;
}

/** A department's report of one year published, or withdrawn. */
export interface HistoryChange {
  year: number;
  order: string;
  /** The report's entry; null when the version is withdrawn. */
  entry: DepartmentYear | null;
  withdrawal?: WithdrawalEntry;
  at: string;
}

/** The feed index: one line per year. */
export interface FeedIndexState {
  index: FeedIndex;
  /** year → the version of its sums the entry was taken from: entries only move forward. */
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

/** The later of two ISO times. */
function later(a: string | undefined, b: string): string {
  return a && a > b ? a : b;
}

/** The department history with this year's entry set or removed, or undefined when this version is applied. */
export function nextDepartmentHistory(
  state: DepartmentHistory | null,
  change: HistoryChange,
): DepartmentHistory | undefined {
  const current = state ?? { years: {}, applied: {}, withdrawn: {}, lastChanged: change.at };
  const year = String(change.year);
  const removed = change.entry === null;
  const done = current.applied[year];
  if (done && (done.order > change.order || (done.order === change.order && (done.removed || !removed)))) {
    return undefined;
  }
  return {
    years: change.entry
      ? upsertDepartmentYear(current.years, change.entry)
      : removeDepartmentYear(current.years, change.year),
    applied: { ...current.applied, [year]: { order: change.order, removed } },
    withdrawn: change.withdrawal ? { ...current.withdrawn, [year]: change.withdrawal } : current.withdrawn,
    lastChanged: later(current.lastChanged, change.at),
  };
}

/** What the index shows of a year, taken from its sums at a version of them. */
export interface YearLine {
  reports: number;
  lastChanged: string;
  /** The version of the year's sums (their head) the line was read at. */
  version: number;
}

/**
 * The index with the year's line, or undefined when the index already shows that version of the year's
 * sums (or a later one).
 */
export function nextFeedIndex(
  state: FeedIndexState | null,
  year: number,
  line: YearLine,
): FeedIndexState | undefined {
  const current = state ?? { index: {}, yearVersions: {}, lastChanged: line.lastChanged, schemaRevision: 0 };
  if ((current.yearVersions[String(year)] ?? 0) >= line.version) return undefined;
  return {
    index: upsertIndexYear(current.index, year, line.reports, line.lastChanged),
    yearVersions: { ...current.yearVersions, [String(year)]: line.version },
    lastChanged: later(current.lastChanged, line.lastChanged),
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
