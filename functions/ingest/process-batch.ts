import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
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

/** How long a batch and each of its messages may take, and how many run at once. */
export interface BatchLimits {
  /** Epoch milliseconds by which the batch answers, finished or not (below the Lambda's timeout). */
  deadlineAt?: number;
  /** The most one message may take before it is given up on (and retried on its own). */
  messageBudgetMs?: number;
  /** Messages processed at once (default 1). */
  concurrency?: number;
}

/** A message given up on at its deadline: retried alone, its neighbours' outcomes stand. */
export class MessageDeadlineExceeded extends Error {
  override name = "MessageDeadlineExceeded";
}

/**
 * An SQS batch of S3 event notifications: each message processed on its own, its claims checked against
 * S3 first, failures reported as partial batch failures so only they are retried (and, after a few
 * tries, dead-lettered). With limits, a message still running at its deadline is reported failed and the
 * batch answers in time, so one slow upload never makes the whole invocation time out and every
 * neighbour be received again; the work given up on finishes or fails harmlessly later (every write is
 * idempotent or conditional).
 */
export async function processBatch(
  ports: IngestPorts,
  event: SQSEvent,
  observer?: BatchObserver,
  limits: BatchLimits = {},
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  const fail = (record: SQSRecord, error: unknown) => {
    observer?.failure(record.messageId, error);
    batchItemFailures.push({ itemIdentifier: record.messageId });
  };
  const queue = [...event.Records];
  const worker = async () => {
    for (let record = queue.shift(); record; record = queue.shift()) {
      const deadline = messageDeadline(limits);
      if (deadline !== undefined && deadline <= Date.now()) {
        fail(record, new MessageDeadlineExceeded("not started before the batch's deadline; will retry"));
        continue;
      }
      try {
        await withDeadline(processMessage(ports, record, observer), deadline);
      } catch (error) {
        fail(record, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limits.concurrency ?? 1) }, worker));
  return { batchItemFailures };
}

async function processMessage(
  ports: IngestPorts,
  record: SQSRecord,
  observer?: BatchObserver,
): Promise<void> {
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
}

function messageDeadline({ deadlineAt, messageBudgetMs }: BatchLimits): number | undefined {
  const own = messageBudgetMs === undefined ? undefined : Date.now() + messageBudgetMs;
  if (own === undefined) return deadlineAt;
  return deadlineAt === undefined ? own : Math.min(own, deadlineAt);
}

async function withDeadline(work: Promise<void>, deadline: number | undefined): Promise<void> {
  if (deadline === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new MessageDeadlineExceeded("still running at its deadline; will retry")),
      Math.max(0, deadline - Date.now()),
    );
  });
  // The abandoned work's own failure must not surface as an unhandled rejection.
  work.catch(() => undefined);
  try {
    await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
