/**
 * The ingest queue's dead-letter queue: where an upload's event lands after failing `maxReceiveCount` times,
 * kept as long as SQS allows so the operator has time to fix the cause and run `gongkai redrive`. Its own
 * construct, apart from `IngestQueue`, so it keeps the logical id it was first deployed under: a new id
 * would replace the queue and drop the messages waiting for redrive.
 */
import { Duration } from "aws-cdk-lib";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { MAIN_RESOURCE } from "./main-resource";

/** Failed upload events awaiting `gongkai redrive`. */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new Queue(this, MAIN_RESOURCE, {
      // SSE-SQS: encrypted at rest without a key policy to maintain (S3 cannot publish to a queue encrypted
      // with the AWS-managed aws/sqs key, and nothing here needs per-key access control).
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Longest possible: a message keeps its original enqueue time in the DLQ.
      retentionPeriod: Duration.days(14),
    });
  }
}
