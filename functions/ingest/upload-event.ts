import type { S3EventRecord, SQSRecord } from "aws-lambda";

/**
 * One object-created event as a queue message claims it, the key decoded. Claims only: trusted-upload.ts
 * checks them against S3 before anything is ordered or published.
 */
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
