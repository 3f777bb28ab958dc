import type { UploadRecord, UploadStatus } from "../ingest/ports";
import {
  type PublishedNow,
  type PublishedNowPorts,
  publishedUploadNow,
  readPublishedNow,
} from "../ingest/published-now";

/**
 * The uploads `gongkai status` lists, each against what is published now, as the desk shows them: the
 * upload log keeps `published` on an upload a newer one replaced later and on one an operator withdrew,
 * so those are `superseded` and `withdrawn` here (`publishedUploadNow`, the desk's own test).
 */

/** What `gongkai status` says of an upload: the pipeline's outcome, or what a published one is now. */
export type ShownStatus = UploadStatus | "withdrawn";

/** An upload as `gongkai status` lists it (and `--json` emits it): its record, its status now. */
export type ShownUpload = Omit<UploadRecord, "status"> & {
  status: ShownStatus;
  /** When an operator withdrew this upload's report, and why (public in the feed too); null otherwise. */
  withdrawal: { at: string; reason: string } | null;
};

/** Department years read at once: a listing of every department's uploads keeps its reads bounded. */
const READS_AT_ONCE = 8;

/**
 * Each record as shown now: what is published now is read once per department and year that has a
 * published upload (two items by key), never per upload; other outcomes are shown as the log has them.
 */
export async function asPublishedNow(
  ports: PublishedNowPorts,
  records: readonly UploadRecord[],
): Promise<ShownUpload[]> {
  const yearOf = (record: UploadRecord) => `${record.department}/${record.year}`;
  const wanted = new Map<string, UploadRecord>();
  for (const record of records) if (record.status === "published") wanted.set(yearOf(record), record);
  const queue = [...wanted];
  const now = new Map<string, PublishedNow>();
  const reader = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [key, { department, year }] = next;
      now.set(key, await readPublishedNow(ports, department, year));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, queue.length) }, reader));
  return records.map((record) => {
    const published = record.status === "published" ? now.get(yearOf(record)) : undefined;
    if (!published) return { ...record, withdrawal: null };
    const status = publishedUploadNow(record.order, published);
    const withdrawal =
      status === "withdrawn" && published.withdrawal
        ? { at: published.withdrawal.at, reason: published.withdrawal.reason }
        : null;
    return { ...record, status, withdrawal };
  });
}
