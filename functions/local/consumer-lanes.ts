import { randomUUID } from "node:crypto";
import type { SQSEvent } from "aws-lambda";
import { claimedDepartment } from "../storage-layout";
import { decodeS3Key, LOCAL_REGION, type S3EventRecord } from "./servers";

/** The local stack's consumers: which one handles an upload, in what envelope, and one-at-a-time jobs. */

/**
 * Which consumer handles an upload: one per department (by its id's hash), so a department's uploads are
 * handled one after another in the order S3 took them while other departments' go on beside them.
 */
export function laneOf(record: S3EventRecord, lanes: number): number {
  const department = claimedDepartment(decodeS3Key(record.s3.object.key)) ?? "";
  let hash = 0;
  for (const char of department) hash = (Math.imul(hash, 31) + char.codePointAt(0)!) | 0;
  return Math.abs(hash) % lanes;
}

/** The SQS message S3 → SQS would deliver for this record. */
export function sqsEnvelope(record: S3EventRecord): SQSEvent {
  const body = JSON.stringify({ Records: [record] });
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body,
        attributes: {
          ApproximateReceiveCount: "1",
          SentTimestamp: String(Date.now()),
          SenderId: "s3",
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:gongkai-ingest",
        awsRegion: LOCAL_REGION,
      },
    ],
  };
}

/** A job run one at a time: a call while one runs waits for it, then runs again. */
export function serialized<T>(job: () => Promise<T>): (() => Promise<T>) & { idle: () => Promise<void> } {
  let last: Promise<unknown> = Promise.resolve();
  const run = () => {
    const next = last.catch(() => {}).then(job);
    last = next;
    return next;
  };
  return Object.assign(run, {
    idle: () =>
      last.then(
        () => {},
        () => {},
      ),
  });
}
