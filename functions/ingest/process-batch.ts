import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { isFolderMarker, OBJECT_PREFIX } from "../storage-layout";
import { type IngestOutcome, ingestUpload } from "./ingest-upload";
import type { IngestPorts } from "./ports";
import { trustUpload } from "./trusted-upload";
import { uploadEvents } from "./upload-event";

export interface BatchObserver {
  outcome(outcome: IngestOutcome): void;
  /** A message named an object S3 never wrote (or another bucket): refused and recorded, nothing done. */
  refused?(key: string): void;
  /** An object that is no upload (a folder marker): nothing recorded, nobody mailed. */
  ignored?(key: string, why: string): void;
  failure(messageId: string, error: unknown): void;
}

/**
 * An SQS batch of S3 event notifications: each message processed on its own, its claims checked against
 * S3 first, failures reported as partial batch failures so only they are retried (and, after a few
 * tries, dead-lettered).
 */
export async function processBatch(
  ports: IngestPorts,
  event: SQSEvent,
  observer?: BatchObserver,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      for (const upload of uploadEvents(record)) {
        if (!upload.key.startsWith(OBJECT_PREFIX.uploads)) continue;
        if (isFolderMarker(upload.key)) {
          observer?.ignored?.(upload.key, "folder marker");
          continue;
        }
        const trusted = await trustUpload(ports, upload);
        if (!trusted) {
          observer?.refused?.(upload.key);
          continue;
        }
        const outcome = await ingestUpload(ports, trusted);
        observer?.outcome(outcome);
      }
    } catch (error) {
      observer?.failure(record.messageId, error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
