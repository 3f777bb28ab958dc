import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { S3EventRecord, SQSEvent } from "aws-lambda";
import { composeQueues } from "../compose";
import type { UploadRecord } from "../ingest/ports";
import { processBatch } from "../ingest/process-batch";
import type { Target } from "./target";

/**
 * Replays an upload's S3 event in its own place in the order (its event time and sequencer), so that
 * reprocessing an old upload never makes it newer than what was published after it. On AWS the event
 * goes to the ingest queue; locally this process runs the same batch handler against the local stack.
 */
export function eventOf(record: UploadRecord, bucket: string, region: string): S3EventRecord {
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: region,
    eventTime: record.uploadedAt,
    eventName: "ObjectCreated:Put",
    userIdentity: { principalId: "gongkai-replay" },
    requestParameters: { sourceIPAddress: "127.0.0.1" },
    responseElements: { "x-amz-request-id": "replay", "x-amz-id-2": "replay" },
    s3: {
      s3SchemaVersion: "1.0",
      configurationId: "gongkai-replay",
      bucket: { name: bucket, ownerIdentity: { principalId: "gongkai" }, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: encodeURIComponent(record.key).replace(/%2F/g, "/").replace(/%20/g, "+"),
        size: record.size,
        eTag: "",
        ...(record.versionId ? { versionId: record.versionId } : {}),
        sequencer: record.sequencer,
      },
    },
  };
}

/** Replays the events' messages: onto the ingest queue on AWS, through the batch handler locally. */
export async function replay(t: Target, bodies: string[]): Promise<{ failed: number }> {
  if (!t.ingest) {
    const queueUrl = t.env.queueUrl;
    if (!queueUrl)
      throw new Error("set GONGKAI_QUEUE_URL to the ingest queue's URL (the stack's IngestQueueUrl output)");
    const queues = composeQueues(t.env.aws);
    try {
      for (const body of bodies)
        await queues.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    } finally {
      queues.close();
    }
    return { failed: 0 };
  }
  const event: SQSEvent = {
    Records: bodies.map((body, i) => ({
      messageId: `replay-${i}`,
      receiptHandle: "",
      body,
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: String(Date.now()),
        SenderId: "gongkai",
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "local",
      awsRegion: "us-east-1",
    })),
  };
  const result = await processBatch(t.ingest, event);
  return { failed: result.batchItemFailures.length };
}
