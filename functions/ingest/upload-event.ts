import type { S3EventRecord, SQSRecord } from "aws-lambda";

/** One object-created event, as the use case takes it: the key decoded, the order fixed. */
export interface UploadEvent {
  bucket: string;
  key: string;
  versionId: string | null;
  size: number;
  eventTime: string;
  sequencer: string;
}

/** S3 writes keys in events form-encoded (`+` for a space, `%E5…` for non-ASCII). */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, " "));
}

export function uploadEvents(record: SQSRecord): UploadEvent[] {
  const body = JSON.parse(record.body) as { Records?: S3EventRecord[]; Event?: string };
  if (!body.Records) return []; // s3:TestEvent when the notification is configured
  return body.Records.filter((item) => item.eventName.startsWith("ObjectCreated:")).map((item) => ({
    bucket: item.s3.bucket.name,
    key: decodeEventKey(item.s3.object.key),
    versionId: item.s3.object.versionId ?? null,
    size: item.s3.object.size,
    eventTime: item.eventTime,
    sequencer: item.s3.object.sequencer,
  }));
}

/**
 * The order of uploads of one department and year: event time, then S3's sequencer (a hex number,
 * compared after left-padding). A later upload always has a greater order; the same event, the same.
 */
export function uploadOrder(event: Pick<UploadEvent, "eventTime" | "sequencer">): string {
  const time = new Date(event.eventTime).getTime();
  const millis = Number.isFinite(time) ? time : 0;
  return `${String(millis).padStart(15, "0")}-${event.sequencer.toUpperCase().padStart(32, "0")}`;
}
