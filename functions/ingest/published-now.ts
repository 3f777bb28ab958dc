import type { Withdrawal } from "../core/season/record";
import { aggregate, type PublishPorts } from "./ports";

/**
 * What is published now for a department's year: the CURRENT pointer and the withdrawal its season record
 * notes — two items read by key, side by side, the same two however many uploads or departments there are.
 * What the sums count follows from them (`countTarget`); the ingest (last year's report, what a rejection
 * leaves published) and the desk (which upload is published) read them here.
 */
export interface PublishedNow {
  /** The order of the version the CURRENT pointer names; null when nothing was ever published. */
  current: string | null;
  /** The operator's withdrawal of a version (it and anything older is never published again), if any. */
  withdrawal: Withdrawal | null;
}

export async function readPublishedNow(
  ports: Pick<PublishPorts, "versions" | "aggregates">,
  department: string,
  year: number,
): Promise<PublishedNow> {
  const [pointer, season] = await Promise.all([
    ports.versions.getCurrent(department, year),
    ports.aggregates.get(aggregate.season(department, year)),
  ]);
  return { current: pointer?.order ?? null, withdrawal: season?.value.withdrawn ?? null };
}
