import { countTarget, type Withdrawal } from "../core/season/record";
import { aggregate, type IngestPorts } from "./ports";

/**
 * What is published now for a department's year, read in one place for the ingest (last year's report for
 * the cross-year checks, what a rejected replacement leaves published), the desk API and `gongkai status`.
 * The upload log keeps `published` on an upload a newer one replaced later, and on one an operator withdrew
 * (rewriting every older record would cost a write per upload), so what a published upload is now is
 * decided here, from the CURRENT pointer and the season record's withdrawal.
 */

/** The items it is read from: the report versions' CURRENT pointer and the season record. */
export type PublishedNowPorts = Pick<IngestPorts, "versions" | "aggregates">;

/** What is published now for a department's year. */
export interface PublishedNow {
  /** The order of the version the CURRENT pointer names; null when nothing was ever published. */
  current: string | null;
  /** The operator's withdrawal of a version (it and anything older is never published again), if any. */
  withdrawal: Withdrawal | null;
}

/**
 * Reads what is published now: two items by key, side by side — the same two however many uploads are
 * shown against it, so a caller reads it once per department and year, not per upload.
 */
export async function readPublishedNow(
  ports: PublishedNowPorts,
  department: string,
  year: number,
): Promise<PublishedNow> {
  const [pointer, season] = await Promise.all([
    ports.versions.getCurrent(department, year),
    ports.aggregates.get(aggregate.season(department, year)),
  ]);
  return { current: pointer?.order ?? null, withdrawal: season?.value.withdrawn ?? null };
}

/**
 * The order of the version published (and counted in the sums) now: CURRENT's, unless a withdrawal covers
 * it — the same test the sums count by (`countTarget`). Null: nothing is published.
 */
export function publishedOrder(now: PublishedNow): string | null {
  return countTarget(now.current === null ? null : { order: now.current }, now.withdrawal)?.order ?? null;
}

/** What an upload the pipeline published is now. */
export type PublishedUploadNow = "published" | "superseded" | "withdrawn";

/**
 * What became of the published upload of order `order`: `withdrawn` when the operator withdrew it,
 * `superseded` when CURRENT names a later one, else still `published`. Only a later CURRENT counts: a
 * pointer read a moment before this upload moved it must not make it look replaced.
 */
export function publishedUploadNow(order: string, now: PublishedNow): PublishedUploadNow {
  if (now.withdrawal?.order === order) return "withdrawn";
  if (now.current !== null && now.current > order) return "superseded";
  return "published";
}
