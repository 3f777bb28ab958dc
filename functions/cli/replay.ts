import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { S3EventRecord, SQSEvent } from "aws-lambda";
import { ingestPorts } from "../ingest/compose";
import type { UploadRecord } from "../ingest/ports";
import { processBatch } from "../ingest/process-batch";
import { localConfig } from "../local/stack";
import type { Target } from "./target";

/**
 * Replays an upload's S3 event in its own place in the order (its event time and sequencer), so that
 * reprocessing an old upload never makes it newer than what was published after it. On AWS the event
 * goes to the ingest queue; locally this process runs the same batch handler against the local stack.
 */
export function eventOf(record: UploadRecord, bucket: string): S3EventRecord {
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: process.env.AWS_REGION ?? "us-east-1",
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

export async function replay(t: Target, bodies: string[]): Promise<{ failed: number }> {
  if (t.kind === "aws") {
    const queueUrl = process.env.GONGKAI_QUEUE_URL;
    if (!queueUrl)
      throw new Error("set GONGKAI_QUEUE_URL to the ingest queue's URL (the stack's IngestQueueUrl output)");
    const sqs = new SQSClient({});
    try {
      for (const body of bodies)
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    } finally {
      sqs.destroy();
    }
    return { failed: 0 };
  }
  const ports = ingestPorts(localConfig(t.feedUrl ?? ""), t.clients);
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
  const result = await processBatch(ports, event);
  return { failed: result.batchItemFailures.length };
}
