import { aggregate } from "../ingest/ports";
import type { ApiPorts } from "./ports";
import type { PublishedNow } from "./upload-view";

/**
 * What is published now for a department's year: the CURRENT pointer and the withdrawal its season record
 * notes — two items read by key, side by side, the same two however many uploads or departments there are.
 * Read per request, not per upload shown, so a list of many uploads costs no more reads.
 */
export async function readPublishedNow(
  ports: ApiPorts,
  department: string,
  year: number,
): Promise<PublishedNow> {
  const [pointer, season] = await Promise.all([
    ports.publishing.versions.getCurrent(department, year),
    ports.publishing.aggregates.get(aggregate.season(department, year)),
  ]);
  return { current: pointer?.order ?? null, withdrawal: season?.value.withdrawn ?? null };
}
