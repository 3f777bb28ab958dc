/**
 * A department's season record for one year: one small item per department and year holding everything
 * the season needs to know about it — what the sums count for it (and a change to that in flight), its
 * latest upload, a withdrawal, the explanations of its warnings, and the reminders it was sent. It is
 * the department's own item: nothing here grows with the number of departments, and the roster is a
 * paged query over these records.
 */

/** What the sums count for a department: the version, the scopes it counts in, and its warnings. */
export interface Counted {
  /** The order of the upload whose version is counted. */
  order: string;
  /** The scopes (`scopeName`) the version counts in: the year and every region above the department. */
  scopes: string[];
  /** How many warnings the version was published with. */
  warnings: number;
  publishedAt: string;
}

/**
 * A change of what is counted, recorded before any sums shard is touched: from what is counted now to
 * the target, under a token each shard records when it takes the change.
 */
export interface PendingCount {
  token: string;
  /** The token of the department's previous change, which shards may still hold (a crash left it). */
  previousToken: string | null;
  from: Counted | null;
  to: Counted | null;
  /** When the change was decided: the time of a withdrawal's change. */
  at: string;
}

/** The latest upload of the department and year, whatever became of it. */
export interface LatestUpload {
  order: string;
  uploadedAt: string;
  status: string;
  errors: number;
  key: string;
}

export interface Withdrawal {
  /** The order of the version withdrawn: it and anything older is never published again. */
  order: string;
  at: string;
  reason: string;
}

/** A department's explanation of one warning of one version. */
export interface Explanation {
  order: string;
  rule: string;
  /** The warning's A1 cell, or null for a warning about the workbook as a whole. */
  cell: string | null;
  text: string;
  at: string;
}

/** One reminder round's mail to the department: claimed once, then sent (or refused). */
export interface ReminderSent {
  claimedAt: string;
  sentAt?: string;
  /** Why the mail service refused it for good. */
  refusal?: string;
  to: string[];
  status: SeasonStatus;
}

export interface SeasonRecord {
  department: string;
  year: number;
  /** The department's place (`regionPlace`) when the record was last written: the roster's index key. */
  place: string;
  counted: Counted | null;
  pending: PendingCount | null;
  /** The token of the last settled change (shards holding it after a crash drop it on the next change). */
  lastToken: string | null;
  latestUpload: LatestUpload | null;
  withdrawn: Withdrawal | null;
  /** `explanationKey` → explanation. */
  explanations: Record<string, Explanation>;
  /** Bumped by every explanation: listings take the newest report document by (order, explained). */
  explained: number;
  /** round id → the reminder of that round. */
  reminders: Record<string, ReminderSent>;
}

/** A department's status in a year's season. */
export type SeasonStatus = "published" | "published_with_warnings" | "rejected" | "not_received";

export const SEASON_STATUSES: readonly SeasonStatus[] = [
  "not_received",
  "rejected",
  "published_with_warnings",
  "published",
];

/** A season record before anything happened. */
export function emptySeasonRecord(department: string, year: number, place: string): SeasonRecord {
  return {
    department,
    year,
    place,
    counted: null,
    pending: null,
    lastToken: null,
    latestUpload: null,
    withdrawn: null,
    explanations: {},
    explained: 0,
    reminders: {},
  };
}

/** Upload statuses that leave nothing published. */
const REJECTED_UPLOADS = new Set(["rejected", "unreadable"]);

/** The department's status: what is counted, else what its latest upload was. */
export function seasonStatus(record: SeasonRecord | null): SeasonStatus {
  if (record?.counted) return record.counted.warnings > 0 ? "published_with_warnings" : "published";
  if (record?.latestUpload && REJECTED_UPLOADS.has(record.latestUpload.status)) return "rejected";
  return "not_received";
}

/** The record with this upload as its latest, or undefined when a later one is already recorded. */
export function withLatestUpload(record: SeasonRecord, upload: LatestUpload): SeasonRecord | undefined {
  const latest = record.latestUpload;
  if (
    latest &&
    (latest.order > upload.order || (latest.order === upload.order && latest.status === upload.status))
  )
    return undefined;
  return { ...record, latestUpload: upload };
}

/**
 * The version the sums should count for the department: the current one, unless a withdrawal covers it
 * (null: nothing is to be counted).
 */
export function countTarget(
  current: { order: string } | null,
  withdrawn: Withdrawal | null,
): { order: string } | null {
  if (!current) return null;
  if (withdrawn && withdrawn.order >= current.order) return null;
  return current;
}

/** Whether what is counted is already the target, in the same scopes. */
export function sameCount(counted: Counted | null, target: Counted | null): boolean {
  if (!counted || !target) return counted === target;
  return (
    counted.order === target.order &&
    counted.scopes.length === target.scopes.length &&
    counted.scopes.every((scope, i) => scope === target.scopes[i])
  );
}

/**
 * Whether moving the count to `target` would go back: to an older version than the one counted, or to
 * one a withdrawal covers. Moving scopes with the same version (the department moved region) is forward.
 */
export function wouldGoBack(record: SeasonRecord, target: Counted | null): boolean {
  if (!target) return false;
  if (record.withdrawn && record.withdrawn.order >= target.order) return true;
  return record.counted !== null && record.counted.order > target.order;
}

/** The key of a warning's explanation: its rule and cell. */
export function explanationKey(rule: string, cell: string | null): string {
  return `${rule}@${cell ?? "-"}`;
}

/** The explanation of a warning of this version, if the department gave one. */
export function explanationOf(
  record: SeasonRecord | null,
  order: string,
  warning: { rule: string; cell: string | null },
): Explanation | undefined {
  const explanation = record?.explanations[explanationKey(warning.rule, warning.cell)];
  return explanation?.order === order ? explanation : undefined;
}
